package nicharness.env;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import nicharness.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulated host memory: its allocator, its physical address space, and the IOMMU-like
 * check that refuses every byte outside an allocated region with a message that leads to the bug.
 */
class SimulatedDmaMemoryTest {
    private static final long BASE = SimulatedDmaMemory.DEFAULT_PHYSICAL_BASE;

    private final SimulatedDmaMemory memory = new SimulatedDmaMemory(1 << 20);

    @AfterEach
    void close() {
        memory.close();
    }

    // ---- allocation ------------------------------------------------------------------------

    @Test
    void everyRegionIsAlignedToExactlyWhatWasAskedNeverMore() {
        // A ring asked at 64 bytes must not come out 128-aligned by luck: the bug would then hide.
        try (SimulatedDmaMemory memory = new SimulatedDmaMemory(8L << 20).exactAlignment()) {
            final long[] alignments = {16, 64, 128, 4096, 64, 16, 2048, 128, 8};
            for (int round = 0; round < 3; round++) {
                for (final long alignment : alignments) {
                    final long address = memory.allocate(100, alignment).physicalAddress();
                    assertEquals(0, address % alignment, "aligned to " + alignment);
                    assertEquals(alignment, address % (2 * alignment), String.format(
                            "0x%x asked at %d is also aligned to %d", address, alignment, 2 * alignment));
                }
            }
        }
    }

    @Test
    void regionsAreZeroedDisjointAndInAllocationOrder() {
        final DmaRegion a = memory.allocate(100, 1);
        final DmaRegion b = memory.allocate(200, 1);
        assertEquals(BASE, a.physicalAddress(), "the first region starts at the physical base");
        assertEquals(BASE + 100, b.physicalAddress(), "with alignment 1 the bump allocator leaves no gap");
        assertEquals(100, a.size());
        assertEquals(200, b.size());
        for (long i = 0; i < b.size(); i++) {
            assertEquals(0, b.segment().get(ValueLayout.JAVA_BYTE, i), "byte " + i + " is zeroed");
        }
        assertEquals(300, memory.used());
    }

    @Test
    void physicalAddressIsAMultipleOfTheAlignment() {
        memory.allocate(1, 1); // puts the bump pointer off every alignment
        for (long alignment = 1; alignment <= 65536; alignment <<= 1) {
            final DmaRegion region = memory.allocate(3, alignment);
            assertEquals(0, region.physicalAddress() % alignment,
                    "alignment=" + alignment + " phys=0x" + Long.toHexString(region.physicalAddress()));
        }
    }

    @Test
    void regionSegmentAndPhysicalAddressNameTheSameBytes() {
        final DmaRegion ring = memory.allocate(4096, 128);
        ring.segment().set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0x0123_4567_89AB_CDEFL);
        final long offset = memory.checkedOffset(ring.physicalAddress(8), 8);
        assertEquals(0x0123_4567_89AB_CDEFL, memory.segment().get(ValueLayout.JAVA_LONG_UNALIGNED, offset));
        final MemorySegment resolved = memory.resolve(ring.physicalAddress() + 8, 8);
        assertEquals(0x0123_4567_89AB_CDEFL, resolved.get(ValueLayout.JAVA_LONG_UNALIGNED, 0));
        assertEquals(8, resolved.byteSize());
    }

    @Test
    void translationCoversEveryByteOfEveryRegionAndNothingElse() {
        final DmaRegion a = memory.allocate(64, 64);
        final DmaRegion b = memory.allocate(64, 4096); // leaves a gap after a
        assertTrue(memory.isAllocated(a.physicalAddress(), 64));
        assertTrue(memory.isAllocated(a.physicalAddress() + 63, 1));
        assertTrue(memory.isAllocated(b.physicalAddress(), 64));
        assertFalse(memory.isAllocated(a.physicalAddress() + 64, 1), "the first byte of the gap");
        assertFalse(memory.isAllocated(b.physicalAddress() - 1, 1), "the last byte of the gap");
        assertFalse(memory.isAllocated(b.physicalAddress() + 64, 1), "the byte after the last region");
        assertFalse(memory.isAllocated(a.physicalAddress(), 65), "a range across the gap");
    }

    @Test
    void emptyRangeIsAcceptedInsideARegionOnly() {
        final DmaRegion a = memory.allocate(64, 64);
        final DmaRegion b = memory.allocate(64, 4096);
        assertEquals(0, memory.checkedOffset(a.physicalAddress(), 0));
        assertEquals(64, memory.checkedOffset(a.physicalAddress() + 64, 0), "an empty range at a region's end");
        assertFalse(memory.isAllocated(b.physicalAddress() - 1, 0), "an empty range in a gap");
    }

    @Test
    void badArgumentsAreRefusedWithTheirValues() {
        assertAll(
                () -> assertMessage(IllegalArgumentException.class, () -> memory.allocate(0, 64), "size=0"),
                () -> assertMessage(IllegalArgumentException.class, () -> memory.allocate(-1, 64), "size=-1"),
                () -> assertMessage(IllegalArgumentException.class, () -> memory.allocate(64, 0), "alignment=0"),
                () -> assertMessage(IllegalArgumentException.class, () -> memory.allocate(64, 48), "alignment=48"),
                () -> assertMessage(IllegalArgumentException.class, () -> memory.allocate(64, -64), "alignment=-64"),
                () -> assertMessage(IllegalArgumentException.class, () -> new SimulatedDmaMemory(0), "capacity=0"),
                () -> assertMessage(IllegalArgumentException.class,
                        () -> new SimulatedDmaMemory(memory.segment(), 0x1234), "physicalBase=0x1234"));
    }

    @Test
    void exhaustionSaysWhatWasAskedWhatIsUsedAndWhatToDo() {
        memory.allocate(1000, 1);
        final DmaException e = assertThrows(DmaException.class, () -> memory.allocate(1 << 20, 4096));
        assertContains(e.getMessage(), "exhausted", "1048576 bytes", "aligned to 4096", "1000 of 1048576",
                "larger capacity");
        // The failed request changed nothing: the rest is still there.
        assertEquals(1000, memory.used());
        memory.allocate((1 << 20) - 1000, 1);
    }

    @Test
    void regionsObeyTheHugepageRuleOfTheRealEnvironment() {
        try (SimulatedDmaMemory big = new SimulatedDmaMemory(16L << 20)) {
            assertEquals(SimulatedDmaMemory.HUGEPAGE_SIZE, big.maxRegionSize());
            final DmaException e = assertThrows(DmaException.class,
                    () -> big.allocate(SimulatedDmaMemory.HUGEPAGE_SIZE + 1, 64));
            assertContains(e.getMessage(), "2 MiB hugepage", "several regions");
            final DmaRegion small = big.allocate(4096, 64);
            // A whole page does not fit after the small region: it starts on the next 2 MiB boundary.
            final DmaRegion page = big.allocate(SimulatedDmaMemory.HUGEPAGE_SIZE, 2048);
            assertEquals(0, (page.physicalAddress() - big.physicalBase()) % SimulatedDmaMemory.HUGEPAGE_SIZE);
            assertTrue(page.physicalAddress() > small.physicalAddress());
            // Regions that fit share a page; none crosses a boundary.
            for (int i = 0; i < 20; i++) {
                final DmaRegion r = big.allocate(300_000, 64);
                final long first = (r.physicalAddress() - big.physicalBase()) / SimulatedDmaMemory.HUGEPAGE_SIZE;
                final long last = (r.physicalAddress() + 300_000 - 1 - big.physicalBase()) / SimulatedDmaMemory.HUGEPAGE_SIZE;
                assertEquals(first, last, "region " + i + " crosses a 2 MiB boundary");
            }
        }
        try (SimulatedDmaMemory lifted = new SimulatedDmaMemory(8L << 20).withoutHugepageRule()) {
            assertEquals(3L << 20, lifted.allocate(3L << 20, 64).segment().byteSize());
        }
    }

    @Test
    void hugeAlignmentIsExhaustionNotOverflow() {
        assertThrows(DmaException.class, () -> memory.allocate(64, 1L << 62));
        assertThrows(DmaException.class, () -> memory.allocate(Long.MAX_VALUE, 1));
        assertEquals(0, memory.used());
    }

    @Test
    void physicalAddressOfAnOffsetIsBoundsChecked() {
        final DmaRegion region = memory.allocate(256, 128);
        assertEquals(region.physicalAddress() + 256, region.physicalAddress(256), "one past the end is a valid bound");
        assertThrows(IndexOutOfBoundsException.class, () -> region.physicalAddress(257));
        assertThrows(IndexOutOfBoundsException.class, () -> region.physicalAddress(-1));
    }

    @Test
    void closingReleasesTheSegment() {
        final SimulatedDmaMemory closing = new SimulatedDmaMemory(4096);
        final DmaRegion region = closing.allocate(64, 64);
        closing.close();
        assertThrows(IllegalStateException.class, () -> region.segment().get(ValueLayout.JAVA_BYTE, 0));
    }

    // ---- faults: every kind of bad range names the range, the rule and the nearest region ---

    @Test
    void faultBeforeAnyAllocation() {
        final DmaFaultException e = assertThrows(DmaFaultException.class, () -> memory.checkedOffset(BASE, 64));
        assertContains(e.getMessage(), "0x100000000", "64 bytes", "no DMA region has been allocated yet");
        assertEquals(BASE, e.address());
        assertEquals(64, e.length());
    }

    @Test
    void faultBelowTheBase() {
        memory.allocate(4096, 4096);
        final DmaFaultException e = assertThrows(DmaFaultException.class, () -> memory.checkedOffset(0x1000, 16));
        assertContains(e.getMessage(), "[0x1000, 0x1010)", "16 bytes", "below host memory", "0x100000000",
                "virtual address", "nearest region is [0x100000000, 0x100001000) (4096 bytes)");
    }

    @Test
    void faultAtPhysicalAddressZero() {
        memory.allocate(4096, 4096);
        final DmaFaultException e = assertThrows(DmaFaultException.class, () -> memory.checkedOffset(0, 2048));
        assertContains(e.getMessage(), "[0x0, 0x800)", "physical address 0", "never set", "nearest region");
    }

    @Test
    void faultInAnAlignmentGap() {
        memory.allocate(100, 1);
        final DmaRegion second = memory.allocate(64, 4096);
        final long gap = BASE + 200;
        final DmaFaultException e = assertThrows(DmaFaultException.class, () -> memory.checkedOffset(gap, 8));
        assertContains(e.getMessage(), "[0x1000000c8, 0x1000000d0)", "not inside any region", "alignment gap",
                "nearest region is [0x100000000, 0x100000064) (100 bytes)");
        final DmaFaultException justBefore = assertThrows(DmaFaultException.class,
                () -> memory.checkedOffset(second.physicalAddress() - 8, 8));
        assertContains(justBefore.getMessage(), "nearest region is [0x100001000, 0x100001040) (64 bytes)");
    }

    @Test
    void faultStraddlingTheEndOfARegion() {
        final DmaRegion ring = memory.allocate(512, 128);
        memory.allocate(512, 128); // the next region is adjacent: one range may not span two regions
        final DmaFaultException e = assertThrows(DmaFaultException.class,
                () -> memory.checkedOffset(ring.physicalAddress() + 500, 16));
        assertContains(e.getMessage(), "[0x1000001f4, 0x100000204)", "16 bytes", "starts inside a region",
                "4 bytes past its end", "nearest region is [0x100000000, 0x100000200) (512 bytes)");
    }

    @Test
    void faultPastTheEndOfAllocatedMemory() {
        final DmaRegion last = memory.allocate(2048, 64);
        final DmaFaultException e = assertThrows(DmaFaultException.class,
                () -> memory.checkedOffset(last.physicalAddress() + 4096, 64));
        assertContains(e.getMessage(), "[0x100001000, 0x100001040)", "not inside any region",
                "nearest region is [0x100000000, 0x100000800) (2048 bytes)");
        final DmaFaultException beyond = assertThrows(DmaFaultException.class,
                () -> memory.checkedOffset(BASE + (1 << 20), 1));
        assertContains(beyond.getMessage(), "past the end of host memory [0x100000000, 0x100100000)");
    }

    @Test
    void faultForANegativeLength() {
        final DmaRegion region = memory.allocate(2048, 64);
        final DmaFaultException e = assertThrows(DmaFaultException.class,
                () -> memory.checkedOffset(region.physicalAddress(), -4));
        assertContains(e.getMessage(), "-4 bytes", "length is negative", "nearest region");
        assertEquals(-4, e.length());
    }

    @Test
    void faultForALengthThatWrapsAround() {
        final DmaRegion region = memory.allocate(2048, 64);
        assertThrows(DmaFaultException.class, () -> memory.checkedOffset(region.physicalAddress() + 8, Long.MAX_VALUE));
    }

    @Test
    void resolveFaultsLikeCheckedOffset() {
        memory.allocate(64, 64);
        assertThrows(DmaFaultException.class, () -> memory.resolve(BASE + 60, 8));
    }

    @Test
    void checkedOffsetAllocatesNothingForValidRanges() {
        final long[] addresses = new long[64];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = memory.allocate(2048, 64).physicalAddress() + 14;
        }
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        long sink = 0;
        for (int warm = 0; warm < 50; warm++) { // compile translateMany and warm the bean before measuring
            sink += translateMany(addresses, 2_000);
            sink += threads.getThreadAllocatedBytes(thread);
        }
        long fewest = Long.MAX_VALUE; // the fewest of three rounds: a round can catch unrelated JVM work
        for (int round = 0; round < 3; round++) {
            final long before = threads.getThreadAllocatedBytes(thread);
            sink += translateMany(addresses, 100_000);
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(thread) - before);
        }
        assertTrue(sink != 0);
        assertEquals(0, fewest, "bytes allocated by 100000 translations");
    }

    private long translateMany(final long[] addresses, final int count) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += memory.checkedOffset(addresses[i & 63], 60);
        }
        return sum;
    }

    // ---- two threads -----------------------------------------------------------------------

    /** A region and the stamp its allocating thread wrote into its first four bytes. */
    private record Stamped(DmaRegion region, int stamp) {
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void allocatingAndResolvingConcurrently() throws InterruptedException {
        final int perThread = 2000;
        final SimulatedDmaMemory shared = new SimulatedDmaMemory(8L << 20);
        try {
            final ConcurrentLinkedQueue<Stamped> published = new ConcurrentLinkedQueue<>();
            // Each thread's latest region, so the other resolves a region published a moment ago
            // (the lock-free look-up must see the allocator's newest table, not an old one).
            final AtomicReferenceArray<DmaRegion> latest = new AtomicReferenceArray<>(2);
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final CountDownLatch start = new CountDownLatch(1);
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                final int id = t;
                threads.add(Thread.ofPlatform().name("allocator-" + t).start(() -> {
                    try {
                        start.await();
                        int resolved = 0;
                        for (int i = 0; i < perThread; i++) {
                            final DmaRegion region = shared.allocate(64 + (i % 7) * 64, 64);
                            // a stamp only this thread writes: overlapping regions would clobber it
                            final int stamp = id << 24 | i;
                            region.segment().set(ValueLayout.JAVA_INT_UNALIGNED, 0, stamp);
                            published.add(new Stamped(region, stamp));
                            latest.set(id, region);
                            final DmaRegion other = latest.get(1 - id);
                            if (other != null) {
                                final MemorySegment view = shared.resolve(other.physicalAddress(), other.size());
                                if (view.byteSize() != other.size()) {
                                    throw new AssertionError("resolved size " + view.byteSize() + " for " + other);
                                }
                                resolved++;
                            }
                        }
                        if (resolved == 0) {
                            throw new AssertionError("thread " + id + " resolved nothing");
                        }
                    } catch (final Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            start.countDown();
            for (final Thread thread : threads) {
                Wait.join(thread, "allocating from the shared memory", Wait.DEFAULT);
            }
            if (failure.get() != null) {
                throw new AssertionError("a thread failed", failure.get());
            }
            final List<Stamped> all = new ArrayList<>(published);
            assertEquals(2 * perThread, all.size());
            all.sort((x, y) -> Long.compare(x.region().physicalAddress(), y.region().physicalAddress()));
            for (int i = 0; i < all.size(); i++) {
                final DmaRegion region = all.get(i).region();
                assertEquals(0, region.physicalAddress() % 64);
                if (i > 0) {
                    final DmaRegion previous = all.get(i - 1).region();
                    assertTrue(previous.physicalAddress() + previous.size() <= region.physicalAddress(),
                            previous + " overlaps " + region);
                }
                // Through the physical address, each region still holds its own thread's stamp.
                assertEquals(all.get(i).stamp(),
                        shared.resolve(region.physicalAddress(), 4).get(ValueLayout.JAVA_INT_UNALIGNED, 0));
                assertTrue(shared.isAllocated(region.physicalAddress(), region.size()));
            }
        } finally {
            shared.close();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    static void assertContains(final String message, final String... parts) {
        for (final String part : parts) {
            assertTrue(message.contains(part), () -> "message lacks \"" + part + "\": " + message);
        }
    }

    private static <T extends Throwable> void assertMessage(final Class<T> type,
            final org.junit.jupiter.api.function.Executable call, final String part) {
        assertContains(assertThrows(type, call).getMessage(), part);
    }
}
