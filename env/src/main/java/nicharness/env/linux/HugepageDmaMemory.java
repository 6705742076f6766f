package nicharness.env.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import nicharness.env.DmaException;
import nicharness.env.DmaFaultException;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;

/**
 * DMA memory for a real 82599 on Linux: anonymous hugepages ({@code MAP_HUGETLB}), populated and
 * locked, with physical addresses from {@code /proc/self/pagemap} (as ixy's
 * {@code memory_allocate_dma} does, {@code src/memory.c:44} at emmericp/ixy 2359e5b; the flags in
 * {@code docs/java-platform.md}, "System calls").
 *
 * <p>Why hugepages: a descriptor ring or a buffer must be physically contiguous, because the card
 * only knows its physical base address, and only a hugepage gives a large contiguous block that
 * the kernel never moves (mlock alone prevents swapping, not migration; TinyNF's comment on this).
 *
 * <p>The rule, enforced: <b>a region never straddles a hugepage boundary.</b> Regions are
 * bump-allocated inside the current page; one that does not fit in what remains starts a new page
 * (the rest of the old one stays unused), and one larger than a page is refused with the advice to
 * allocate whole buffers in several regions ({@link #maxRegionSize()}) or to use 1 GiB pages. The
 * physical address of each page is looked up once, when it is mapped, and checked to be aligned to
 * the page size, which is what a hugepage guarantees; so the physical alignment of a region equals
 * its virtual alignment within the page.
 *
 * <p>Requirements on the host: root (pagemap hides physical addresses otherwise, and mlock needs
 * {@code CAP_IPC_LOCK} beyond {@code ulimit -l}), hugepages reserved ({@code echo 512 >
 * /proc/sys/vm/nr_hugepages}), and the IOMMU off or in pass-through, since the card is given
 * physical, not IO-virtual, addresses. Every failure says which of these is missing.
 *
 * <p>Thread safety: {@link #allocate} is synchronised; {@link #resolve} reads an immutable
 * snapshot of the region table. Memory is zeroed by the kernel and never reused; {@link #close}
 * unmaps every page, after which every region's segment refuses access.
 */
public final class HugepageDmaMemory implements DmaMemory {

    /** The hugepage sizes x86-64 offers. */
    public enum PageSize {
        /** 2 MiB: reserved at run time through {@code /proc/sys/vm/nr_hugepages}. */
        TWO_MIB(21, "2 MiB"),
        /** 1 GiB: usually reserved at boot ({@code hugepagesz=1G hugepages=N}); what TinyNF icse23 uses. */
        ONE_GIB(30, "1 GiB");

        private final int shift;
        private final String label;

        PageSize(final int shift, final String label) {
            this.shift = shift;
            this.label = label;
        }

        /** The page size in bytes. */
        public long bytes() {
            return 1L << shift;
        }

        /** The {@code MAP_HUGE_2MB} / {@code MAP_HUGE_1GB} bits of the mmap flags. */
        int mmapFlag() {
            return shift << LibC.MAP_HUGE_SHIFT;
        }

        /** The folder name of this size under {@code /sys/kernel/mm/hugepages}. */
        public String sysfsName() {
            return "hugepages-" + (bytes() >> 10) + "kB";
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** Where the kernel reports the hugepage pools, one folder per page size. */
    public static final Path SYSFS_HUGEPAGES = Path.of("/sys/kernel/mm/hugepages");

    /** One mapped hugepage: the CPU's view and the physical address of its first byte. */
    record HugePage(MemorySegment segment, long physicalAddress) {
    }

    /** Where pages come from: hugetlb mappings, or plain memory with made-up addresses in tests. */
    @FunctionalInterface
    interface PageSource {
        /** Maps one page of {@code pageSize}, released when {@code arena} closes. */
        HugePage map(PageSize pageSize, Arena arena);
    }

    private final PageSize pageSize;
    private final PageSource pageSource;
    private final Arena arena = Arena.ofShared();

    private MemorySegment page;
    private long pagePhysical;
    private long next;
    private int pages;
    /** Every region, sorted by physical address (pages come in no particular physical order). */
    private volatile DmaRegion[] regions = new DmaRegion[0];

    /**
     * Hugepage memory of {@code pageSize} pages, translated through {@code pagemap}, explaining
     * failures with the pool counts found under {@code sysfsHugepages}.
     */
    public HugepageDmaMemory(final PageSize pageSize, final Pagemap pagemap, final Path sysfsHugepages) {
        this(pageSize, hugetlbPages(Objects.requireNonNull(pagemap, "pagemap"),
                Objects.requireNonNull(sysfsHugepages, "sysfsHugepages")));
    }

    /** Memory whose pages come from {@code pageSource}: the allocator's rules, testable without hugepages. */
    HugepageDmaMemory(final PageSize pageSize, final PageSource pageSource) {
        this.pageSize = Objects.requireNonNull(pageSize, "pageSize");
        this.pageSource = Objects.requireNonNull(pageSource, "pageSource");
    }

    /** Memory of 2 MiB hugepages, translated through this process's pagemap. */
    public static HugepageDmaMemory open() {
        return open(PageSize.TWO_MIB);
    }

    /** Memory of {@code pageSize} hugepages, translated through this process's pagemap. */
    public static HugepageDmaMemory open(final PageSize pageSize) {
        return new HugepageDmaMemory(pageSize, Pagemap.self(), SYSFS_HUGEPAGES);
    }

    /** The size of the pages regions are carved from. */
    public PageSize pageSize() {
        return pageSize;
    }

    /** One hugepage: the largest physically contiguous region there is. */
    @Override
    public long maxRegionSize() {
        return pageSize.bytes();
    }

    /** Hugepages mapped so far. */
    public synchronized int pages() {
        return pages;
    }

    @Override
    public synchronized DmaRegion allocate(final long size, final long alignment) {
        DmaMemory.checkRequest(size, alignment);
        final long pageBytes = pageSize.bytes();
        if (size > pageBytes) {
            throw new DmaException(String.format(
                    "cannot allocate %d bytes as one DMA region: a region must be physically contiguous, and one %s "
                            + "hugepage (%d bytes) is the largest contiguous block there is; allocate whole buffers in "
                            + "several regions of at most maxRegionSize()=%d bytes, or use 1 GiB hugepages "
                            + "(HugepageDmaMemory.open(PageSize.ONE_GIB), kernel parameters hugepagesz=1G hugepages=N)",
                    size, pageSize, pageBytes, pageBytes));
        }
        if (alignment > pageBytes) {
            throw new IllegalArgumentException(String.format(
                    "DMA alignment cannot exceed the hugepage size: alignment=%d, page size=%d", alignment, pageBytes));
        }
        long start = page == null ? pageBytes : alignUp(next, alignment);
        if (start + size > pageBytes) {
            mapPage(); // the region would straddle the page boundary: start a new page
            start = 0;
        }
        next = start + size;
        final DmaRegion region = new DmaRegion(pagePhysical + start, page.asSlice(start, size));
        publish(region);
        return region;
    }

    private static long alignUp(final long value, final long alignment) {
        return (value + alignment - 1) & -alignment;
    }

    private void publish(final DmaRegion region) {
        final DmaRegion[] table = regions;
        int at = 0;
        while (at < table.length && table[at].physicalAddress() < region.physicalAddress()) {
            at++;
        }
        final DmaRegion[] grown = new DmaRegion[table.length + 1];
        System.arraycopy(table, 0, grown, 0, at);
        grown[at] = region;
        System.arraycopy(table, at, grown, at + 1, table.length - at);
        regions = grown; // volatile write: resolvers see a complete, sorted table
    }

    /** Makes a fresh page the current one. */
    private void mapPage() {
        final HugePage fresh = pageSource.map(pageSize, arena);
        if (fresh.segment().byteSize() != pageSize.bytes() || (fresh.physicalAddress() & (pageSize.bytes() - 1)) != 0) {
            throw new DmaException(String.format(
                    "the %s hugepage at virtual 0x%x has physical address 0x%x and size %d: a hugepage is aligned to its "
                            + "size, so this is not hugetlb memory and regions in it would not be physically contiguous",
                    pageSize, fresh.segment().address(), fresh.physicalAddress(), fresh.segment().byteSize()));
        }
        page = fresh.segment();
        pagePhysical = fresh.physicalAddress();
        next = 0;
        pages++;
    }

    /**
     * Pages from the hugetlb pool: mmap, populate, lock, touch, translate. Wrapping the mapping
     * as a segment is a restricted FFM operation (the JVM needs {@code --enable-native-access}),
     * made safe here because the length is the one just mapped and the arena unmaps it.
     */
    @SuppressWarnings("restricted")
    private static PageSource hugetlbPages(final Pagemap pagemap, final Path sysfsHugepages) {
        return (pageSize, arena) -> {
            final long bytes = pageSize.bytes();
            final Pointer address;
            try {
                address = LibC.INSTANCE.mmap(null, bytes, LibC.PROT_READ | LibC.PROT_WRITE,
                        LibC.MAP_SHARED | LibC.MAP_ANONYMOUS | LibC.MAP_HUGETLB | LibC.MAP_POPULATE | pageSize.mmapFlag(),
                        -1, 0);
            } catch (final LastErrorException e) {
                throw new DmaException(mmapFailure(pageSize, e.getErrorCode(), sysfsHugepages), e);
            }
            final long physical;
            try {
                LibC.INSTANCE.mlock(address, bytes);
                address.setByte(0, address.getByte(0)); // touch it, as ixy.java does, in case MAP_POPULATE was ignored
                physical = pagemap.physicalAddress(Pointer.nativeValue(address));
            } catch (final LastErrorException e) {
                unmap(address, bytes);
                throw new DmaException(String.format(
                        "cannot lock a %s hugepage in memory: mlock failed with %s; the locked-memory limit (ulimit -l) "
                                + "binds a process without CAP_IPC_LOCK: run as root",
                        pageSize, Errno.describe(e.getErrorCode())), e);
            } catch (final RuntimeException e) {
                unmap(address, bytes);
                throw e;
            }
            final MemorySegment segment = MemorySegment.ofAddress(Pointer.nativeValue(address))
                    .reinterpret(bytes, arena, unused -> unmap(address, bytes));
            return new HugePage(segment, physical);
        };
    }

    private static void unmap(final Pointer address, final long bytes) {
        try {
            LibC.INSTANCE.munmap(address, bytes);
        } catch (final LastErrorException ignored) {
            // nothing to do at release time: the mapping goes when the process exits
        }
    }

    /**
     * What a failed hugepage mmap means and how to fix it, from the errno and the pool counts in
     * {@code sysfsHugepages} ({@code <size folder>/nr_hugepages} and {@code free_hugepages}).
     */
    static String mmapFailure(final PageSize pageSize, final int errno, final Path sysfsHugepages) {
        final String head = String.format("cannot allocate DMA memory: mmap of one %s hugepage (MAP_HUGETLB) failed with %s: ",
                pageSize, Errno.describe(errno));
        final Path pool = sysfsHugepages.resolve(pageSize.sysfsName());
        final String how = pageSize == PageSize.TWO_MIB
                ? "as root: echo 512 > /proc/sys/vm/nr_hugepages, or for one NUMA node: "
                        + "echo 512 > /sys/devices/system/node/node0/hugepages/" + pageSize.sysfsName() + "/nr_hugepages"
                : "at boot with the kernel parameters hugepagesz=1G hugepages=N, or as root: "
                        + "echo N > " + pool.resolve("nr_hugepages");
        if (errno == Errno.EPERM.number() || errno == Errno.EACCES.number()) {
            return head + "the process may not use hugepages; run as root";
        }
        if (errno == Errno.EINVAL.number() && !Files.isDirectory(pool)) {
            return head + "this kernel offers no " + pageSize + " hugepages (" + pool + " does not exist)";
        }
        if (errno != Errno.ENOMEM.number()) {
            return head + "unexpected for an anonymous hugepage mapping; check /proc/meminfo (HugePages_*)";
        }
        if (!Files.isDirectory(pool)) {
            return head + "this kernel offers no " + pageSize + " hugepages (" + pool + " does not exist); reserve some " + how;
        }
        final long reserved = readCount(pool.resolve("nr_hugepages"));
        final long free = readCount(pool.resolve("free_hugepages"));
        if (reserved == 0) {
            return head + "no " + pageSize + " hugepages are reserved (nr_hugepages=0); reserve some " + how;
        }
        if (free == 0) {
            return head + "all " + reserved + " reserved " + pageSize + " hugepages are in use (free_hugepages=0); "
                    + "reserve more " + how;
        }
        return head + "the kernel refused although free_hugepages=" + free + " of nr_hugepages=" + reserved
                + " (pages promised to other mappings, or on another NUMA node); reserve more " + how;
    }

    private static long readCount(final Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public MemorySegment resolve(final long physicalAddress, final long length) {
        final DmaRegion[] table = regions;
        int low = 0;
        int high = table.length - 1;
        while (low <= high) { // the last region whose start is <= physicalAddress
            final int mid = (low + high) >>> 1;
            if (table[mid].physicalAddress() <= physicalAddress) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (high >= 0 && table[high].contains(physicalAddress, length)) {
            return table[high].segment().asSlice(physicalAddress - table[high].physicalAddress(), length);
        }
        throw new DmaFaultException(physicalAddress, length, high >= 0
                ? "nearest region below is " + table[high]
                : table.length == 0 ? "no DMA region has been allocated yet" : "the lowest region is " + table[0]);
    }

    /** Unmaps every hugepage; the regions' segments refuse access afterwards. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "HugepageDmaMemory[pageSize=" + pageSize + ", pages=" + pages() + ", regions=" + regions.length + "]";
    }
}
