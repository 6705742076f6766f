package nicharness.env.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class ZeroPagesTest {

    @Test
    void theMappingIsZeroedPageAlignedWritableAndGoesWithItsArena() {
        final MemorySegment segment;
        try (Arena arena = Arena.ofShared()) {
            segment = ZeroPages.map(8L << 20, arena).orElseThrow();
            assertEquals(8L << 20, segment.byteSize());
            assertEquals(0, segment.address() % 4096);
            for (long offset = 0; offset < segment.byteSize(); offset += 4093) {
                assertEquals(0, segment.get(ValueLayout.JAVA_BYTE, offset), "offset " + offset);
            }
            segment.set(ValueLayout.JAVA_LONG, 4096, -1L);
            assertEquals(-1L, segment.get(ValueLayout.JAVA_LONG, 4096));
        }
        assertTrue(!segment.scope().isAlive());
        assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
    }
}
