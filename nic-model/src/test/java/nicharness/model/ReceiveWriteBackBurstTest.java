package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nicharness.env.IdleStrategy;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On an engine thread the receive engine writes back per burst: the frames a tester injects in
 * one call of the idle strategy get their RDH and their DD together, at the start of the next
 * pass, as a card writes back a cache line of descriptors at a time; at most
 * {@link ReceiveEngine#PENDING_MAX} wait. Deterministic: every step runs on the engine thread, in
 * its order (inject, look, next pass, look), and nothing else touches the port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReceiveWriteBackBurstTest {
    private static final int RING = 128;

    @Test
    void theFramesOfOneBurstAreWrittenBackTogetherAtTheNextPass() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().port(0).mode(DrivingMode.THREADED)
                .strict(true).build();
        final RegisterSpace regs = nic.registers();
        Fixture.bringUp(regs);
        final Fixture.Ring ring = fixture.new Ring(RING);
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        final byte[] frame = Fixture.frame(60, 1);
        final Tester tester = new Tester(nic, ring, frame);
        try (EngineThread engine = new EngineThread("burst-test", tester, nic)) {
            engine.start();
            tester.go = true;
            assertTrue(tester.done.await(30, TimeUnit.SECONDS), "the engine thread ran the tester's steps");
        }
        try {
            assertEquals("after 3 frames: RDH 0, DD on 0 of them", tester.afterFirstBurst);
            assertEquals("next pass: RDH 3, DD on 3 of them", tester.nextPass);
            // 66 frames in one call: the 65th finds 64 waiting and publishes them (descriptors 3 to
            // 66), the last two wait.
            assertEquals("after 66 more: RDH 67, DD on 64 of them", tester.afterLongBurst);
            nic.faults().assertNone();
        } finally {
            nic.close();
            fixture.host.close();
        }
    }

    /** Injects from the engine thread, and looks at the ring between passes. */
    private static final class Tester implements IdleStrategy {
        private final NicModel nic;
        private final Fixture.Ring ring;
        private final byte[] frame;
        final CountDownLatch done = new CountDownLatch(1);
        volatile boolean go;
        private int step;
        volatile String afterFirstBurst;
        volatile String nextPass;
        volatile String afterLongBurst;

        Tester(final NicModel nic, final Fixture.Ring ring, final byte[] frame) {
            this.nic = nic;
            this.ring = ring;
            this.frame = frame;
        }

        @Override
        public void idle(final int workCount) {
            if (!go || step > 1) {
                return;
            }
            if (step == 0) {
                inject(3);
                afterFirstBurst = "after 3 frames: " + look(0, 3);
            } else {
                nextPass = "next pass: " + look(0, 3);
                inject(66);
                afterLongBurst = "after 66 more: " + look(3, 66);
                done.countDown();
            }
            step++;
        }

        private void inject(final int frames) {
            for (int i = 0; i < frames; i++) {
                assertTrue(nic.receiveFromWire(frame));
            }
        }

        /** RDH, and how many of the {@code count} descriptors from {@code first} have DD. */
        private String look(final int first, final int count) {
            int done = 0;
            for (int i = first; i < first + count; i++) {
                done += LegacyRxDescriptor.done(ring.qword1(i)) ? 1 : 0;
            }
            return "RDH " + nic.registers().read(Regs.RDH(0)) + ", DD on " + done + " of them";
        }
    }
}
