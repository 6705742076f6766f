package nicharness.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** A register space over memory stores 32-bit little-endian words, as the 82599's BAR0 does. */
class MemoryRegisterSpaceTest {

    @Test
    void writeThenReadRoundTripsEveryBitPattern() {
        try (Arena arena = Arena.ofConfined()) {
            final MemoryRegisterSpace registers = new MemoryRegisterSpace(arena.allocate(0x100, 4));
            final int[] values = {0, 1, -1, 0x8000_0000, 0x7FFF_FFFF, 0x1234_5678, 0xDEAD_BEEF};
            for (int i = 0; i < values.length; i++) {
                registers.write(4 * i, values[i]);
            }
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], registers.read(4 * i), "register at offset " + 4 * i);
            }
            assertEquals(0x100, registers.size());
        }
    }

    @Test
    void wordsAreLittleEndianInMemory() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment bar = arena.allocate(16, 4);
            final MemoryRegisterSpace registers = new MemoryRegisterSpace(bar);
            registers.write(8, 0x1122_3344);
            assertEquals(0x44, bar.get(ValueLayout.JAVA_BYTE, 8), "least significant byte first");
            assertEquals(0x33, bar.get(ValueLayout.JAVA_BYTE, 9));
            assertEquals(0x22, bar.get(ValueLayout.JAVA_BYTE, 10));
            assertEquals(0x11, bar.get(ValueLayout.JAVA_BYTE, 11));
            assertEquals(0, bar.get(ValueLayout.JAVA_INT, 4), "neighbours untouched");
            assertEquals(0, bar.get(ValueLayout.JAVA_INT, 12), "neighbours untouched");

            bar.set(ValueLayout.JAVA_BYTE, 0, (byte) 0xEF);
            bar.set(ValueLayout.JAVA_BYTE, 1, (byte) 0xBE);
            bar.set(ValueLayout.JAVA_BYTE, 2, (byte) 0xAD);
            bar.set(ValueLayout.JAVA_BYTE, 3, (byte) 0xDE);
            assertEquals(0xDEAD_BEEF, registers.read(0), "a device's little-endian word read back");
            assertEquals(bar, registers.segment());
        }
    }

    @Test
    void theLastRegisterIsReachableAndOneBeyondIsNot() {
        try (Arena arena = Arena.ofConfined()) {
            final MemoryRegisterSpace registers = new MemoryRegisterSpace(arena.allocate(0x20000, 4));
            registers.write(0x1FFFC, 7);
            assertEquals(7, registers.read(0x1FFFC));
            assertThrows(IndexOutOfBoundsException.class, () -> registers.read(0x20000));
            assertThrows(IndexOutOfBoundsException.class, () -> registers.write(-4, 0));
        }
    }

    @Test
    void aSizeThatIsNotWholeRegistersIsRefused() {
        try (Arena arena = Arena.ofConfined()) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new MemoryRegisterSpace(arena.allocate(10, 4)));
            SimulatedDmaMemoryTest.assertContains(e.getMessage(), "multiple of 4", "size=10");
        }
    }
}
