package nicharness.ixgbe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DmaWordsTest {
    private static final ValueLayout.OfLong QWORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt DWORD = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort WORD = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void wordsByAddressAreTheSegmentsLittleEndianWords() {
        final SplittableRandom random = new SplittableRandom(19);
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment ring = arena.allocate(4096, Descriptor.RING_ALIGNMENT);
            final long base = DmaWords.address(ring, 4096);
            for (int i = 0; i < 2000; i++) {
                final long offset = random.nextInt(4096 / 8) * 8L;
                final long value = random.nextLong();
                DmaWords.setQword(base + offset, value);
                assertEquals(value, ring.get(QWORD, offset));
                assertEquals(value, DmaWords.qword(base + offset));
                assertEquals(value, DmaWords.qwordAcquire(base + offset));
                assertEquals((int) value, DmaWords.dword(base + offset), "the low half comes first");
                assertEquals((int) (value >>> 32), DmaWords.dwordAcquire(base + offset + 4));
                assertEquals((int) value & 0xFFFF, DmaWords.word(base + offset), "unsigned");
                final int dword = random.nextInt();
                DmaWords.setDword(base + offset + 4, dword);
                assertEquals(dword, ring.get(DWORD, offset + 4));
                DmaWords.setWord(base + offset + 2, 0xBEEF);
                assertEquals((short) 0xBEEF, ring.get(WORD, offset + 2));
            }
        }
    }

    @Test
    void getAndAddDwordIsAnAtomicAddThatAnswersTheOldValue() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment m = arena.allocate(64, 64);
            final long a = DmaWords.address(m, 64);
            DmaWords.setDword(a + 16, 0x0001_0080);
            assertEquals(0x0001_0080, DmaWords.getAndAddDword(a + 16, 2 << 16));
            assertEquals(0x0003_0080, m.get(DWORD, 16));
        }
    }

    @Test
    void heapMemoryMemoryTooSmallAndMisalignedMemoryAreRefusedWhenTheDriverTakesTheAddress() {
        final IllegalArgumentException heap = assertThrows(IllegalArgumentException.class,
                () -> DmaWords.address(MemorySegment.ofArray(new long[64]), 512));
        assertTrue(heap.getMessage().contains("must be native memory"), heap.getMessage());
        try (Arena arena = Arena.ofConfined()) {
            final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                    () -> DmaWords.address(arena.allocate(256, 128), 257));
            assertTrue(small.getMessage().contains("holds 256 bytes, the driver needs 257"), small.getMessage());
            // The data path's accesses skip the alignment test, so the base is checked here.
            final MemorySegment misaligned = arena.allocate(256, 128).asSlice(4);
            final IllegalArgumentException unaligned = assertThrows(IllegalArgumentException.class,
                    () -> DmaWords.address(misaligned, 64));
            assertTrue(unaligned.getMessage().contains("not aligned to 8 bytes"), unaligned.getMessage());
        }
    }

    @Test
    void baseKeepsEveryAddressTheDriverTakesAndMemoryAbove2To62IsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            final long address = DmaWords.address(arena.allocate(256, 128), 256);
            assertEquals(address, DmaWords.base(address));
        }
        final MemorySegment high = MemorySegment.ofAddress(DmaWords.BASE_MAX - 127).reinterpret(256);
        final IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> DmaWords.address(high, 256));
        assertTrue(above.getMessage().contains("above 2^62"), above.getMessage());
    }
}
