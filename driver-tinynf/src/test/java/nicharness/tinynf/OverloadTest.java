package nicharness.tinynf;

import static nicharness.tinynf.TestBed.assertInOrderExactlyOnce;
import static nicharness.tinynf.TestBed.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;

/**
 * Frames faster than the driver polls: the card drops what it has no descriptor for and counts it
 * (DROP_EN, QPRDC), nothing is corrupted, and forwarding resumes when the load stops. And the
 * steady state allocates nothing per packet.
 */
class OverloadTest {

    @Test
    void dropsAreCountedByTheCardAndForwardingResumes() {
        try (TestBed bed = new TestBed(2)) {
            bed.open(new ForwardingTest.RewriteAndCross());
            final int offered = 3 * 1024;
            int sequence = 0;
            for (int i = 0; i < offered; i++) {
                bed.inject(0, sequence++);
            }
            assertEquals(offered - 1023, bed.cards[0].readStatistic(Regs.QPRDC(0)),
                    "the card owned 1023 descriptors and dropped the rest");
            assertEquals(1023, bed.pollUntilIdle());
            assertInOrderExactlyOnce(range(0, 1023), bed.sent(1), "the frames the card kept");
            assertArrayEquals(TestBed.frame(0, 500), unedited(bed.frames(1).get(500)), "not corrupted");

            // Overload again, while the driver polls now and then.
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 2000; i++) {
                    bed.inject(0, sequence++);
                }
                bed.pollUntilIdle();
            }
            bed.cards[0].readStatistic(Regs.QPRDC(0));

            final List<Integer> after = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                after.add(sequence);
                assertTrue(bed.inject(0, sequence++), "no drop once the load is light");
                if (i % 100 == 99) {
                    bed.pollUntilIdle();
                }
            }
            bed.pollUntilIdle();
            final List<Integer> sent = bed.sent(1);
            assertEquals(after, sent.subList(sent.size() - after.size(), sent.size()));
            assertEquals(0, bed.cards[0].readStatistic(Regs.QPRDC(0)));
            for (int i = 1; i < sent.size(); i++) {
                assertTrue(sent.get(i) > sent.get(i - 1), "in order, no duplicate, at " + i);
            }
            bed.assertNoFaults();
        }
    }

    /** The frame as injected: the NF rewrote the destination MAC. */
    private static byte[] unedited(final byte[] frame) {
        final byte[] copy = frame.clone();
        for (int i = 0; i < 6; i++) {
            copy[i] = (byte) 0xFF;
        }
        return copy;
    }

    /**
     * Both directions of the paper's set-up, with the model's synchronous engines on the same
     * thread: after a warm-up, forwarding allocates nothing (the driver, the NF call and the card).
     */
    @Test
    void theSteadyStateAllocatesNothingPerPacket() {
        try (TestBed bed = new TestBed(2)) {
            final long[] sent = new long[2];
            bed.cards[0].connect((data, offset, length) -> sent[0]++);
            bed.cards[1].connect((data, offset, length) -> sent[1]++);
            bed.open(new ForwardingTest.RewriteAndCross());
            final MemorySegment frame = Arena.ofAuto().allocate(TestBed.FRAME_LENGTH);
            MemorySegment.copy(TestBed.frame(0, 0), 0, frame, ValueLayout.JAVA_BYTE, 0, TestBed.FRAME_LENGTH);
            final ValueLayout.OfInt sequenceField = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

            final int warmUp = 50_000;
            final int measured = 200_000;
            final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = 0;
            for (int i = 0; i < warmUp + measured; i++) {
                if (i == warmUp) {
                    before = threads.getCurrentThreadAllocatedBytes();
                }
                frame.set(sequenceField, TestBed.SEQUENCE_OFFSET, i);
                bed.cards[i & 1].receiveFromWire(frame, 0, TestBed.FRAME_LENGTH);
                if ((i & 15) == 15) {
                    while (bed.driver.pollOnce() != 0) {
                        // until idle: the last poll flushes
                    }
                }
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(warmUp + measured, sent[0] + sent[1], "every frame forwarded");
            assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + measured + " packets");
            bed.assertNoFaults();
        }
    }
}
