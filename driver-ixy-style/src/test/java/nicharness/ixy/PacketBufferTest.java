package nicharness.ixy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The layout checks ixy makes with static_assert on {@code struct pkt_buf}. */
class PacketBufferTest {

    @Test
    void headerIsOneCacheLineAndDataStartsAfterIt() {
        assertEquals(64, PacketBuffer.HEADER_SIZE);
        assertEquals(64, PacketBuffer.DATA_OFFSET);
    }

    @Test
    void headerFieldsAreAlignedAndDoNotOverlap() {
        assertEquals(0, PacketBuffer.PHYSICAL_ADDRESS_OFFSET % 8);
        assertEquals(0, PacketBuffer.POOL_ID_OFFSET % 8);
        assertEquals(0, PacketBuffer.INDEX_OFFSET % 4);
        assertEquals(0, PacketBuffer.SIZE_OFFSET % 4);
        assertTrue(PacketBuffer.PHYSICAL_ADDRESS_OFFSET + 8 <= PacketBuffer.POOL_ID_OFFSET);
        assertTrue(PacketBuffer.POOL_ID_OFFSET + 8 <= PacketBuffer.INDEX_OFFSET);
        assertTrue(PacketBuffer.INDEX_OFFSET + 4 <= PacketBuffer.SIZE_OFFSET);
        assertTrue(PacketBuffer.SIZE_OFFSET + 4 <= PacketBuffer.HEADER_SIZE);
    }

    @Test
    void defaultEntryDividesAHugepageAndHoldsAMaximumFrame() {
        assertEquals(0, PacketBuffer.HUGEPAGE_SIZE % PacketBuffer.DEFAULT_ENTRY_SIZE);
        assertTrue(PacketBuffer.DEFAULT_ENTRY_SIZE - PacketBuffer.HEADER_SIZE >= 1518);
    }
}
