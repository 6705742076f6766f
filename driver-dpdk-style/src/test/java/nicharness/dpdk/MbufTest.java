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
            final long address = m.address();
            final long base = dma.physicalBase() + (dma.used() - 4L * Mbuf.SIZE); // the pool is the only region
            for (int id = 0; id < 4; id++) {
                final long mb = pool.header(id);
                assertEquals(address + (long) id * Mbuf.SIZE, mb, "the header table holds each mbuf's address");
                assertEquals(base + (long) id * Mbuf.SIZE + Mbuf.HEADER_SIZE, Mbuf.bufIova(mb));
                assertEquals((long) id * Mbuf.SIZE + Mbuf.HEADER_SIZE, Mbuf.bufAddr(mb));
                assertEquals(Mbuf.HEADROOM, Mbuf.dataOff(mb));
                assertEquals(Mbuf.bufIova(mb) + Mbuf.HEADROOM, Mbuf.dataIova(mb));
                assertEquals(Mbuf.bufAddr(mb) + Mbuf.HEADROOM, Mbuf.dataStart(mb));
                assertEquals(1, Mbuf.refcnt(mb));
                assertEquals(1, Mbuf.nbSegs(mb));
                assertEquals(Mbuf.NONE, Mbuf.next(mb));
                assertEquals(Mbuf.PORT_INVALID, Mbuf.port(mb));
                assertEquals(3, Mbuf.pool(mb));
            }
        }
    }

    @Test
    void refcntUpdateChangesOnlyTheReferenceCount() {
        try (SimulatedDmaMemory dma = new SimulatedDmaMemory(1 << 20)) {
            final long m = Mempool.create(dma, 0, 2, 0, false).header(1);
            Mbuf.setDataOff(m, 0xABCD);
            assertEquals(3, Mbuf.refcntUpdate(m, 2));
            assertEquals(0xABCD, Mbuf.dataOff(m));
            assertEquals(2, Mbuf.refcntUpdate(m, -1));
            assertEquals(0xABCD, Mbuf.dataOff(m));
            assertEquals(2, Mbuf.refcnt(m));
        }
    }

    @Test
    void prefreeSegAnswersTrueOnlyForTheLastReference() {
        try (SimulatedDmaMemory dma = new SimulatedDmaMemory(1 << 20)) {
            final long m = Mempool.create(dma, 0, 1, 0, false).header(0);
            Mbuf.setRefcnt(m, 3);
            assertFalse(Mbuf.prefreeSeg(m));
            assertFalse(Mbuf.prefreeSeg(m));
            assertTrue(Mbuf.prefreeSeg(m));
            assertEquals(1, Mbuf.refcnt(m), "a freed mbuf keeps refcnt 1, ready for its next owner");
            assertTrue(Mbuf.prefreeSeg(m), "an unshared mbuf is freed without an atomic operation");
        }
    }
}
