package nicharness.tinynf;

import static nicharness.tinynf.TestBed.assertInOrderExactlyOnce;
import static nicharness.tinynf.TestBed.range;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import nicharness.ixgbe.Regs;
import nicharness.model.DrivingMode;
import nicharness.env.IdleStrategy;
import nicharness.model.EngineThread;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The driver against the card's engines on another thread: the descriptor handshake's acquire and
 * release pairs, the written-back heads and the doorbells, under real concurrency. Bursts are kept
 * below what the ring holds, so nothing may be dropped and the order is fully known.
 */
class ThreadedTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void bothDirectionsForwardEverythingInOrderWithTheEnginesOnAnotherThread() {
        try (TestBed bed = new TestBed(2, DrivingMode.THREADED)) {
            bed.open(new TestBed.CrossPorts());
            try (EngineThread engines = new EngineThread("tinynf-test-engines", IdleStrategy.YIELD, bed.cards)) {
                engines.start();
                final int count = 6_000;
                final int burst = 200;
                for (int sent = 0; sent < count; sent += burst) {
                    for (int i = sent; i < sent + burst; i++) {
                        // One wait per port: retrying both when only the second was refused would
                        // inject the first frame twice.
                        final int frame = i;
                        Wait.until("room to inject frame " + i + " on port 0", Wait.DEFAULT,
                                () -> bed.inject(0, frame), () -> "port 1 sent " + bed.wires[1].count());
                        Wait.until("room to inject frame " + i + " on port 1", Wait.DEFAULT,
                                () -> bed.inject(1, 1_000_000 + frame), () -> "port 0 sent " + bed.wires[0].count());
                    }
                    final int expected = sent + burst;
                    Wait.until(expected + " frames sent on each port", Wait.DEFAULT,
                            () -> bed.wires[1].count() >= expected && bed.wires[0].count() >= expected,
                            () -> "port 1 sent " + bed.wires[1].count() + ", port 0 sent " + bed.wires[0].count()
                                    + ", dropped " + bed.cards[0].readStatistic(Regs.QPRDC(0)) + " and "
                                    + bed.cards[1].readStatistic(Regs.QPRDC(0)),
                            () -> {
                                if (bed.driver.pollOnce() == 0) {
                                    Thread.yield();
                                }
                            });
                }
                assertInOrderExactlyOnce(range(0, count), bed.sent(1), "port 0 to port 1");
                assertInOrderExactlyOnce(range(1_000_000, 1_000_000 + count), bed.sent(0), "port 1 to port 0");
                assertEquals(0, bed.cards[0].readStatistic(Regs.QPRDC(0)));
                assertEquals(0, bed.cards[1].readStatistic(Regs.QPRDC(0)));
            }
            bed.assertNoFaults();
        }
    }
}
