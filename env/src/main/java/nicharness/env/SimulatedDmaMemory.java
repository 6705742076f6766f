package nicharness.env;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * Host memory for the software 82599: one contiguous segment, shared by every thread and every
 * model NIC, carved into regions by a bump allocator, with a fake physical address space.
 *
 * <p>Physical address {@code physicalBase + k} is byte {@code k} of {@link #segment()}. The base
 * is non-zero and unrelated to the segment's virtual address, so a driver that writes a virtual
 * address (or an offset) into a descriptor faults at once instead of appearing to work.
 *
 * <p>Only allocated regions can be reached: {@link #checkedOffset} and {@link #resolve} refuse
 * anything else, including the gaps left by alignment, which is the model's IOMMU.
 *
 * <p>The hugepage rule, as {@code HugepageDmaMemory} enforces it on a real machine: a region is at
 * most {@link #HUGEPAGE_SIZE} (2 MiB) and never crosses a 2 MiB boundary of the physical address
 * space; a region that does not fit in what is left of the current 2 MiB page starts the next one.
 * So a driver that starts on the model starts on the card: a buffer pool larger than a hugepage
 * must be allocated as several regions ({@link #maxRegionSize()}), as DPDK's mempool spans memory
 * segments. {@link #withoutHugepageRule} lifts the rule, for tests of the model alone.
 *
 * <p>Alignment: with {@link #exactAlignment()} (strict runs and the drivers' tests turn it on) a
 * region is aligned to exactly the alignment asked for, never to twice it (unless it must start a
 * 2 MiB page), so an alignment bug shows on every run; otherwise regions are packed.
 *
 * <p>Thread safety: {@link #allocate} is synchronised; look-ups read an immutable snapshot of the
 * region table published with a volatile write, so they take no lock and allocate nothing.
 */
public final class SimulatedDmaMemory implements DmaMemory {
    /** The default fake physical base: 4 GiB, above any 32-bit address a buggy driver might use. */
    public static final long DEFAULT_PHYSICAL_BASE = 0x1_0000_0000L;
    /** The default capacity: enough for two ports of any driver model with the paper's sizes. */
    public static final long DEFAULT_CAPACITY = 256L << 20;
    /** The 2 MiB hugepage of the real environment: the largest region, and a boundary no region crosses. */
    public static final long HUGEPAGE_SIZE = 2L << 20;

    private final Arena arena;
    private final MemorySegment segment;
    private final long physicalBase;
    /** The largest region and the boundary no region crosses; {@link Long#MAX_VALUE} without the rule. */
    private long page = HUGEPAGE_SIZE;
    private long next;
    /** {@link #exactAlignment()}. */
    private boolean exact;
    /** Sorted by start; pairs of (start offset, end offset) into the segment. */
    private volatile long[] regions = new long[0];
    /** Index in {@link #regions} of the region {@link #allocatedOffset} found last: a hint, read and written racily. */
    private int lastRegion;

    /** Host memory of {@link #DEFAULT_CAPACITY} bytes at {@link #DEFAULT_PHYSICAL_BASE}. */
    public SimulatedDmaMemory() {
        this(DEFAULT_CAPACITY);
    }

    /** Host memory of {@code capacity} bytes at {@link #DEFAULT_PHYSICAL_BASE}. */
    public SimulatedDmaMemory(final long capacity) {
        this(Arena.ofShared(), capacity);
    }

    private SimulatedDmaMemory(final Arena arena, final long capacity) {
        this(arena, zeroed(arena, checkCapacity(capacity)), DEFAULT_PHYSICAL_BASE);
    }

    /** Zeroed, page-aligned bytes: lazily zeroed pages where the OS gives them, else the arena's. */
    private static MemorySegment zeroed(final Arena arena, final long capacity) {
        try {
            return nicharness.env.linux.ZeroPages.map(capacity, arena).orElseGet(() -> arena.allocate(capacity, 4096));
        } catch (final LinkageError e) {
            return arena.allocate(capacity, 4096); // no JNA on this platform
        }
    }

    /**
     * Host memory over an existing segment, for example a file mapped by {@code FileChannel.map}
     * so that a driver in another process can attach. The caller keeps ownership of the segment.
     *
     * @param segment      the backing bytes; must be 4096-byte aligned
     * @param physicalBase the fake physical address of the segment's first byte; non-zero, 4096-aligned
     */
    public SimulatedDmaMemory(final MemorySegment segment, final long physicalBase) {
        this(null, segment, physicalBase);
    }

    private SimulatedDmaMemory(final Arena arena, final MemorySegment segment, final long physicalBase) {
        this.arena = arena;
        this.segment = Objects.requireNonNull(segment, "segment");
        if (physicalBase == 0 || (physicalBase & 4095) != 0) {
            throw new IllegalArgumentException(String.format(
                    "physical base must be non-zero and 4096-byte aligned: physicalBase=0x%x", physicalBase));
        }
        this.physicalBase = physicalBase;
    }

    private static long checkCapacity(final long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: capacity=" + capacity);
        }
        return capacity;
    }

    /**
     * This memory without the hugepage rule: regions of any size, anywhere. For tests of the model
     * alone; a driver opened on it may not start on a real machine.
     */
    public SimulatedDmaMemory withoutHugepageRule() {
        synchronized (this) {
            page = Long.MAX_VALUE;
        }
        return this;
    }

    /**
     * This memory handing out regions aligned to exactly the alignment asked for, never more, so
     * that a driver asking for too little (a ring at 64 bytes instead of 128, a head write-back
     * word at 8 instead of 16) fails on every run rather than when the allocator happens to leave it
     * misaligned.
     */
    public SimulatedDmaMemory exactAlignment() {
        synchronized (this) {
            exact = true;
        }
        return this;
    }

    /** One hugepage (2 MiB) under the hugepage rule, else the capacity. */
    @Override
    public synchronized long maxRegionSize() {
        return Math.min(page, segment.byteSize());
    }

    @Override
    public synchronized DmaRegion allocate(final long size, final long alignment) {
        DmaMemory.checkRequest(size, alignment);
        if (size > page) {
            throw new DmaException(String.format(
                    "cannot allocate %d bytes as one DMA region: on a real machine a region must be physically "
                            + "contiguous and fit in one 2 MiB hugepage (%d bytes), and the simulated memory keeps the "
                            + "same rule; allocate whole buffers in several regions of at most maxRegionSize()=%d bytes",
                    size, page, page));
        }
        if (alignment > page) {
            throw new DmaException(String.format(
                    "DMA alignment cannot exceed the hugepage size: alignment=%d, page size=%d", alignment, page));
        }
        long start = exactlyAligned(alignUp(physicalBase + next, alignment) - physicalBase, size, alignment);
        if (page != Long.MAX_VALUE && (physicalBase + start) / page != (physicalBase + start + size - 1) / page) {
            // It would straddle a page: start the next one.
            start = exactlyAligned(alignUp(physicalBase + start, page) - physicalBase, size, alignment);
        }
        if (start + size > segment.byteSize() || start + size < 0) {
            throw new DmaException(String.format(
                    "simulated host memory exhausted: asked for %d bytes aligned to %d, %d of %d bytes in use; "
                            + "create the SimulatedDmaMemory with a larger capacity", size, alignment, next, segment.byteSize()));
        }
        next = start + size;
        final long[] grown = Arrays.copyOf(regions, regions.length + 2);
        grown[grown.length - 2] = start;
        grown[grown.length - 1] = start + size;
        regions = grown; // publish: bump allocation keeps the table sorted
        return new DmaRegion(physicalBase + start, segment.asSlice(start, size));
    }

    /**
     * {@code start} (aligned to {@code alignment}) moved on by one {@code alignment} if it is also
     * aligned to twice that, when the region still fits in its page: every region is aligned to
     * exactly what its caller asked for, never more, so a driver that asks for too little (a ring
     * at 64 bytes instead of 128, a head write-back word at 4 instead of 16) fails on every run,
     * not only when a bump allocator happens to leave it misaligned. Only a region that needs a
     * page's start (as large as the space after it) keeps the page's alignment.
     */
    private long exactlyAligned(final long start, final long size, final long alignment) {
        if (!exact || ((physicalBase + start) & alignment) != 0 || alignment >= page) {
            return start;
        }
        final long moved = start + alignment;
        final boolean fits = page == Long.MAX_VALUE
                || (physicalBase + moved) / page == (physicalBase + moved + size - 1) / page;
        return fits ? moved : start;
    }

    private static long alignUp(final long value, final long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    /**
     * The offset in {@link #segment()} of physical address {@code address}, after checking that
     * [address, address + length) lies inside one allocated region. Allocates nothing when the
     * range is valid, so the model's engines may call it per packet.
     *
     * @throws DmaFaultException naming the range and the nearest region otherwise
     */
    public long checkedOffset(final long address, final long length) {
        final long offset = allocatedOffset(address, length);
        if (offset >= 0) {
            return offset;
        }
        throw fault(address, length, address - physicalBase, regions); // the rare path, kept out of line
    }

    /**
     * The offset in {@link #segment()} of physical address {@code address} if [address, address +
     * length) lies inside one allocated region, else -1, without building the exception that
     * {@link #checkedOffset} throws: a broken driver repeats its bug on every packet, and the model
     * describes it only once.
     */
    public long allocatedOffset(final long address, final long length) {
        final long offset = address - physicalBase;
        final long[] table = regions;
        // The region of the last look-up first: the engines look up buffer after buffer of one
        // pool. A racy hint (any int is checked against the table before use), so no lock.
        final int hint = lastRegion;
        if (hint < table.length && table[hint] <= offset && length >= 0 && offset + length <= table[hint + 1]
                && offset + length >= offset) {
            return offset;
        }
        int low = 0;
        int high = (table.length >> 1) - 1;
        while (low <= high) { // the last region whose start is <= offset
            final int mid = (low + high) >>> 1;
            if (table[mid << 1] <= offset) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (high >= 0 && length >= 0 && offset >= 0 && offset + length <= table[(high << 1) + 1]
                && offset + length >= offset) {
            lastRegion = high << 1;
            return offset;
        }
        return -1;
    }

    /**
     * The allocated region holding offset {@code offset} of {@link #segment()}, as {@code [start,
     * end)} offsets written into {@code bounds[0]} and {@code bounds[1]}, or false (and nothing
     * written) if no region holds it. For a caller that keeps the region of its last look-up and
     * checks the next address against it first. Regions are never freed before the memory is
     * closed, so a region found stays valid.
     */
    public boolean regionOf(final long offset, final long[] bounds) {
        final long[] table = regions;
        int low = 0;
        int high = (table.length >> 1) - 1;
        while (low <= high) {
            final int mid = (low + high) >>> 1;
            if (table[mid << 1] <= offset) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (high < 0 || offset < 0 || offset >= table[(high << 1) + 1]) {
            return false;
        }
        bounds[0] = table[high << 1];
        bounds[1] = table[(high << 1) + 1];
        return true;
    }

    /** Whether [address, address + length) lies inside one allocated region. */
    public boolean isAllocated(final long address, final long length) {
        try {
            checkedOffset(address, length);
            return true;
        } catch (final DmaFaultException e) {
            return false;
        }
    }

    /**
     * The fault for a range that {@link #checkedOffset} refused: says which rule it broke and where
     * the nearest region is, so that a wrong address in a descriptor can be traced to its cause.
     */
    private DmaFaultException fault(final long address, final long length, final long offset, final long[] table) {
        if (table.length == 0) {
            return new DmaFaultException(address, length, "no DMA region has been allocated yet");
        }
        final String reason;
        if (length < 0) {
            reason = "the length is negative (a length computed with the wrong sign or width)";
        } else if (address == 0) {
            reason = "physical address 0 is never DMA memory (a descriptor or base register that was never set)";
        } else if (offset < 0) {
            reason = String.format("the address is below host memory, which starts at physical 0x%x "
                    + "(a virtual address or a region offset in a descriptor is a driver bug)", physicalBase);
        } else if (offset >= segment.byteSize()) {
            reason = String.format("the address is past the end of host memory [0x%x, 0x%x)",
                    physicalBase, physicalBase + segment.byteSize());
        } else {
            final int region = regionAtOrBefore(offset, table);
            if (region >= 0 && offset < table[region + 1]) {
                reason = String.format("the range starts inside a region but runs %d bytes past its end",
                        offset + length - table[region + 1]);
            } else {
                reason = "the address is not inside any region (an alignment gap or memory never allocated)";
            }
        }
        return new DmaFaultException(address, length, reason + "; " + describeNearest(offset, table));
    }

    /** The index in {@code table} of the last region starting at or before {@code offset}, or -1. */
    private static int regionAtOrBefore(final long offset, final long[] table) {
        int found = -1;
        for (int i = 0; i < table.length && table[i] <= offset; i += 2) {
            found = i;
        }
        return found;
    }

    private String describeNearest(final long offset, final long[] table) {
        int best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (int i = 0; i < table.length; i += 2) {
            final long distance = offset < table[i] ? table[i] - offset
                    : offset >= table[i + 1] ? offset - table[i + 1] + 1 : 0;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        return String.format("nearest region is [0x%x, 0x%x) (%d bytes)",
                physicalBase + table[best], physicalBase + table[best + 1], table[best + 1] - table[best]);
    }

    @Override
    public MemorySegment resolve(final long physicalAddress, final long length) {
        return segment.asSlice(checkedOffset(physicalAddress, length), length);
    }

    /** All of host memory; byte {@code k} has physical address {@link #physicalBase()} + k. */
    public MemorySegment segment() {
        return segment;
    }

    /** The fake physical address of the first byte of {@link #segment()}. */
    public long physicalBase() {
        return physicalBase;
    }

    /** Bytes handed out so far, alignment gaps included. */
    public synchronized long used() {
        return next;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
