package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import nicharness.env.SimulatedDmaMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool as rte_mempool 20.02 behaves: cache refills, flushes, ring fall-backs, exhaustion, debug mode. */
class MempoolTest {
    private final SimulatedDmaMemory dma = new SimulatedDmaMemory(8 << 20);

    @AfterEach
    void close() {
        dma.close();
    }

    @Test
    void aFreshPoolHoldsEveryMbufInItsRing() {
        final Mempool pool = Mempool.create(dma, 0, 1000, 100, false);
        assertEquals(1000, pool.ring().count());
        assertEquals(0, pool.cache().length());
        assertEquals(1000, pool.availableCount());
        assertEquals(0, pool.inUseCount());
    }

    @Test
    void aPoolLargerThanAHugepageSpansSeveralRegionsOfWholeMbufsLikeDpdksMemorySegments() {
        // 2 MiB / 2304 bytes: 910 whole mbufs per region; no mbuf straddles a region (a hugepage).
        final Mempool pool = Mempool.create(dma, 0, 2000, 0, true);
        assertEquals(910, pool.mbufsPerRegion());
        assertEquals(3, pool.regionCount());
        final java.util.Set<Long> iovas = new java.util.HashSet<>();
        final int[] all = new int[2000];
        assertTrue(pool.getBulk(all, 0, 2000));
        for (final int mbuf : all) {
            final long iova = Mbuf.bufIova(pool.header(mbuf));
            assertTrue(iovas.add(iova), "two mbufs share a buffer: " + mbuf);
            final long start = iova - Mbuf.HEADER_SIZE;
            assertEquals(start / SimulatedDmaMemory.HUGEPAGE_SIZE, (start + Mbuf.SIZE - 1) / SimulatedDmaMemory.HUGEPAGE_SIZE,
                    "mbuf " + mbuf + " straddles a hugepage");
            assertTrue(dma.isAllocated(iova, Mbuf.BUF_LEN));
        }
        pool.putBulk(all, 0, 2000);
        assertEquals(2000, pool.availableCount());
    }

    @Test
    void aGetFromAnEmptyCacheBackfillsItToItsSizeThenServesFromTheTop() {
        final Mempool pool = Mempool.create(dma, 0, 1000, 100, false);
        // Backfill: 1 + (100 - 0) ids, 0..100 in ring order; the top of the stack is 100.
        assertEquals(100, pool.get());
        assertEquals(100, pool.cache().length());
        assertEquals(1000 - 101, pool.ring().count());
        assertEquals(99, pool.get(), "served from the cache, top first");
        assertEquals(1000 - 101, pool.ring().count(), "the ring is not touched while the cache suffices");
        final int[] table = new int[32];
        assertTrue(pool.getBulk(table, 0, 32));
        assertEquals(98, table[0]);
        assertEquals(67, table[31]);
        assertEquals(67, pool.cache().length());
        assertEquals(34, pool.inUseCount());
    }

    @Test
    void aPutGoesToTheCacheAndTheNextGetReturnsItFirst() {
        final Mempool pool = Mempool.create(dma, 0, 1000, 100, false);
        final int a = pool.get();
        final int b = pool.get();
        pool.put(a);
        assertEquals(a, pool.get(), "LIFO: the most recently freed mbuf is still warm");
        pool.put(b);
        assertEquals(1000 - 101, pool.ring().count());
    }

    @Test
    void aPutThatReachesTheFlushThresholdMovesEverythingAboveTheSizeToTheRing() {
        final Mempool pool = Mempool.create(dma, 0, 1000, 100, false);
        assertEquals(150, pool.cache().flushThreshold());
        final int[] taken = new int[200];
        assertTrue(pool.getBulk(taken, 0, 200)); // n >= cache size: straight from the ring
        assertEquals(0, pool.cache().length());
        assertEquals(800, pool.ring().count());

        pool.putBulk(taken, 0, 100); // cache 100 < 150: stays
        assertEquals(100, pool.cache().length());
        assertEquals(800, pool.ring().count());
        pool.putBulk(taken, 100, 49); // 149 < 150: stays
        assertEquals(149, pool.cache().length());
        pool.putBulk(taken, 149, 1); // 150: flush down to 100
        assertEquals(100, pool.cache().length());
        assertEquals(850, pool.ring().count());
        assertEquals(950, pool.availableCount());
    }

    @Test
    void aRequestOfAtLeastTheCacheSizeBypassesTheCache() {
        final Mempool pool = Mempool.create(dma, 0, 1000, 32, false);
        pool.put(pool.get()); // backfilled with 1 + 32, one taken and put back: the cache holds 33
        assertEquals(33, pool.cache().length());
        final int[] table = new int[32];
        assertTrue(pool.getBulk(table, 0, 32));
        assertEquals(33, pool.cache().length(), "32 >= size 32: served by the ring");
        assertEquals(1000 - 33 - 32, pool.ring().count());
    }

    @Test
    void aPutLargerThanTheMaximumCacheGoesToTheRing() {
        final Mempool pool = Mempool.create(dma, 0, 2000, 100, false);
        final int[] table = new int[Mempool.CACHE_MAX_SIZE + 1];
        assertTrue(pool.getBulk(table, 0, table.length));
        pool.putBulk(table, 0, table.length);
        assertEquals(0, pool.cache().length());
        assertEquals(2000, pool.ring().count());
    }

    @Test
    void whenTheRingCannotBackfillTheCacheTheRequestFallsBackToTheRingAlone() {
        final Mempool pool = Mempool.create(dma, 0, 100, 50, false);
        final int[] table = new int[100];
        assertTrue(pool.getBulk(table, 0, 60)); // from the ring: 40 left
        assertTrue(pool.getBulk(table, 60, 30), "30 + 50 cannot be backfilled, but 30 can be had");
        assertEquals(0, pool.cache().length());
        assertEquals(10, pool.ring().count());
    }

    @Test
    void exhaustionFailsTheWholeRequestAndChangesNothing() {
        final Mempool pool = Mempool.create(dma, 0, 64, 0, false);
        assertNull(pool.cache(), "cache size 0: no cache, every operation on the ring");
        final int[] table = new int[65];
        java.util.Arrays.fill(table, -7);
        assertFalse(pool.getBulk(table, 0, 65));
        assertEquals(-7, table[0], "a failed get leaves the table alone");
        assertEquals(64, pool.availableCount());
        assertEquals(65, pool.getFailures());
        assertTrue(pool.getBulk(table, 0, 64));
        assertEquals(Mbuf.NONE, pool.get());
        assertEquals(64, pool.gets());
        pool.putBulk(table, 0, 64);
        assertEquals(64, pool.puts());
        assertEquals(64, pool.availableCount());
    }

    @Test
    void freeDropsAReferenceAndReturnsTheMbufOnlyWithTheLast() {
        final Mempool pool = Mempool.create(dma, 0, 16, 0, true);
        final int mbuf = pool.get();
        Mbuf.setRefcnt(pool.header(mbuf), 2);
        pool.free(mbuf);
        assertEquals(1, pool.inUseCount());
        assertTrue(pool.isAllocated(mbuf));
        pool.free(mbuf);
        assertEquals(0, pool.inUseCount());
        assertFalse(pool.isAllocated(mbuf));
    }

    @Test
    void creationRefusesSizesRteMempoolRefuses() {
        assertThrows(IllegalArgumentException.class, () -> Mempool.create(dma, 0, 0, 0, false));
        final IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> Mempool.create(dma, 0, 1000, 513, false));
        assertTrue(tooLarge.getMessage().contains("cacheSize=513"), tooLarge.getMessage());
        final IllegalArgumentException threshold = assertThrows(IllegalArgumentException.class,
                () -> Mempool.create(dma, 0, 140, 100, false));
        assertTrue(threshold.getMessage().contains("at most 93"), threshold.getMessage());
    }

    @Test
    void debugModeCatchesADoubleFree() {
        final Mempool pool = Mempool.create(dma, 0, 16, 4, true);
        final int mbuf = pool.get();
        pool.free(mbuf);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.put(mbuf));
        assertTrue(e.getMessage().contains("double free of mbuf " + mbuf), e.getMessage());
    }

    @Test
    void debugModeCatchesAUseAfterFree() {
        final Mempool pool = Mempool.create(dma, 0, 16, 4, true);
        final int mbuf = pool.get();
        pool.checkAllocated(mbuf, "transmit");
        pool.free(mbuf);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> pool.checkAllocated(mbuf, "transmit"));
        assertTrue(e.getMessage().contains("use after free: transmit of mbuf " + mbuf), e.getMessage());
        assertThrows(IllegalStateException.class, () -> pool.free(mbuf));
        assertThrows(IllegalStateException.class, () -> pool.checkAllocated(16, "receive"));
    }

    @Test
    void debugModeCatchesAWriteAfterFreeWhenTheMbufIsHandedOutAgain() {
        final Mempool pool = Mempool.create(dma, 0, 16, 4, true);
        final int mbuf = pool.get();
        pool.free(mbuf);
        // Someone (a NIC still holding a descriptor, say) writes into the freed buffer.
        pool.segment(mbuf).set(ValueLayout.JAVA_BYTE, Mbuf.dataStart(pool.header(mbuf)) + 5, (byte) 1);
        final IllegalStateException e = assertThrows(IllegalStateException.class, pool::get);
        assertTrue(e.getMessage().contains("write after free: byte 5 of the data room of mbuf " + mbuf), e.getMessage());
    }

    @Test
    void debugModeRefusesAnMbufReturnedWhileStillShared() {
        final Mempool pool = Mempool.create(dma, 0, 16, 4, true);
        final int mbuf = pool.get();
        Mbuf.setRefcnt(pool.header(mbuf), 2);
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.put(mbuf));
        assertTrue(e.getMessage().contains("refcnt=2"), e.getMessage());
    }

    @Test
    void withoutDebugModeNoStateIsKept() {
        final Mempool pool = Mempool.create(dma, 0, 16, 4, false);
        assertThrows(IllegalStateException.class, () -> pool.isAllocated(0));
    }
}
