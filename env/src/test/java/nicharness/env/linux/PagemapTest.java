package nicharness.env.linux;

import static nicharness.env.linux.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import nicharness.env.DmaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Translation through a synthetic pagemap file, each failure's message, and the real one. */
class PagemapTest {
    private static final long PRESENT = 1L << 63;

    @TempDir
    Path folder;

    /** A pagemap whose entry k describes the virtual page at k * 4096. */
    private Pagemap pagemap(final long... entries) throws IOException {
        final ByteBuffer bytes = ByteBuffer.allocate(entries.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (final long entry : entries) {
            bytes.putLong(entry);
        }
        final Path file = folder.resolve("pagemap");
        Files.write(file, bytes.array());
        return new Pagemap(file);
    }

    @Test
    void presentPageGivesFrameNumberTimesPageSizePlusOffset() throws IOException {
        final Pagemap map = pagemap(0, PRESENT | 0x1234, PRESENT | 0x7_FFFF_FFFF_FFFFL);
        assertEquals(0x1234L * 4096 + 0x123, map.physicalAddress(4096 + 0x123));
        assertEquals(0x1234L * 4096, map.physicalAddress(4096));
        assertEquals(0x1234L * 4096 + 4095, map.physicalAddress(2 * 4096 - 1));
        assertEquals(0x7_FFFF_FFFF_FFFFL * 4096 + 8, map.physicalAddress(2 * 4096 + 8), "all 55 PFN bits are used");
    }

    @Test
    void flagBitsAboveTheFrameNumberAreNotPartOfTheAddress() throws IOException {
        final long softDirty = 1L << 55;
        final long exclusive = 1L << 56;
        final long fileOrShared = 1L << 61;
        final Pagemap map = pagemap(PRESENT | fileOrShared | exclusive | softDirty | 0xABCDE);
        assertEquals(0xABCDEL * 4096 + 0x10, map.physicalAddress(0x10));
    }

    @Test
    void pageNotPresentSaysTouchItFirst() throws IOException {
        final Pagemap map = pagemap(PRESENT | 5, 0x1234);
        final DmaException e = assertThrows(DmaException.class, () -> map.physicalAddress(4096 + 64));
        assertContains(e.getMessage(), "0x1040", "not in RAM", "present bit 63 clear", "MAP_POPULATE");
    }

    @Test
    void swappedOutPageSaysSo() throws IOException {
        final Pagemap map = pagemap((1L << 62) | 0x77);
        assertContains(assertThrows(DmaException.class, () -> map.physicalAddress(0)).getMessage(), "swapped out");
    }

    @Test
    void frameNumberZeroSaysRunAsRoot() throws IOException {
        final Pagemap map = pagemap(PRESENT);
        final DmaException e = assertThrows(DmaException.class, () -> map.physicalAddress(0x800));
        assertContains(e.getMessage(), "page frame number 0", "0x800", "CAP_SYS_ADMIN", "run as root");
    }

    @Test
    void addressPastTheFileSaysThereIsNoEntry() throws IOException {
        final Pagemap map = pagemap(PRESENT | 1);
        final DmaException e = assertThrows(DmaException.class, () -> map.physicalAddress(3 * 4096));
        assertContains(e.getMessage(), "no entry for virtual address 0x3000", "offset 24");
    }

    @Test
    void missingFileIsNamed() {
        final Pagemap map = new Pagemap(folder.resolve("nope"));
        final DmaException e = assertThrows(DmaException.class, () -> map.physicalAddress(0));
        assertContains(e.getMessage(), "nope", "does not exist");
    }

    @Test
    void rawEntryIsReadLittleEndianAtVirtualPageTimesEight() throws IOException {
        final Pagemap map = pagemap(1, 2, 0x0102_0304_0506_0708L);
        assertEquals(0x0102_0304_0506_0708L, map.entry(2 * 4096 + 17));
    }

    @Test
    void theRealPagemapTranslatesATouchedPageOrSaysWhyNot() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment page = arena.allocate(4096, 4096);
            page.set(ValueLayout.JAVA_LONG, 0, 42); // touch: present from now on
            final long virtual = page.address() + 100;
            try {
                final long physical = Pagemap.self().physicalAddress(virtual);
                assertEquals(100, physical & 4095, "the offset within the page carries over");
            } catch (final DmaException e) {
                // without CAP_SYS_ADMIN the kernel hides frame numbers: the message must say so
                assertContains(e.getMessage(), "run as root");
            }
        }
    }
}
