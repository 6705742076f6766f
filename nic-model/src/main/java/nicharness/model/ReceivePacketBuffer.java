package nicharness.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The receive packet buffer of one port (datasheet 7.1.2, sized by RXPBSIZE, 8.2.3.8.9): the
 * on-chip memory frames wait in between the MAC and the receive DMA. Without DCB there is one
 * buffer, 512 KiB, for traffic class 0 (4.6.11.3.1), which every driver of ours keeps.
 *
 * <p>What it changes: a frame that finds no free descriptor on a queue without SRRCTL.DROP_EN is
 * not lost; it waits here until the driver moves RDT, and only a frame that does not fit in the
 * buffer is missed (MPC). About 0.3 to 0.4 ms of minimum-size frames at 10 Gb/s fit, so a driver
 * that keeps DROP_EN off (DPDK's default) rides out a short stall of its thread; a driver that sets
 * DROP_EN (TinyNF, ixy) loses the frames at the queue (QPRDC) instead, as on the card.
 *
 * <p>[MODEL] The datasheet does not give the buffer's internal layout. A frame occupies its bytes
 * with FCS rounded up to 16 bytes plus 16 bytes of receive status ({@link #occupancy}): 80 bytes
 * for a minimum-size frame, 6,553 of them in 512 KiB (0.44 ms at 10 Gb/s). The frames' bytes are
 * kept in a private ring of {@link #STORAGE_BYTES}, allocated the first time a frame waits; nothing
 * is allocated per frame.
 *
 * <p>One thread: the one that runs the receive engine.
 */
final class ReceivePacketBuffer {
    /** Largest buffer the card has: RXPBSIZE.SIZE can say up to 1023 KiB, the card holds 512 KiB. */
    static final int MAX_BYTES = 512 * 1024;
    /** Storage for the waiting frames' bytes: the largest occupancy plus a largest frame of slack for wrapping. */
    static final int STORAGE_BYTES = 2 * MAX_BYTES;
    /** Most frames that can wait: 512 KiB of minimum-size frames (80 bytes each), rounded up to a power of two. */
    static final int MAX_FRAMES = 8192;

    private MemorySegment storage;
    private final long[] offsets = new long[MAX_FRAMES];
    private final int[] lengths = new int[MAX_FRAMES];
    private int head;
    private int count;
    private long writePosition;
    /** Bytes the waiting frames occupy ({@link #occupancy} each). */
    private long occupied;

    /** What a frame of {@code length} bytes without FCS occupies in the buffer [MODEL]. */
    static int occupancy(final int length) {
        return ((length + 4 + 15) & ~15) + 16;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Frames waiting. */
    int frames() {
        return count;
    }

    /** Bytes the waiting frames occupy. */
    long occupied() {
        return occupied;
    }

    /**
     * Stores a frame if it fits in {@code capacity} bytes (RXPBSIZE), behind the frames already waiting.
     *
     * @return whether it fit; if not, the frame is missed (MPC)
     */
    boolean offer(final MemorySegment frame, final long offset, final int length, final long capacity) {
        final int charge = occupancy(length);
        if (occupied + charge > Math.min(capacity, MAX_BYTES) || count == MAX_FRAMES) {
            return false;
        }
        if (storage == null) {
            storage = Arena.ofAuto().allocate(STORAGE_BYTES, 64); // once per port, the first time a frame waits
        }
        if (writePosition + length > STORAGE_BYTES) {
            writePosition = 0; // the occupancy bound keeps the waiting frames' bytes clear of this
        }
        MemorySegment.copy(frame, offset, storage, writePosition, length);
        final int slot = (head + count) & (MAX_FRAMES - 1);
        offsets[slot] = writePosition;
        lengths[slot] = length;
        writePosition += (length + 63) & ~63;
        count++;
        occupied += charge;
        return true;
    }

    /** The bytes of the oldest waiting frame: {@link #headOffset()} in this segment. */
    MemorySegment storage() {
        return storage;
    }

    long headOffset() {
        return offsets[head];
    }

    int headLength() {
        return lengths[head];
    }

    /** The oldest frame has left (written to host memory, or dropped). */
    void remove() {
        occupied -= occupancy(lengths[head]);
        head = (head + 1) & (MAX_FRAMES - 1);
        count--;
        if (count == 0) {
            writePosition = 0;
        }
    }

    void clear() {
        head = 0;
        count = 0;
        occupied = 0;
        writePosition = 0;
    }
}
