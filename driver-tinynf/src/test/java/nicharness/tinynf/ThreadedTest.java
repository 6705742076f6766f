package nicharness.tinynf;

import static nicharness.tinynf.TestBed.assertInOrderExactlyOnce;
import static nicharness.tinynf.TestBed.range;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import nicharness.ixgbe.Regs;
import nicharness.model.DrivingMode;
import nicharness.env.IdleStrategy;
import nicharness.model.EngineThread;
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
                        // One loop per port: retrying both when only the second was refused would
                        // inject the first frame twice.
                        while (!bed.inject(0, i)) {
                            Thread.yield(); // the injection ring is full: let the engine drain it
                        }
                        while (!bed.inject(1, 1_000_000 + i)) {
                            Thread.yield();
                        }
                    }
                    while (bed.wires[1].count() < sent + burst || bed.wires[0].count() < sent + burst) {
                        if (bed.driver.pollOnce() == 0) {
                            Thread.yield();
                        }
                    }
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
