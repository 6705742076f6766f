package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import nicharness.env.SimulatedDmaMemory;
import org.junit.jupiter.api.Test;

class MbufTest {

    @Test
    void layoutIsDpdksHeaderHeadroomAndDataRoomOnCacheLines() {
        assertEquals(128, Mbuf.HEADER_SIZE);
        assertEquals(2176, Mbuf.BUF_LEN, "RTE_MBUF_DEFAULT_BUF_SIZE");
        assertEquals(2304, Mbuf.SIZE);
        assertEquals(0, Mbuf.SIZE % 64, "every header starts a cache line");
        // rearm_data: data_off, refcnt, nb_segs, port share one 8-byte word, as in rte_mbuf.
        assertEquals(16, Mbuf.DATA_OFF);
        assertEquals(18, Mbuf.REFCNT);
        assertEquals(20, Mbuf.NB_SEGS);
        assertEquals(22, Mbuf.PORT);
        // Receive and transmit touch only the first cache line.
        assertTrue(Mbuf.BUF_LEN_FIELD + 2 <= 64 && Mbuf.DATA_LEN + 2 <= 64 && Mbuf.BUF_IOVA + 8 <= 64);
        assertTrue(Mbuf.POOL >= 64 && Mbuf.NEXT >= 64, "pool and next are on the second line");
    }

    @Test
    void initWritesAddressesOnceAndTheStateOfAFreeMbuf() {
        try (SimulatedDmaMemory dma = new SimulatedDmaMemory(1 << 20)) {
            final Mempool pool = Mempool.create(dma, 3, 4, 0, false);
            final MemorySegment m = pool.memory();
            final long base = dma.physicalBase() + (dma.used() - 4L * Mbuf.SIZE); // the pool is the only region
            for (int id = 0; id < 4; id++) {
                assertEquals(base + (long) id * Mbuf.SIZE + Mbuf.HEADER_SIZE, Mbuf.bufIova(m, id));
                assertEquals((long) id * Mbuf.SIZE + Mbuf.HEADER_SIZE, Mbuf.bufAddr(m, id));
                assertEquals(Mbuf.HEADROOM, Mbuf.dataOff(m, id));
                assertEquals(Mbuf.bufIova(m, id) + Mbuf.HEADROOM, Mbuf.dataIova(m, id));
                assertEquals(Mbuf.bufAddr(m, id) + Mbuf.HEADROOM, Mbuf.dataStart(m, id));
                assertEquals(1, Mbuf.refcnt(m, id));
                assertEquals(1, Mbuf.nbSegs(m, id));
                assertEquals(Mbuf.NONE, Mbuf.next(m, id));
                assertEquals(Mbuf.PORT_INVALID, Mbuf.port(m, id));
                assertEquals(3, Mbuf.pool(m, id));
            }
        }
    }

    @Test
    void refcntUpdateChangesOnlyTheReferenceCount() {
        try (SimulatedDmaMemory dma = new SimulatedDmaMemory(1 << 20)) {
            final MemorySegment m = Mempool.create(dma, 0, 2, 0, false).memory();
            Mbuf.setDataOff(m, 1, 0xABCD);
            assertEquals(3, Mbuf.refcntUpdate(m, 1, 2));
            assertEquals(0xABCD, Mbuf.dataOff(m, 1));
            assertEquals(2, Mbuf.refcntUpdate(m, 1, -1));
            assertEquals(0xABCD, Mbuf.dataOff(m, 1));
            assertEquals(2, Mbuf.refcnt(m, 1));
        }
    }

    @Test
    void prefreeSegAnswersTrueOnlyForTheLastReference() {
        try (SimulatedDmaMemory dma = new SimulatedDmaMemory(1 << 20)) {
            final MemorySegment m = Mempool.create(dma, 0, 1, 0, false).memory();
            Mbuf.setRefcnt(m, 0, 3);
            assertFalse(Mbuf.prefreeSeg(m, 0));
            assertFalse(Mbuf.prefreeSeg(m, 0));
            assertTrue(Mbuf.prefreeSeg(m, 0));
            assertEquals(1, Mbuf.refcnt(m, 0), "a freed mbuf keeps refcnt 1, ready for its next owner");
            assertTrue(Mbuf.prefreeSeg(m, 0), "an unshared mbuf is freed without an atomic operation");
        }
    }
}
