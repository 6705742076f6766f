package nicharness.tinynf;

import static nicharness.tinynf.TestBed.assertInOrderExactlyOnce;
import static nicharness.tinynf.TestBed.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Regs;
import nicharness.model.DrivingMode;
import nicharness.model.NicModel;
import nicharness.nf.NetworkFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One of two outputs stalls while the other runs (osdi20 {@code code/net/82599/ixgbe.c:1366-1379}): the
 * receive tail never passes the slowest output, so the card never receives into a buffer that
 * output still has to send (the model's conflict detector stays silent, and the test checks the
 * ranges itself after every poll); when the output comes back, everything it owed leaves, and
 * forwarding goes on.
 *
 * <p>With osdi20's choice of the slowest head (see {@link Agent}), the synchronous variants fail
 * after 64 packets: the receive tail follows the output that keeps up, and the card is given
 * buffers queued on the stalled one. (In deferred mode the heads move only when the test steps the
 * engines, after the recycle, so a caught-up head never equals the delimiter there.)
 */
class StalledOutputTest {
    /** A quarter of the paper's ring: the same rules, a quarter of the model's strict-mode work. */
    private static final int RING = 256;

    /** How the output on port 2 stalls. */
    enum Stall {
        TRANSMIT_HELD(DrivingMode.SYNCHRONOUS),
        LINK_DOWN(DrivingMode.SYNCHRONOUS),
        TRANSMIT_HELD_DEFERRED(DrivingMode.DEFERRED);

        final DrivingMode mode;

        Stall(final DrivingMode mode) {
            this.mode = mode;
        }

        void apply(final NicModel card, final boolean stalled) {
            if (this == LINK_DOWN) {
                card.setLinkUp(!stalled);
            } else {
                card.holdTransmit(stalled);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Stall.class)
    void theReceiveTailNeverPassesTheSlowestOutput(final Stall stall) {
        try (TestBed bed = new TestBed(3, stall.mode)) {
            bed.open((packet, input, now) -> NetworkFunction.FLOOD, "topology=0>1+2", "ring-size=" + RING);
            stall.apply(bed.cards[2], true);
            int sequence = 0;
            for (int chunk = 0; chunk < 2 * RING / 32; chunk++) { // two rings: it fills after one
                for (int i = 0; i < 32; i++) {
                    bed.inject(0, sequence++);
                }
                bed.pollUntilIdle();
                assertReceiveAndTransmitRangesDisjoint(bed);
            }
            final List<Integer> duringStall = bed.sent(1);
            assertEquals(RING - 1, duringStall.size(), "the card got no descriptor back while port 2 was stalled");
            assertInOrderExactlyOnce(range(0, RING - 1), duringStall, "port 1 during the stall");
            assertEquals(List.of(), bed.sent(2));
            assertEquals(sequence - (RING - 1), bed.cards[0].readStatistic(Regs.QPRDC(0)), "drops counted by the card");
            bed.assertNoFaults();

            stall.apply(bed.cards[2], false);
            bed.pollUntilIdle();
            assertInOrderExactlyOnce(duringStall, bed.sent(2), "everything port 2 owed");

            final List<Integer> after = new ArrayList<>();
            for (int chunk = 0; chunk < 3 * RING / 2 / 32; chunk++) { // one and a half rings
                for (int i = 0; i < 32; i++) {
                    after.add(sequence);
                    assertTrue(bed.inject(0, sequence++) || stall.mode == DrivingMode.DEFERRED);
                }
                bed.pollUntilIdle();
                assertReceiveAndTransmitRangesDisjoint(bed);
            }
            final List<Integer> expected = new ArrayList<>(duringStall);
            expected.addAll(after);
            assertInOrderExactlyOnce(expected, bed.sent(1), "port 1 after the stall");
            assertInOrderExactlyOnce(expected, bed.sent(2), "port 2 after the stall");
            bed.assertNoFaults();
        }
    }

    /**
     * What the conflict detector checks, from the registers: no slot is owned both by the card's
     * receive side ([RDH, RDT) of port 0) and by a transmit queue that has not sent it ([TDH, TDT)).
     */
    private static void assertReceiveAndTransmitRangesDisjoint(final TestBed bed) {
        final RegisterSpace input = bed.cards[0].registers();
        final int rdh = input.read(Regs.RDH(0));
        final int rdt = input.read(Regs.RDT(0));
        for (int port = 1; port <= 2; port++) {
            final RegisterSpace output = bed.cards[port].registers();
            final int tdh = output.read(Regs.TDH(0));
            final int tdt = output.read(Regs.TDT(0));
            for (int slot = 0; slot < RING; slot++) {
                if (owns(rdh, rdt, slot) && owns(tdh, tdt, slot)) {
                    fail("slot " + slot + " is owned for receive (RDH=" + rdh + ", RDT=" + rdt + ") and still queued"
                            + " on port " + port + " (TDH=" + tdh + ", TDT=" + tdt + ")");
                }
            }
        }
    }

    private static boolean owns(final int head, final int tail, final int slot) {
        return ((slot - head) & (RING - 1)) < ((tail - head) & (RING - 1));
    }
}
