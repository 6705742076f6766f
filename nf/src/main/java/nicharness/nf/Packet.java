package nicharness.nf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A reusable view of one frame in a driver's buffer: the memory, where the frame starts, its
 * length and how far it may grow. A driver keeps one {@code Packet} and re-points it at each
 * frame with {@link #wrap}, so processing allocates nothing.
 *
 * <p>Accessors take offsets relative to the start of the frame; multi-byte fields are in network
 * byte order (big-endian), as on the wire. They check bounds against the frame's current length:
 * an NF must test {@link #length()} before reading a header, and an access past the end is a bug in
 * the NF, reported with an exception in tests rather than a silent read of the next frame.
 */
public final class Packet {
    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private MemorySegment memory = MemorySegment.NULL;
    private long start;
    private int length;
    private int capacity;

    /**
     * Points this view at a frame.
     *
     * @param memory   the segment that holds the buffer
     * @param start    the offset of the frame's first byte in {@code memory}
     * @param length   the frame's length in bytes, without FCS
     * @param capacity the most bytes the frame may grow to in this buffer (at least {@code length})
     * @return this
     */
    public Packet wrap(final MemorySegment memory, final long start, final int length, final int capacity) {
        // A driver's buffers are one segment (TinyNF) or a few (a pool's regions): storing the same
        // reference again would cost the GC's card mark on every packet, where C passes a pointer.
        if (this.memory != memory) {
            this.memory = memory;
        }
        this.start = start;
        this.length = length;
        this.capacity = capacity;
        return this;
    }

    /**
     * Points this view at another frame in the same memory, with the same capacity: for a driver
     * whose buffers are one segment of equal buffers (TinyNF's agent), two stores per packet
     * instead of {@link #wrap}'s four and a compare.
     *
     * @param start  the offset of the frame's first byte in {@link #memory()}
     * @param length the frame's length in bytes, without FCS, at most {@link #capacity()}
     * @return this
     */
    public Packet moveTo(final long start, final int length) {
        this.start = start;
        this.length = length;
        return this;
    }

    /** The frame's length in bytes. */
    public int length() {
        return length;
    }

    /** How many bytes the frame may hold in its buffer. */
    public int capacity() {
        return capacity;
    }

    /**
     * Changes the frame's length (the driver sends this many bytes).
     *
     * @throws IndexOutOfBoundsException if {@code newLength} is negative or above {@link #capacity()}
     */
    public void setLength(final int newLength) {
        if (newLength < 0 || newLength > capacity) {
            throw new IndexOutOfBoundsException("frame length must be in [0, " + capacity + "]: length=" + newLength);
        }
        length = newLength;
    }

    /** The segment holding the frame, for NFs that read with their own layouts. */
    public MemorySegment memory() {
        return memory;
    }

    /** The offset of the frame's first byte in {@link #memory()}. */
    public long start() {
        return start;
    }

    private long at(final int offset, final int size) {
        if (offset < 0 || offset > length - size) {
            throw new IndexOutOfBoundsException("access of " + size + " bytes at offset " + offset
                    + " outside a frame of length " + length);
        }
        return start + offset;
    }

    /** The unsigned byte at {@code offset}. */
    public int getU8(final int offset) {
        return memory.get(ValueLayout.JAVA_BYTE, at(offset, 1)) & 0xFF;
    }

    /** Writes the low 8 bits of {@code value} at {@code offset}. */
    public void setU8(final int offset, final int value) {
        memory.set(ValueLayout.JAVA_BYTE, at(offset, 1), (byte) value);
    }

    /** The unsigned big-endian 16-bit field at {@code offset}. */
    public int getU16(final int offset) {
        return memory.get(U16_BE, at(offset, 2)) & 0xFFFF;
    }

    /** Writes the low 16 bits of {@code value} at {@code offset}, big-endian. */
    public void setU16(final int offset, final int value) {
        memory.set(U16_BE, at(offset, 2), (short) value);
    }

    /** The unsigned big-endian 32-bit field at {@code offset}, as a long. */
    public long getU32(final int offset) {
        return memory.get(U32_BE, at(offset, 4)) & 0xFFFF_FFFFL;
    }

    /** Writes the low 32 bits of {@code value} at {@code offset}, big-endian. */
    public void setU32(final int offset, final long value) {
        memory.set(U32_BE, at(offset, 4), (int) value);
    }

    /**
     * The unsigned big-endian 48-bit field at {@code offset} (a MAC address: the first byte on the
     * wire is bits 47..40), as a long.
     */
    public long getU48(final int offset) {
        final long address = at(offset, 6);
        return (memory.get(U16_BE, address) & 0xFFFFL) << 32 | memory.get(U32_BE, address + 2) & 0xFFFF_FFFFL;
    }

    /** Writes the low 48 bits of {@code value} at {@code offset}, big-endian (a MAC address). */
    public void setU48(final int offset, final long value) {
        final long address = at(offset, 6);
        memory.set(U16_BE, address, (short) (value >>> 32));
        memory.set(U32_BE, address + 2, (int) value);
    }
}
