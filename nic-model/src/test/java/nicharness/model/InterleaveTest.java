package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;

/**
 * Seeded interleaving ({@link NicModel.Builder#interleave}): an ordering bug that a card that
 * finishes inside the doorbell never shows, the engines acting between the driver's accesses show,
 * the same way for the same seed.
 */
class InterleaveTest {
    private static final int N = 64;

    /** What one run of the doorbell-before-descriptor driver left: the first fault's kind and context, and frames sent. */
    private record Outcome(List<Fault> faults, int sent) {
    }

    /**
     * A driver that rings the doorbell before it writes the descriptor it hands over (the
     * descriptors still hold the previous lap's frames, so a card that reads them at once sends
     * stale but valid frames and sees nothing wrong).
     */
    private static Outcome doorbellBeforeDescriptor(final NicModel.Builder builder, final Fixture fixture) {
        final NicModel nic = builder.port(0).instantResetAndLink().strict(true).build();
        try {
            final CountingSink sink = new CountingSink();
            nic.connect(sink);
            final RegisterSpace regs = nic.registers();
            Fixture.bringUp(regs);
            final Fixture.Ring ring = fixture.new Ring(N);
            for (int i = 0; i < N; i++) {
                ring.setQword1(i, LegacyTxDescriptor.command(60, false)); // the previous lap's frames
            }
            Fixture.setUpTransmit(regs, 0, ring, 0, 0);
            for (int i = 0; i < N - 1; i++) {
                regs.write(Regs.TDT(0), i + 1);                               // the doorbell first...
                ring.setQword1(i, LegacyTxDescriptor.command(64, false));     // ...then the descriptor
                regs.read(Regs.TDH(0));                                       // the driver looks at the card
            }
            nic.step();
            return new Outcome(nic.faults().all(), (int) sink.count());
        } finally {
            nic.close();
        }
    }

    @Test
    void aDescriptorWrittenAfterItsDoorbellShowsOnlyWhenTheEnginesActBetweenAccesses() {
        final Fixture fixture = new Fixture();
        try {
            final Outcome synchronous = doorbellBeforeDescriptor(
                    NicModel.builder(fixture.host).mode(DrivingMode.SYNCHRONOUS), fixture);
            assertEquals(List.of(), synchronous.faults(), "the card read each descriptor inside its doorbell");
            final Outcome interleaved = doorbellBeforeDescriptor(
                    NicModel.builder(fixture.host).mode(DrivingMode.DEFERRED).interleave(7), fixture);
            assertTrue(!interleaved.faults().isEmpty(), "interleaving shows the bug");
            assertEquals(FaultKind.DESCRIPTOR_CHANGED_WHILE_OWNED, interleaved.faults().get(0).kind(),
                    interleaved.faults().toString());
        } finally {
            fixture.host.close();
        }
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        final Outcome first = interleavedRun(42);
        final Outcome second = interleavedRun(42);
        assertEquals(first.faults().toString(), second.faults().toString());
        assertEquals(first.sent(), second.sent());
        assertEquals(first.faults().toString(), interleavedRun(42).faults().toString());
    }

    /** One interleaved run on fresh host memory (so that addresses in the faults' context repeat too). */
    private static Outcome interleavedRun(final long seed) {
        final Fixture fixture = new Fixture();
        try {
            return doorbellBeforeDescriptor(NicModel.builder(fixture.host).mode(DrivingMode.DEFERRED).interleave(seed),
                    fixture);
        } finally {
            fixture.host.close();
        }
    }

    @Test
    void interleavingNeedsDeferredMode() {
        final Fixture fixture = new Fixture();
        try {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    NicModel.builder(fixture.host).mode(DrivingMode.SYNCHRONOUS).interleave(1).build());
            assertTrue(e.getMessage().contains("DEFERRED"), e.getMessage());
        } finally {
            fixture.host.close();
        }
    }
}
