package nicharness.model;

import static nicharness.ixgbe.Descriptor.QWORD;

import java.lang.foreign.MemorySegment;
import nicharness.ixgbe.Descriptor;

/**
 * What the model keeps of one descriptor queue, receive or transmit, besides its registers: the
 * ring as it was when ENABLE went to 1 (a ring cannot move while enabled), the strict-mode state
 * of its doorbell, and the ownership audit's snapshot. Heads and tails stay in the register file,
 * which is the truth.
 */
abstract class DescriptorQueue {
    final int index;

    /** Whether the queue runs; written by the driver's thread (ENABLE), read by the engine. */
    volatile boolean enabled;
    /** Offset of descriptor 0 in host memory's segment; -1 if the ring is unusable. */
    long ringOffset = -1;
    /** Ring size N in descriptors. */
    int size;
    /** Physical address of descriptor 0. */
    long ringAddress;
    /** For {@link FaultKind#TAIL_BEFORE_ENABLE}: whether the driver has read ENABLE back as 1. */
    boolean enableSeen;
    /** Reads of RXDCTL/TXDCTL left before ENABLE reads back (settle delay test hook). */
    int enableReadsLeft;
    /**
     * Ownership audit ({@link FaultKind#DESCRIPTOR_CHANGED_WHILE_OWNED}): each descriptor's two
     * words when a doorbell handed it over.
     */
    long[] snapshot;
    /** Tail seen by the last doorbell (intercepted, or observed in a file-backed register file). */
    int lastSeenTail;

    DescriptorQueue(final int index) {
        this.index = index;
    }

    /**
     * Descriptors from index {@code from} up to, not including, {@code to}, both in [0, size):
     * {@code Math.floorMod(to - from, size)} without its division, which the engines paid per
     * descriptor.
     */
    final int ahead(final int from, final int to) {
        final int d = to - from;
        return d < 0 ? d + size : d;
    }

    /** A device reset: disabled, no ring. */
    void reset() {
        enabled = false;
        ringOffset = -1;
        size = 0;
        ringAddress = 0;
        enableSeen = false;
        enableReadsLeft = 0;
        snapshot = null;
        lastSeenTail = 0;
    }

    /** Copies descriptors [from, to) of the ring, in host memory {@code memory}, into the snapshot (at a doorbell). */
    final void snapshot(final MemorySegment memory, final int from, final int to) {
        final long[] words = snapshot;
        if (words == null || ringOffset < 0) {
            return;
        }
        for (int i = from; i != to; i = i + 1 == size ? 0 : i + 1) {
            final long descriptor = ringOffset + Descriptor.offset(i);
            words[2 * i] = (long) QWORD.get(memory, descriptor + Descriptor.QWORD0);
            words[2 * i + 1] = (long) QWORD.get(memory, descriptor + Descriptor.QWORD1);
        }
    }

    /** Whether descriptor {@code i} no longer holds the words its doorbell handed over (false when no audit runs). */
    final boolean changedSinceDoorbell(final int i, final long word0, final long word1) {
        final long[] words = snapshot;
        return words != null && (word0 != words[2 * i] || word1 != words[2 * i + 1]);
    }

    /** The fault context of a descriptor that {@link #changedSinceDoorbell changed}. */
    final String describeChange(final String engine, final int i, final long word0, final long word1) {
        final long[] words = snapshot;
        return String.format("engine=%s queue=%d descriptor=%d qword0=0x%x (was 0x%x) qword1=0x%x (was 0x%x)",
                engine, index, i, word0, words[2 * i], word1, words[2 * i + 1]);
    }
}
