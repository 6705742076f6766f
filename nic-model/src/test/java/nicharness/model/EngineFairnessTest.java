package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import nicharness.env.IdleStrategy;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine thread serves transmit and receive fairly: a tester injecting on the engine thread
 * at overload (every pass a burst, more than the receive ring can take) must not starve the
 * transmit side. Measured in passes of the engine thread, not in time, so the verdict does not
 * depend on how busy the machine is: each pass transmits a full burst while descriptors wait.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineFairnessTest {
    private static final int RING = 1024;
    /** Descriptors handed over per doorbell: eight transmit bursts of the engine thread. */
    private static final int HANDED_OVER = 512;
    /** What one pass of the engine thread transmits per queue at most (NicModel's transmit burst). */
    private static final int TRANSMIT_BURST = 64;
    /** Frames the flooding tester injects per pass: twice the receive ring, so most are dropped. */
    private static final int INJECTED_PER_PASS = 128;

    /**
     * A tester that floods the port on the engine thread after every pass, and notes, on the same
     * thread, the first and the last pass of a handed-over batch's transmission: the verdict is the
     * engine's alone, however late the test's thread sees it.
     */
    private static final class Flood implements IdleStrategy {
        private final byte[] frame = Fixture.frame(60, 0);
        private final CountingSink sink;
        volatile NicModel port;
        private long passes;
        // The batch under watch: frames transmitted before it, and the count that ends it.
        private volatile long start;
        private volatile long target = Long.MAX_VALUE;
        private volatile long firstPass = -1;
        private volatile long lastPass = -1;

        Flood(final CountingSink sink) {
            this.sink = sink;
        }

        /** Watches the next {@code frames} transmitted frames (call before the doorbell). */
        void watch(final long frames) {
            firstPass = -1;
            lastPass = -1;
            start = sink.count();
            target = start + frames;
        }

        @Override
        public void idle(final int workCount) {
            final long pass = passes++;
            final long sent = sink.count();
            if (firstPass < 0 && sent > start) {
                firstPass = pass;
            }
            if (lastPass < 0 && sent >= target) {
                lastPass = pass;
            }
            final NicModel p = port;
            if (p != null) {
                for (int i = 0; i < INJECTED_PER_PASS; i++) {
                    p.receiveFromWire(frame);
                }
            }
        }
    }

    @Test
    void injectionAtOverloadDoesNotStarveTransmit() {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.THREADED)
                .strict(false).build();
        final CountingSink sink = new CountingSink();
        final Flood flood = new Flood(sink);
        nic.connect(sink);
        final EngineThread engine = new EngineThread("fairness-engine", flood, nic);
        engine.start();
        try {
            Fixture.bringUp(nic.registers());
            final var regs = nic.registers();
            // Receive: a small ring nobody recycles, DROP_EN: at overload from the first pass on.
            Fixture.setUpReceive(regs, 0, fixture.new Ring(64), Regs.SRRCTL_.DESCTYPE_LEGACY, true);
            final Fixture.Ring transmit = fixture.new Ring(RING);
            for (int i = 0; i < RING; i++) {
                transmit.fill(i, Fixture.frame(60, i));
                transmit.setQword1(i, LegacyTxDescriptor.command(60, false));
            }
            Fixture.setUpTransmit(regs, 0, transmit, 0, 0);
            flood.port = nic;
            Wait.until("the flood to overload the receive queue", Wait.DEFAULT,
                    () -> nic.readStatistic(Regs.QPRDC(0)) > 0, () -> "QPRDC still 0", Thread::onSpinWait);
            int tail = 0;
            for (int round = 0; round < 6; round++) {
                flood.watch(HANDED_OVER);
                tail = (tail + HANDED_OVER) % RING;
                regs.write(Regs.TDT(0), tail);
                Wait.until("the " + HANDED_OVER + " frames of round " + round + " to leave", Wait.DEFAULT,
                        () -> flood.lastPass >= 0, () -> "sent " + (sink.count() - flood.start), Thread::onSpinWait);
                final long passes = flood.lastPass - flood.firstPass + 1;
                final long fair = HANDED_OVER / TRANSMIT_BURST + 1; // one pass of slack
                assertTrue(passes <= fair, "round " + round + ": " + HANDED_OVER + " descriptors took " + passes
                        + " passes of the engine thread while the tester flooded the port (a fair engine: at most "
                        + fair + ", a burst of " + TRANSMIT_BURST + " per pass)");
            }
            assertEquals(6L * HANDED_OVER, sink.count());
            assertTrue(nic.readStatistic(Regs.QPRDC(0)) > 6L * HANDED_OVER, "the receive side was overloaded");
        } finally {
            engine.close();
            nic.close();
            fixture.host.close();
        }
    }
}
