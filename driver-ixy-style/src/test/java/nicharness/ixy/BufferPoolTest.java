package nicharness.ixy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.env.SimulatedDmaMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferPoolTest {
    private final SimulatedDmaMemory dma = new SimulatedDmaMemory(4L << 20);

    @AfterEach
    void close() {
        dma.close();
    }

    @Test
    void headersHoldPhysicalAddressPoolAndIndex() {
        final BufferPool pool = BufferPool.allocate(dma, 3, 16, 2048, false);
        for (int i = 15; i >= 0; i--) {
            final int buffer = pool.alloc();
            assertEquals(3, BufferPool.poolId(buffer));
            assertEquals(i, BufferPool.index(buffer), "as ixy, a fresh pool hands out index 15, 14, 13, ...");
            final long entry = pool.dataOffset(buffer) - PacketBuffer.DATA_OFFSET;
            assertEquals((long) i * 2048, entry);
            assertEquals(pool.physicalAddress(3 << BufferPool.INDEX_BITS) + entry, pool.physicalAddress(buffer));
            assertEquals(3L, pool.memory(buffer).get(ValueLayout.JAVA_LONG_UNALIGNED, entry + PacketBuffer.POOL_ID_OFFSET));
            assertEquals(i, pool.memory(buffer).get(ValueLayout.JAVA_INT_UNALIGNED, entry + PacketBuffer.INDEX_OFFSET));
            assertSameBytes(pool, buffer);
        }
        assertEquals(1, pool.regions());
    }

    /** The physical address in the header and the CPU's view of the buffer describe the same bytes. */
    private void assertSameBytes(final BufferPool pool, final int buffer) {
        final long physical = pool.physicalAddress(buffer) + PacketBuffer.DATA_OFFSET;
        assertTrue(dma.isAllocated(physical, pool.dataCapacity()));
        pool.memory(buffer).set(ValueLayout.JAVA_BYTE, pool.dataOffset(buffer) + 7, (byte) 0x77);
        assertEquals((byte) 0x77, dma.segment().get(ValueLayout.JAVA_BYTE, dma.checkedOffset(physical + 7, 1)));
        pool.memory(buffer).set(ValueLayout.JAVA_BYTE, pool.dataOffset(buffer) + 7, BufferPool.POISON);
    }

    @Test
    void aPoolLargerThanOneRegionSpansSeveralOfWholeEntries() {
        final DmaMemory small = new DmaMemory() { // a memory whose regions hold at most 8 KiB, like a tiny hugepage
            @Override
            public DmaRegion allocate(final long size, final long alignment) {
                assertTrue(size <= 8192, "size=" + size);
                return dma.allocate(size, alignment);
            }

            @Override
            public long maxRegionSize() {
                return 8192;
            }

            @Override
            public MemorySegment resolve(final long physicalAddress, final long length) {
                return dma.resolve(physicalAddress, length);
            }

            @Override
            public void close() {
            }
        };
        final BufferPool pool = BufferPool.allocate(small, 2, 10, 2048, true);
        assertEquals(3, pool.regions(), "4 + 4 + 2 entries");
        for (int i = 9; i >= 0; i--) {
            final int buffer = pool.alloc();
            assertEquals(i, BufferPool.index(buffer));
            assertSameBytes(pool, buffer);
            pool.setSize(buffer, 100 + i);
        }
        for (int i = 0; i < 10; i++) {
            assertEquals(100 + i, pool.size((2 << BufferPool.INDEX_BITS) | i));
            pool.free((2 << BufferPool.INDEX_BITS) | i);
        }
    }

    @Test
    void allocIsLastInFirstOut() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 8, 2048, false);
        final int a = pool.alloc();
        final int b = pool.alloc();
        pool.free(a);
        pool.free(b);
        assertEquals(b, pool.alloc());
        assertEquals(a, pool.alloc());
    }

    @Test
    void emptyPoolAnswersNoneAndCountsTraffic() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 4, 2048, false);
        for (int i = 0; i < 4; i++) {
            pool.alloc();
        }
        assertEquals(0, pool.freeCount());
        assertEquals(BufferPool.NONE, pool.alloc());
        assertEquals(4, pool.gets());
        pool.free(2);
        assertEquals(1, pool.puts());
        assertEquals(1, pool.freeCount());
    }

    @Test
    void sizeIsKeptInTheHeader() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 4, 2048, false);
        final int buffer = pool.alloc();
        pool.setSize(buffer, 1514);
        assertEquals(1514, pool.size(buffer));
        assertEquals(1514, pool.memory(buffer).get(ValueLayout.JAVA_INT_UNALIGNED,
                pool.dataOffset(buffer) - PacketBuffer.DATA_OFFSET + PacketBuffer.SIZE_OFFSET));
        assertEquals(2048 - 64, pool.dataCapacity());
    }

    @Test
    void setUpRefusesBadSizesWithTheValue() {
        final var entries = assertThrows(IllegalArgumentException.class, () -> BufferPool.allocate(dma, 0, 0, 2048, false));
        assertTrue(entries.getMessage().contains("entries=0"), entries.getMessage());
        final var size = assertThrows(IllegalArgumentException.class, () -> BufferPool.allocate(dma, 0, 8, 3000, false));
        assertTrue(size.getMessage().contains("entrySize=3000"), size.getMessage());
        final var id = assertThrows(IllegalArgumentException.class,
                () -> BufferPool.allocate(dma, BufferPool.MAX_POOLS, 8, 2048, false));
        assertTrue(id.getMessage().contains("id=" + BufferPool.MAX_POOLS), id.getMessage());
    }

    @Test
    void allocAndFreeAllocateNothing() {
        for (final boolean debug : new boolean[] {false, true}) {
            final BufferPool pool = BufferPool.allocate(dma, 0, 64, 2048, debug);
            final int[] held = new int[32];
            final Runnable work = () -> {
                for (int round = 0; round < 2_000; round++) {
                    for (int i = 0; i < held.length; i++) {
                        held[i] = pool.alloc();
                    }
                    for (int i = held.length - 1; i >= 0; i--) {
                        pool.free(held[i]);
                    }
                }
            };
            Allocations.assertNonePerPacket(work, 2_000L * held.length);
        }
    }

    // ---- debug mode --------------------------------------------------------------------------

    @Test
    void debugModeCatchesDoubleFree() {
        final BufferPool pool = BufferPool.allocate(dma, 1, 8, 2048, true);
        final int buffer = pool.alloc();
        pool.free(buffer);
        final var error = assertThrows(IllegalStateException.class, () -> pool.free(buffer));
        assertTrue(error.getMessage().contains("double free"), error.getMessage());
        assertTrue(error.getMessage().contains("buffer 7 of pool 1"), error.getMessage());
    }

    @Test
    void debugModeCatchesFreeOfABufferNeverAllocated() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 8, 2048, true);
        final var error = assertThrows(IllegalStateException.class, () -> pool.free(5));
        assertTrue(error.getMessage().contains("double free"), error.getMessage());
    }

    @Test
    void debugModeCatchesFreeToTheWrongPool() {
        final BufferPool first = BufferPool.allocate(dma, 0, 8, 2048, true);
        final BufferPool second = BufferPool.allocate(dma, 1, 8, 2048, true);
        final int buffer = second.alloc();
        final var error = assertThrows(IllegalStateException.class, () -> first.free(buffer));
        assertTrue(error.getMessage().contains("does not belong to this pool"), error.getMessage());
    }

    @Test
    void debugModeCatchesWriteAfterFree() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 8, 2048, true);
        final int buffer = pool.alloc();
        pool.free(buffer);
        pool.memory(buffer).set(ValueLayout.JAVA_BYTE, pool.dataOffset(buffer) + 100, (byte) 0x42);
        final var error = assertThrows(IllegalStateException.class, pool::alloc);
        assertTrue(error.getMessage().contains("use after free"), error.getMessage());
        assertTrue(error.getMessage().contains("data byte 100 is 0x42"), error.getMessage());
    }

    @Test
    void debugModeCatchesAFreeBufferGivenToTransmit() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 8, 2048, true);
        final int buffer = pool.alloc();
        pool.checkInUse(buffer, "txBatch");
        pool.free(buffer);
        final var error = assertThrows(IllegalStateException.class, () -> pool.checkInUse(buffer, "txBatch"));
        assertTrue(error.getMessage().contains("used after free: txBatch"), error.getMessage());
    }

    @Test
    void debugModeCatchesACorruptedHeader() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 8, 2048, true);
        pool.alloc();
        final int buffer = pool.alloc();
        // A write 60 bytes before the frame, into the header's index field.
        pool.memory(buffer).set(ValueLayout.JAVA_INT_UNALIGNED, pool.dataOffset(buffer) - 48, 7);
        final var error = assertThrows(IllegalStateException.class, () -> pool.free(buffer));
        assertTrue(error.getMessage().contains("corrupted header"), error.getMessage());
    }

    @Test
    void debugModePoisonsFreedData() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 8, 2048, true);
        final int buffer = pool.alloc();
        pool.memory(buffer).set(ValueLayout.JAVA_BYTE, pool.dataOffset(buffer), (byte) 1);
        pool.free(buffer);
        assertEquals(BufferPool.POISON, pool.memory(buffer).get(ValueLayout.JAVA_BYTE, pool.dataOffset(buffer)));
        assertEquals(buffer, pool.alloc(), "an intact poisoned buffer is handed out again");
    }
}
