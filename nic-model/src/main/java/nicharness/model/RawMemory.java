package nicharness.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The model's per-frame memory accesses (host memory, BAR0's register words, the frame on the
 * wire), by address through one constant segment that spans the address space, as the drivers'
 * {@code DmaWords} does and for the same reason: through a segment held in a field, every access
 * costs C2 about twenty instructions of checks (the segment's class, read-only flag, bounds,
 * alignment, and its arena's liveness and owner), and the engines made some twenty such accesses
 * per frame. Through a {@code static final} segment C2 folds them to one compare.
 *
 * <p>What it gives up: an address outside the memory is not caught here, and memory freed while
 * an engine runs is not either. So every address is a base taken once from a live segment
 * ({@link #base}) plus an offset the caller has already checked against that segment: the host
 * memory's offsets come from {@code SimulatedDmaMemory.allocatedOffset}, a register's from the
 * register map, a frame's from its length checked at the door ({@link #frameAddress}). The owner
 * keeps the segment itself in a field, so automatic memory stays reachable, and host memory is
 * freed only after the engines have stopped ({@code ModelPorts.close}: the ports, and with them their
 * engine threads, first).
 */
final class RawMemory {
    private RawMemory() {
    }

    /** Every address, as one segment: constant, so C2 folds its checks. */
    static final MemorySegment EVERYWHERE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort U16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Atomic accesses (acquire, release, opaque) need an aligned layout; its handle tests the address. */
    private static final VarHandle DWORD_ATOMIC = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle QWORD_ATOMIC = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    /**
     * The address of {@code memory}'s first byte, for accesses by address to its first
     * {@code bytes} bytes.
     *
     * @throws IllegalArgumentException if the memory is not native or is smaller than {@code bytes}
     */
    static long base(final MemorySegment memory, final long bytes) {
        if (!memory.isNative()) {
            throw new IllegalArgumentException("the model reads and writes host memory and BAR0 by address: they must"
                    + " be native memory, not " + memory);
        }
        if (memory.byteSize() < bytes) {
            throw new IllegalArgumentException("the memory holds " + memory.byteSize() + " bytes, the model needs "
                    + bytes);
        }
        return memory.address();
    }

    /**
     * The address of a frame's {@code length} bytes at {@code frame[offset]}, checked against the
     * frame's segment, or -1 if the segment is not native (a heap segment has no stable address:
     * the caller copies such a frame to native memory first).
     *
     * @throws IndexOutOfBoundsException if the bytes are not all in the segment
     */
    static long frameAddress(final MemorySegment frame, final long offset, final int length) {
        java.util.Objects.checkFromIndexSize(offset, length, frame.byteSize());
        return frame.isNative() ? frame.address() + offset : -1;
    }

    static int u8(final long address) {
        return EVERYWHERE.get(BYTE, address) & 0xFF;
    }

    static void setU8(final long address, final int value) {
        EVERYWHERE.set(BYTE, address, (byte) value);
    }

    static int u16be(final long address) {
        return EVERYWHERE.get(U16_BE, address) & 0xFFFF;
    }

    static int u16le(final long address) {
        return EVERYWHERE.get(U16_LE, address) & 0xFFFF;
    }

    static int u32le(final long address) {
        return EVERYWHERE.get(U32_LE, address);
    }

    static int u32be(final long address) {
        return EVERYWHERE.get(U32_BE, address);
    }

    static long qword(final long address) {
        return EVERYWHERE.get(U64_LE, address);
    }

    static void setQword(final long address, final long value) {
        EVERYWHERE.set(U64_LE, address, value);
    }

    static long qwordAcquire(final long address) {
        return (long) QWORD_ATOMIC.getAcquire(EVERYWHERE, address);
    }

    static void setDword(final long address, final int value) {
        EVERYWHERE.set(U32_LE, address, value);
    }

    static void setQwordRelease(final long address, final long value) {
        QWORD_ATOMIC.setRelease(EVERYWHERE, address, value);
    }

    static int dword(final long address) {
        return EVERYWHERE.get(U32_LE, address);
    }

    static int dwordAcquire(final long address) {
        return (int) DWORD_ATOMIC.getAcquire(EVERYWHERE, address);
    }

    static int dwordOpaque(final long address) {
        return (int) DWORD_ATOMIC.getOpaque(EVERYWHERE, address);
    }

    static void setDwordRelease(final long address, final int value) {
        DWORD_ATOMIC.setRelease(EVERYWHERE, address, value);
    }

    /** Copies {@code length} bytes from address {@code from} to address {@code to}. */
    static void copy(final long from, final long to, final long length) {
        MemorySegment.copy(EVERYWHERE, from, EVERYWHERE, to, length);
    }
}
