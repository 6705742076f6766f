package nicharness.env.linux;

import static nicharness.env.linux.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nicharness.env.DmaException;
import nicharness.env.DmaFaultException;
import nicharness.env.DmaRegion;
import nicharness.env.linux.HugepageDmaMemory.HugePage;
import nicharness.env.linux.HugepageDmaMemory.PageSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hugepage allocator's rules (no region straddles a page, physical alignment, translation),
 * tested over plain memory with made-up physical addresses; its failure messages; and what this
 * machine's kernel answers, without reserving hugepages.
 */
class HugepageDmaMemoryTest {
    private static final long TWO_MIB = 2L << 20;

    @TempDir
    Path folder;

    /** Pages of plain memory whose physical addresses go down, to show they need not be in order. */
    private static HugepageDmaMemory fakeHugepages(final List<HugePage> mapped) {
        return new HugepageDmaMemory(PageSize.TWO_MIB, (size, arena) -> {
            final long physical = (64L << 30) - (mapped.size() + 1) * size.bytes();
            final HugePage page = new HugePage(arena.allocate(size.bytes(), 4096), physical);
            mapped.add(page);
            return page;
        });
    }

    @Test
    void regionsNeverStraddleAHugepage() {
        final List<HugePage> mapped = new ArrayList<>();
        try (HugepageDmaMemory memory = fakeHugepages(mapped)) {
            final DmaRegion ring = memory.allocate(16 * 1024, 128);
            final DmaRegion most = memory.allocate(TWO_MIB - 16 * 1024 - 64, 64);
            assertEquals(1, memory.pages(), "both fit in the first page");
            final DmaRegion straddler = memory.allocate(128, 128); // 64 bytes left: must go to a new page
            assertEquals(2, memory.pages());
            assertEquals(mapped.get(1).physicalAddress(), straddler.physicalAddress(), "starts the new page");
            final DmaRegion buffers = memory.allocate(TWO_MIB, 4096); // exactly one page
            assertEquals(3, memory.pages());
            for (final DmaRegion region : List.of(ring, most, straddler, buffers)) {
                final long first = region.physicalAddress() / TWO_MIB;
                final long last = (region.physicalAddress() + region.size() - 1) / TWO_MIB;
                assertEquals(first, last, region + " crosses a hugepage boundary");
            }
        }
    }

    @Test
    void physicalAlignmentFollowsTheRequest() {
        try (HugepageDmaMemory memory = fakeHugepages(new ArrayList<>())) {
            memory.allocate(1, 1);
            for (long alignment = 1; alignment <= TWO_MIB; alignment <<= 1) {
                final DmaRegion region = memory.allocate(8, alignment);
                assertEquals(0, region.physicalAddress() % alignment, "alignment=" + alignment);
            }
        }
    }

    @Test
    void resolveFindsEveryRegionAcrossUnorderedPages() {
        final List<HugePage> mapped = new ArrayList<>();
        try (HugepageDmaMemory memory = fakeHugepages(mapped)) {
            final List<DmaRegion> regions = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                final DmaRegion region = memory.allocate(TWO_MIB / 2 + 64, 64); // one region per page
                region.segment().set(ValueLayout.JAVA_INT, 64, 1000 + i);
                regions.add(region);
            }
            assertEquals(5, memory.pages());
            for (int i = 0; i < regions.size(); i++) {
                final MemorySegment view = memory.resolve(regions.get(i).physicalAddress() + 64, 4);
                assertEquals(1000 + i, view.get(ValueLayout.JAVA_INT, 0));
            }
            final DmaRegion first = regions.get(0);
            final DmaFaultException e = assertThrows(DmaFaultException.class,
                    () -> memory.resolve(first.physicalAddress() + first.size() - 2, 4));
            assertContains(e.getMessage(), "nearest region below is", "size=" + first.size());
            assertThrows(DmaFaultException.class, () -> memory.resolve(0, 1));
        }
    }

    @Test
    void regionsAreUnusableAfterClose() {
        final HugepageDmaMemory memory = fakeHugepages(new ArrayList<>());
        final DmaRegion region = memory.allocate(64, 64);
        memory.close();
        memory.close(); // twice is harmless
        assertThrows(IllegalStateException.class, () -> region.segment().get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void aRegionLargerThanAHugepageIsRefusedWithTheWayOut() {
        try (HugepageDmaMemory memory = fakeHugepages(new ArrayList<>())) {
            assertEquals(TWO_MIB, memory.maxRegionSize());
            final DmaException e = assertThrows(DmaException.class, () -> memory.allocate(TWO_MIB + 1, 64));
            assertContains(e.getMessage(), "2097153 bytes", "physically contiguous", "2 MiB", "several regions",
                    "maxRegionSize()=2097152", "hugepagesz=1G");
            assertEquals(0, memory.pages(), "nothing was mapped for a refused request");
        }
    }

    @Test
    void badArgumentsAreRefused() {
        try (HugepageDmaMemory memory = fakeHugepages(new ArrayList<>())) {
            assertContains(assertThrows(IllegalArgumentException.class, () -> memory.allocate(0, 64)).getMessage(), "size=0");
            assertContains(assertThrows(IllegalArgumentException.class, () -> memory.allocate(64, 96)).getMessage(),
                    "alignment=96");
            assertContains(assertThrows(IllegalArgumentException.class, () -> memory.allocate(64, 2 * TWO_MIB))
                    .getMessage(), "alignment=4194304", "page size=2097152");
        }
    }

    @Test
    void aPageThatIsNotSizeAlignedIsNotAHugepage() {
        try (HugepageDmaMemory memory = new HugepageDmaMemory(PageSize.TWO_MIB,
                (size, arena) -> new HugePage(arena.allocate(size.bytes(), 4096), 0x1234_5000L))) {
            final DmaException e = assertThrows(DmaException.class, () -> memory.allocate(64, 64));
            assertContains(e.getMessage(), "0x12345000", "not hugetlb memory");
        }
    }

    // ---- messages for each way mmap can fail ----------------------------------------------

    private Path pool(final String name, final long reserved, final long free) throws IOException {
        final Path pool = Files.createDirectories(folder.resolve(name));
        Files.writeString(pool.resolve("nr_hugepages"), reserved + "\n");
        Files.writeString(pool.resolve("free_hugepages"), free + "\n");
        return folder;
    }

    @Test
    void noHugepagesReservedSaysHowToReserveThem() throws IOException {
        final String message = HugepageDmaMemory.mmapFailure(PageSize.TWO_MIB, 12, pool("hugepages-2048kB", 0, 0));
        assertContains(message, "ENOMEM (12", "no 2 MiB hugepages are reserved", "nr_hugepages=0",
                "echo 512 > /proc/sys/vm/nr_hugepages", "/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages");
    }

    @Test
    void allHugepagesInUseSaysReserveMore() throws IOException {
        final String message = HugepageDmaMemory.mmapFailure(PageSize.TWO_MIB, 12, pool("hugepages-2048kB", 16, 0));
        assertContains(message, "all 16 reserved 2 MiB hugepages are in use", "free_hugepages=0", "reserve more",
                "echo 512 > /proc/sys/vm/nr_hugepages");
    }

    @Test
    void refusedDespiteFreePagesGivesTheCounts() throws IOException {
        final String message = HugepageDmaMemory.mmapFailure(PageSize.TWO_MIB, 12, pool("hugepages-2048kB", 16, 3));
        assertContains(message, "free_hugepages=3 of nr_hugepages=16", "NUMA node");
    }

    @Test
    void missingPageSizeSaysTheKernelHasNone() {
        final String message = HugepageDmaMemory.mmapFailure(PageSize.ONE_GIB, 22, folder);
        assertContains(message, "EINVAL (22", "offers no 1 GiB hugepages", "hugepages-1048576kB does not exist");
        final String noMemory = HugepageDmaMemory.mmapFailure(PageSize.ONE_GIB, 12, folder);
        assertContains(noMemory, "offers no 1 GiB hugepages", "hugepagesz=1G hugepages=N");
    }

    @Test
    void noPermissionSaysRunAsRoot() {
        assertContains(HugepageDmaMemory.mmapFailure(PageSize.TWO_MIB, 1, folder), "EPERM (1", "run as root");
        assertContains(HugepageDmaMemory.mmapFailure(PageSize.TWO_MIB, 13, folder), "EACCES (13", "run as root");
    }

    // ---- this machine ----------------------------------------------------------------------

    @Test
    void thisMachineEitherAllocatesOrSaysHowToReserveHugepages() throws IOException {
        final Path pool = HugepageDmaMemory.SYSFS_HUGEPAGES.resolve(PageSize.TWO_MIB.sysfsName());
        final long free = Files.isRegularFile(pool.resolve("free_hugepages"))
                ? Long.parseLong(Files.readString(pool.resolve("free_hugepages")).trim()) : 0;
        try (HugepageDmaMemory memory = HugepageDmaMemory.open()) {
            if (free == 0) {
                final DmaException e = assertThrows(DmaException.class, () -> memory.allocate(4096, 128));
                assertContains(e.getMessage(), "cannot allocate DMA memory", "2 MiB hugepage", "ENOMEM",
                        "echo 512 > /proc/sys/vm/nr_hugepages");
                assertEquals(0, memory.pages());
            } else {
                final DmaRegion ring = memory.allocate(4096, 128);
                assertEquals(0, ring.physicalAddress() % 128);
                assertTrue(ring.physicalAddress() != 0);
                ring.segment().set(ValueLayout.JAVA_LONG, 8, 7);
                assertEquals(7, memory.resolve(ring.physicalAddress() + 8, 8).get(ValueLayout.JAVA_LONG, 0));
                assertEquals(1, memory.pages());
            }
        }
    }
}
