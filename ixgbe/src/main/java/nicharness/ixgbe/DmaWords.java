package nicharness.ixgbe;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The words a driver shares with the card on its data path (descriptor words, written-back heads),
 * read and written by address, as the C drivers do, instead of through each ring's own segment.
 *
 * <p>Why: an access through a ring's {@link MemorySegment} held in a field costs C2 about twenty
 * instructions of checks, because the segment is not a constant: its class, its read-only flag,
 * the offset against its length, the alignment of its address, and its arena's owner thread and
 * liveness (read from the session on every access). TinyNF's no-op made two such accesses per
 * packet. Through one {@code static final} segment that spans the address space, C2 folds all but
 * one of them: the address must be below 2<sup>63</sup> - 8 (and, for an atomic update, aligned to
 * the word; reads and writes use unaligned layouts, which skip that test). Measured with
 * {@code callgrind-cost} on TinyNF's no-op: 220 instructions per packet through the rings' segments,
 * 176 through this class, same build otherwise ({@code docs/java-platform.md}, "Segments in fields,
 * and by address"; where the rest goes: {@code results/cost-account.csv}).
 *
 * <p>What it gives up is what C gives up: an address outside the ring is not caught, and memory
 * freed while the driver runs is not either. So a driver takes an address from {@link #address}
 * once, when it sets a ring up (which checks that the segment is native and large enough), and
 * forms every address on its data path as that base plus an index it keeps below the ring's size
 * (by a mask, or by the wrap-around checks DPDK's queues make) times the descriptor size; and the
 * memory must live as long as the driver: the environments free it only after the driver's last
 * poll, and never from an automatic arena (the segment is not kept, so it would not keep the
 * memory alive).
 *
 * <p>Access modes as in {@link Descriptor}: the status word is read with acquire, everything else
 * is plain, and a tail write (a release) publishes the stores before it.
 */
public final class DmaWords {
    private DmaWords() {
    }

    /** Every address, as one segment: constant, so C2 folds its checks (see the class comment). */
    private static final MemorySegment EVERYWHERE = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    /** For atomic updates, which must be aligned: the handle checks the address. */
    private static final VarHandle DWORD_ATOMIC = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    /*
     * For reads and writes: an unaligned layout, so C2 does not test each address's alignment (two
     * instructions per access); the words are aligned all the same (descriptors in rings the
     * datasheet aligns to 128 bytes, header fields at their natural offsets), and an aligned access
     * is one move on x86-64 either way.
     */
    private static final VarHandle QWORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle DWORD = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle WORD = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    /**
     * Every address {@link #address} hands out is at most this: user-space addresses on x86-64 and
     * AArch64 Linux are below 2<sup>57</sup>, so it holds for all native memory.
     */
    public static final long BASE_MAX = (1L << 62) - 1;

    /**
     * {@code base}, an address from {@link #address}, as C2 can bound it: the same value (every such
     * address is at most {@link #BASE_MAX}), but a data-path loop that takes its bases through this
     * method once, before the loop, and adds offsets it keeps below 2<sup>40</sup> (an index masked
     * by a non-negative mask, times the descriptor size) gives C2 addresses it knows are below
     * 2<sup>63</sup> - 8, so it drops the segment's bounds test from each access (a {@code lea}, a
     * 64-bit constant, a compare and a branch). Measured on TinyNF's no-op: {@code Agent.run}.
     */
    public static long base(final long base) {
        return base & BASE_MAX;
    }

    /**
     * The address of {@code memory}, for data-path accesses to its first {@code bytes} bytes.
     *
     * @throws IllegalArgumentException if the memory is not native (a heap segment has no stable
     *                                  address), is smaller than {@code bytes}, is not aligned
     *                                  to 8 bytes, or ends above {@link #BASE_MAX}
     */
    public static long address(final MemorySegment memory, final long bytes) {
        if (!memory.isNative()) {
            throw new IllegalArgumentException("descriptor rings and write-back slots must be native memory (the"
                    + " environment's DMA memory), not " + memory);
        }
        if (memory.byteSize() < bytes) {
            throw new IllegalArgumentException("the memory holds " + memory.byteSize() + " bytes, the driver needs "
                    + bytes);
        }
        // The data path's reads and writes skip the alignment test (see the layouts): this is
        // where the alignment is checked, once.
        if (memory.address() % Long.BYTES != 0) {
            throw new IllegalArgumentException("the memory at 0x" + Long.toHexString(memory.address()) + " is not aligned"
                    + " to " + Long.BYTES + " bytes; allocate descriptor rings and buffer headers aligned (the"
                    + " environment's DMA memory is)");
        }
        if (memory.address() > BASE_MAX - bytes) {
            throw new IllegalArgumentException("the memory at 0x" + Long.toHexString(memory.address()) + " ends above"
                    + " 2^62, which no native memory does on the platforms supported");
        }
        return memory.address();
    }

    /**
     * The 64-bit little-endian word at {@code address}, read with acquire (a status word): a plain
     * read, then an acquire fence, which orders it before every later load and store as
     * {@code getAcquire} does ({@link VarHandle#acquireFence}), without {@code getAcquire}'s test
     * of the address's alignment on each call (an aligned 8-byte move is one atomic read on
     * x86-64, and every address is aligned: {@link #address} checks each base, and the offsets from it
     * are multiples of the word).
     */
    public static long qwordAcquire(final long address) {
        final long word = qword(address);
        VarHandle.acquireFence();
        return word;
    }

    /** The 64-bit little-endian word at {@code address}, a plain read. */
    public static long qword(final long address) {
        return (long) QWORD.get(EVERYWHERE, address);
    }

    /** Writes the 64-bit little-endian word at {@code address}, a plain write. */
    public static void setQword(final long address, final long value) {
        QWORD.set(EVERYWHERE, address, value);
    }

    /** The 32-bit little-endian word at {@code address}, read with acquire (a written-back head), as {@link #qwordAcquire}. */
    public static int dwordAcquire(final long address) {
        final int word = dword(address);
        VarHandle.acquireFence();
        return word;
    }

    /** The 32-bit little-endian word at {@code address}, a plain read. */
    public static int dword(final long address) {
        return (int) DWORD.get(EVERYWHERE, address);
    }

    /** Writes the 32-bit little-endian word at {@code address}, a plain write. */
    public static void setDword(final long address, final int value) {
        DWORD.set(EVERYWHERE, address, value);
    }

    /** Adds {@code delta} to the 32-bit little-endian word at {@code address} atomically; answers the old value. */
    public static int getAndAddDword(final long address, final int delta) {
        return (int) DWORD_ATOMIC.getAndAdd(EVERYWHERE, address, delta);
    }

    /** The 16-bit little-endian word at {@code address}, unsigned, a plain read. */
    public static int word(final long address) {
        return (short) WORD.get(EVERYWHERE, address) & 0xFFFF;
    }

    /** Writes the low 16 bits of {@code value} at {@code address}, little-endian, a plain write. */
    public static void setWord(final long address, final int value) {
        WORD.set(EVERYWHERE, address, (short) value);
    }
}
