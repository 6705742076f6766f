package nicharness.ixy;

import nicharness.driver.AllocationStep;
import nicharness.driver.DebugOnly;
import static nicharness.ixy.PacketBuffer.DATA_OFFSET;
import static nicharness.ixy.PacketBuffer.HEADER_INT;
import static nicharness.ixy.PacketBuffer.HEADER_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.ixgbe.DmaWords;

/**
 * ixy's mempool: one DMA area of equal entries ({@link PacketBuffer}) and a LIFO stack of the free
 * ones. {@link #alloc()} pops, {@link #free(int)} pushes; both are a few array operations and
 * allocate nothing. Not thread-safe: one pool belongs to one receive queue and one thread.
 *
 * <p>The area is one DMA region when the memory allows it, otherwise several regions of a
 * power-of-two number of whole entries each ({@link DmaMemory#maxRegionSize()}: on a real card a
 * region is one hugepage), as ixy's pool spans several hugepages and translates every entry on
 * its own.
 *
 * <p>Buffers are {@code int}s, never objects: a buffer is its pool id in the high bits and its
 * index in the pool in the low {@link #INDEX_BITS} bits, so a transmit queue can return a buffer to
 * the pool it came from (ixy follows the pool pointer in the buffer's header for the same
 * purpose). The last-freed buffer is the next allocated, whose lines are most likely still cached.
 *
 * <p><b>Debug mode</b> (switched on by tests, off for measurements) is a sanitizer for the driver
 * and for the code that holds buffers. A pool runs it only if it is asked to and the system
 * property {@value #DEBUG_PROPERTY} is {@code true}: that property is read once into a constant, so
 * in a measurement, where it is off, the JIT removes every check from {@link #alloc()} and
 * {@link #free(int)} and the pool costs what ixy's does, instruction for instruction. It throws {@link IllegalStateException} at the faulty call
 * for: a double free; a buffer freed to a pool it does not belong to; a header overwritten while
 * the buffer was in use (for example by a write before the start of a frame); a buffer written
 * after it was freed (the data area is filled with {@link #POISON} on free and checked on the next
 * allocation); and a free buffer given to transmit ({@link #checkInUse}). A read of a freed buffer
 * cannot be seen; its poison bytes make the mistake visible in the frame instead.
 */
@AllocationStep
public final class BufferPool {
    /** The system property that allows debug pools ({@code -Dnicharness.ixy.debugPool=true}). */
    public static final String DEBUG_PROPERTY = "nicharness.ixy.debugPool";
    /** Read once: when false, {@code CHECKED && debug} is a constant the JIT folds, checks and all. */
    @DebugOnly // a debug pool is allowed only with the property, for tests
    private static final boolean CHECKED = Boolean.getBoolean(DEBUG_PROPERTY);

    /** Bits of a buffer that hold its index in the pool. */
    public static final int INDEX_BITS = 16;
    /** The most entries one pool may have. */
    public static final int MAX_ENTRIES = 1 << INDEX_BITS;
    /** Pool ids are in [0, MAX_POOLS), so that buffers are non-negative ints. */
    public static final int MAX_POOLS = 1 << (31 - INDEX_BITS);
    /** What {@link #alloc()} answers when the pool is empty. */
    public static final int NONE = -1;
    /** The byte a freed buffer's data area is filled with in debug mode. */
    public static final byte POISON = (byte) 0xDB;

    private static final int INDEX_MASK = MAX_ENTRIES - 1;
    private static final byte FREE = 0;
    private static final byte IN_USE = 1;

    private final int id;
    private final int entries;
    private final int entrySize;
    private final int entryShift;
    /** The DMA regions holding the entries, {@code 1 << chunkShift} entries each (the last may hold fewer). */
    private final MemorySegment[] chunks;
    private final long[] chunkPhysicalAddresses;
    /**
     * Every buffer's header address, by index: ixy's {@code struct pkt_buf *}, one load away from
     * the buffer's id. The data path reads and writes headers by address through {@link DmaWords}.
     */
    private final long[] headers;
    private final int chunkShift;
    /** The free stack: free buffers in [0, free), the top at free - 1. */
    private final int[] stack;
    private int free;
    private long gets;
    private long puts;

    @DebugOnly // set by tests, never for measurements
    private final boolean debug;
    /** Debug mode only: FREE or IN_USE per index. */
    private final byte[] state;
    /** Debug mode only: a data area's worth of {@link #POISON}. */
    private final MemorySegment poison;

    private BufferPool(final int id, final int entries, final int entrySize, final DmaRegion[] regions,
                       final int chunkShift, final boolean debug) {
        this.id = id;
        this.entries = entries;
        this.entrySize = entrySize;
        this.entryShift = Integer.numberOfTrailingZeros(entrySize);
        this.chunks = new MemorySegment[regions.length];
        this.chunkPhysicalAddresses = new long[regions.length];
        final long[] chunkAddresses = new long[regions.length];
        for (int chunk = 0; chunk < regions.length; chunk++) {
            chunks[chunk] = regions[chunk].segment();
            chunkPhysicalAddresses[chunk] = regions[chunk].physicalAddress();
            chunkAddresses[chunk] = DmaWords.address(chunks[chunk], regions[chunk].size());
        }
        this.chunkShift = chunkShift;
        this.headers = new long[entries];
        for (int index = 0; index < entries; index++) {
            headers[index] = chunkAddresses[index >>> chunkShift] + entryOffset(index);
        }
        this.stack = new int[entries];
        this.debug = debug;
        this.state = debug ? new byte[entries] : null;
        this.poison = debug ? MemorySegment.ofArray(new byte[dataCapacity()]).fill(POISON) : null;
    }

    /**
     * Allocates a pool of {@code entries} buffers of {@code entrySize} bytes from {@code dma}, writes
     * every buffer's header and puts them all on the free stack (ixy's
     * {@code memory_allocate_mempool}).
     *
     * @param id        the pool's id, in [0, {@link #MAX_POOLS}); unique among the pools whose buffers meet
     * @param entries   in [1, {@link #MAX_ENTRIES}]; ixy uses 4096 per receive queue
     * @param entrySize a power of two in [{@link PacketBuffer#HEADER_SIZE} * 2, 2 MiB]; ixy uses 2048
     * @param debug     whether to run the sanitizer described on the class; needs
     *                  {@value #DEBUG_PROPERTY}
     * @throws IllegalArgumentException naming the value that is out of range
     */
    @DriverPart(Part.INIT)
    public static BufferPool allocate(final DmaMemory dma, final int id, final int entries, final int entrySize,
                                      final boolean debug) {
        if (id < 0 || id >= MAX_POOLS) {
            throw new IllegalArgumentException("pool id must be in [0, " + MAX_POOLS + "): id=" + id);
        }
        if (entries < 1 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("pool entries must be in [1, " + MAX_ENTRIES + "]: entries=" + entries);
        }
        if (Integer.bitCount(entrySize) != 1 || entrySize < 2 * PacketBuffer.HEADER_SIZE
                || entrySize > PacketBuffer.HUGEPAGE_SIZE) {
            throw new IllegalArgumentException("pool entry size must be a power of two in [" + 2 * PacketBuffer.HEADER_SIZE
                    + ", " + PacketBuffer.HUGEPAGE_SIZE + "] so that no entry straddles a 2 MiB hugepage: entrySize="
                    + entrySize);
        }
        if (debug && !CHECKED) {
            throw new IllegalArgumentException("a debug pool needs -D" + DEBUG_PROPERTY + "=true, without which the"
                    + " checks are compiled out of alloc and free; set it or ask for a pool without debug");
        }
        if (dma.maxRegionSize() < entrySize) {
            throw new IllegalArgumentException("pool entry size exceeds the largest DMA region: entrySize=" + entrySize
                    + ", maxRegionSize=" + dma.maxRegionSize());
        }
        // Regions aligned to the entry size, which divides 2 MiB: every entry lies inside one hugepage.
        final int perChunk = Integer.highestOneBit((int) Math.min(entries, dma.maxRegionSize() / entrySize));
        final DmaRegion[] regions = new DmaRegion[(entries + perChunk - 1) / perChunk];
        for (int chunk = 0; chunk < regions.length; chunk++) {
            final int inChunk = Math.min(perChunk, entries - chunk * perChunk);
            regions[chunk] = dma.allocate((long) inChunk * entrySize, entrySize);
        }
        final BufferPool pool = new BufferPool(id, entries, entrySize, regions, Integer.numberOfTrailingZeros(perChunk), debug);
        for (int index = 0; index < entries; index++) {
            final int buffer = (id << INDEX_BITS) | index;
            final MemorySegment memory = pool.memory(buffer);
            final long entry = pool.entryOffset(buffer);
            HEADER_LONG.set(memory, entry + PacketBuffer.PHYSICAL_ADDRESS_OFFSET, pool.entryPhysicalAddress(index));
            HEADER_LONG.set(memory, entry + PacketBuffer.POOL_ID_OFFSET, (long) id);
            HEADER_INT.set(memory, entry + PacketBuffer.INDEX_OFFSET, index);
            HEADER_INT.set(memory, entry + PacketBuffer.SIZE_OFFSET, 0);
            // Stacked in index order, as ixy's memory_allocate_mempool does: the first allocations
            // take the top, so a fresh pool hands out its last entry first.
            pool.stack[index] = buffer;
            if (debug) {
                pool.poisonData(buffer);
            }
        }
        pool.free = entries;
        return pool;
    }

    /** The pool a buffer belongs to. */
    public static int poolId(final int buffer) {
        return buffer >>> INDEX_BITS;
    }

    /** The index of a buffer in its pool. */
    public static int index(final int buffer) {
        return buffer & INDEX_MASK;
    }

    /**
     * Takes the most recently freed buffer off the stack.
     *
     * @return the buffer, or {@link #NONE} if every buffer is in use
     */
    public int alloc() {
        if (free == 0) {
            return NONE;
        }
        final int buffer = stack[--free];
        gets++;
        if (CHECKED && debug) {
            checkAlloc(buffer);
        }
        return buffer;
    }

    /** Puts {@code buffer}, which must come from this pool and be in use, back on the stack. */
    public void free(final int buffer) {
        if (CHECKED && debug) {
            checkFree(buffer);
        }
        stack[free++] = buffer;
        puts++;
    }

    /** The physical address of the buffer's first byte, read from its header as ixy does. */
    public long physicalAddress(final int buffer) {
        return DmaWords.qword(headerAddress(buffer) + PacketBuffer.PHYSICAL_ADDRESS_OFFSET);
    }

    /** The frame length recorded in the buffer's header. */
    public int size(final int buffer) {
        return DmaWords.dword(headerAddress(buffer) + PacketBuffer.SIZE_OFFSET);
    }

    /** Records the frame length in the buffer's header. */
    public void setSize(final int buffer, final int size) {
        DmaWords.setDword(headerAddress(buffer) + PacketBuffer.SIZE_OFFSET, size);
    }

    /** The CPU's view of the DMA region holding the buffer. */
    public MemorySegment memory(final int buffer) {
        return chunks[(buffer & INDEX_MASK) >>> chunkShift];
    }

    /** The offset in {@link #memory(int)} of the buffer's first frame byte. */
    public long dataOffset(final int buffer) {
        return entryOffset(buffer) + DATA_OFFSET;
    }

    /**
     * The address of the buffer's header: ixy's {@code struct pkt_buf *}, whose fields are read and
     * written by address ({@link DmaWords}), so an access costs a load or store rather than the
     * checks of an access through the region's segment. One load from the table of headers, not
     * the region's address plus the entry's offset (a second load, shifts and masks per access).
     */
    private long headerAddress(final int buffer) {
        // Bounded by DmaWords.base (a no-op mask on a user-space address): C2 then proves each
        // field's address below 2^63 - 8 and tests none.
        return DmaWords.base(headers[buffer & INDEX_MASK]);
    }

    /** The offset in {@link #memory(int)} of the buffer's header. */
    private long entryOffset(final int buffer) {
        return (long) (buffer & INDEX_MASK & ((1 << chunkShift) - 1)) << entryShift;
    }

    /** The physical address of entry {@code index}, computed from its region. */
    private long entryPhysicalAddress(final int index) {
        return chunkPhysicalAddresses[index >>> chunkShift] + ((long) (index & ((1 << chunkShift) - 1)) << entryShift);
    }

    /** How many DMA regions hold the entries. */
    public int regions() {
        return chunks.length;
    }

    /** Bytes of frame one buffer holds: the entry size less the header. */
    public int dataCapacity() {
        return entrySize - PacketBuffer.HEADER_SIZE;
    }

    /** This pool's id, the high bits of its buffers. */
    public int id() {
        return id;
    }

    /** How many buffers the pool has in all. */
    public int capacity() {
        return entries;
    }

    /** How many buffers are on the free stack now. */
    public int freeCount() {
        return free;
    }

    /** Buffers handed out so far. */
    public long gets() {
        return gets;
    }

    /** Buffers returned so far. */
    public long puts() {
        return puts;
    }

    /** Whether the sanitizer runs. */
    public boolean debug() {
        return debug;
    }

    /**
     * In debug mode, fails unless {@code buffer} belongs to this pool and is in use: for code about
     * to hand a buffer to the card. Does nothing otherwise.
     *
     * @param what the operation, for the message (for example "txBatch")
     */
    public void checkInUse(final int buffer, final String what) {
        if (CHECKED && debug) {
            final int index = checkOwned(buffer, what);
            if (state[index] != IN_USE) {
                throw new IllegalStateException(describe(buffer) + " used after free: " + what
                        + " was given a buffer that is on the free stack");
            }
        }
    }

    // ---- debug mode --------------------------------------------------------------------------

    private void checkAlloc(final int buffer) {
        final int index = index(buffer);
        final MemorySegment memory = memory(buffer);
        final long data = dataOffset(buffer);
        final long changed = MemorySegment.mismatch(poison, 0, dataCapacity(), memory, data, data + dataCapacity());
        if (changed >= 0) {
            throw new IllegalStateException(describe(buffer) + " was written after it was freed (use after free): "
                    + "data byte " + changed + " is 0x" + Integer.toHexString(memory.get(ValueLayout.JAVA_BYTE, data + changed) & 0xFF)
                    + ", not the poison 0x" + Integer.toHexString(POISON & 0xFF));
        }
        state[index] = IN_USE;
    }

    private void checkFree(final int buffer) {
        final int index = checkOwned(buffer, "free");
        if (state[index] != IN_USE) {
            throw new IllegalStateException(describe(buffer) + " freed twice (double free); free buffers now: " + free);
        }
        checkHeader(buffer);
        state[index] = FREE;
        poisonData(buffer);
    }

    private int checkOwned(final int buffer, final String what) {
        if (buffer < 0 || poolId(buffer) != id || index(buffer) >= entries) {
            throw new IllegalStateException(what + " of buffer 0x" + Integer.toHexString(buffer) + " (pool "
                    + (buffer < 0 ? "none" : poolId(buffer)) + ", index " + index(buffer) + ") in pool " + id
                    + " of " + entries + " entries: the buffer does not belong to this pool");
        }
        return index(buffer);
    }

    private void checkHeader(final int buffer) {
        final MemorySegment memory = memory(buffer);
        final long entry = entryOffset(buffer);
        final long expected = entryPhysicalAddress(index(buffer));
        final long address = (long) HEADER_LONG.get(memory, entry + PacketBuffer.PHYSICAL_ADDRESS_OFFSET);
        final long pool = (long) HEADER_LONG.get(memory, entry + PacketBuffer.POOL_ID_OFFSET);
        final int index = (int) HEADER_INT.get(memory, entry + PacketBuffer.INDEX_OFFSET);
        if (address != expected || pool != id || index != index(buffer)) {
            throw new IllegalStateException(String.format("%s has a corrupted header: physical address 0x%x (expected 0x%x),"
                            + " pool %d, index %d; something wrote before the start of the frame", describe(buffer),
                    address, expected, pool, index));
        }
    }

    private void poisonData(final int buffer) {
        MemorySegment.copy(poison, 0, memory(buffer), dataOffset(buffer), dataCapacity());
    }

    private String describe(final int buffer) {
        return "buffer " + index(buffer) + " of pool " + id;
    }

    @Override
    public String toString() {
        return "BufferPool[id=" + id + ", entries=" + entries + ", entrySize=" + entrySize + ", regions=" + chunks.length
                + ", free=" + free
                + (debug ? ", debug" : "") + "]";
    }
}
