package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.Regs;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bulk-allocation receive path against the NIC's half of the ring (DPDK v20.02
 * {@code ixgbe_rxtx.c:1649}, {@code rx_recv_pkts}).
 */
class RxQueueTest {
    private final SimulatedDmaMemory dma = new SimulatedDmaMemory(8 << 20);
    private final ScriptedNic nic = new ScriptedNic(dma, 0, Transmit.BY_HAND);
    private final RegisterSpace registers = nic.registers();
    private final List<Integer> app = new ArrayList<>();
    private Mempool pool;
    private RxQueue rxq;

    @AfterEach
    void close() {
        dma.close();
    }

    private void start(final int nbRxd, final int poolSize, final int cacheSize) {
        pool = Mempool.create(dma, 0, poolSize, cacheSize, true);
        rxq = RxQueue.setup(registers, 0, 0, dma, pool, nbRxd, 32, false);
        rxq.start();
        nic.recordTailWrites();
    }

    private void assertConserved() {
        assertEquals(pool.size(), pool.availableCount() + rxq.mbufsHeld() + app.size());
    }

    /** Receives up to {@code burst} mbufs, keeps them in {@link #app}, answers their sequence numbers. */
    private List<Integer> receive(final int burst) {
        final int[] pkts = new int[burst];
        final int n = rxq.receiveBurst(pkts, burst);
        final List<Integer> sequences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sequences.add(NumberedFrames.sequence(pool, pkts[i]));
            assertEquals(60 + NumberedFrames.sequence(pool, pkts[i]) % 40, Mbuf.dataLen(pool.header(pkts[i])));
            assertEquals(Mbuf.dataLen(pool.header(pkts[i])), Mbuf.pktLen(pool.header(pkts[i])));
            assertEquals(0, Mbuf.port(pool.header(pkts[i])));
            app.add(pkts[i]);
        }
        return sequences;
    }

    private void freeAll() {
        for (final int mbuf : app) {
            pool.free(mbuf);
        }
        app.clear();
    }

    private boolean inject(final int sequence) {
        return nic.receive(NumberedFrames.frame(sequence, 60 + sequence % 40));
    }

    @Test
    void startArmsEveryDescriptorThenGivesTheNicAllButOne() {
        nic.recordTailWrites();
        pool = Mempool.create(dma, 0, 400, 0, true);
        rxq = RxQueue.setup(registers, 0, 0, dma, pool, 160, 32, false);
        rxq.start();
        final MemorySegment ring = rxq.ring();
        final Set<Long> addresses = new HashSet<>();
        for (int i = 0; i < 160; i++) {
            addresses.add((long) Descriptor.QWORD.get(ring, Descriptor.offset(i)));
            assertEquals(0L, (long) Descriptor.QWORD.get(ring, Descriptor.offset(i) + 8), "hdr_addr = 0, DD clear");
        }
        assertEquals(160, addresses.size(), "one mbuf per descriptor");
        assertEquals(List.of(0, 159), nic.receiveTailWrites(), "RDT = 0 while configuring, N - 1 once enabled");
        assertEquals(0, registers.read(Regs.RDH(0)));
        assertEquals(160 * 16, registers.read(Regs.RDLEN(0)));
        assertEquals(rxq.ringPhysicalAddress(), (registers.read(Regs.RDBAL(0)) & 0xFFFFFFFFL) | (long) registers.read(Regs.RDBAH(0)) << 32);
        assertTrue((registers.read(Regs.RXDCTL(0)) & Regs.RXDCTL_.ENABLE) != 0);
        assertEquals(1 << 25 | 2, registers.read(Regs.SRRCTL_ALIAS(0)), "advanced one-buffer, 2 KiB, no DROP_EN");
        assertEquals(160, pool.inUseCount());
        assertEquals(160, rxq.mbufsHeld());
    }

    /**
     * The write-back's fields reach the mbuf as {@code ixgbe_rx_scan_hw_ring} puts them (datasheet
     * 7.1.6.2): length, VLAN tag, checksum errors and VP as {@code ol_flags}, the RSS type as
     * {@code PKT_RX_RSS_HASH}, the packet type bits.
     */
    @Test
    void theWriteBacksVlanFlagsAndPacketTypeReachTheMbuf() {
        start(160, 400, 0);
        assertTrue(inject(0));
        assertTrue(inject(1));
        final MemorySegment ring = rxq.ring();
        // Descriptor 0: VLAN 0x0123 with VP, IP checksum error (bit 31), RSS type 1, packet type 0x0011.
        final long qword1 = (long) Descriptor.QWORD.get(ring, Descriptor.offset(0) + 8);
        Descriptor.QWORD.set(ring, Descriptor.offset(0) + 8, qword1 | 0x0123L << 48 | 1L << 31 | 1L << 3);
        Descriptor.QWORD.set(ring, Descriptor.offset(0), 0x0011L << 4 | 1L);
        // Descriptor 1: nothing but the length, DD and EOP.
        Descriptor.QWORD.set(ring, Descriptor.offset(1), 0L);

        assertEquals(List.of(0, 1), receive(2));
        final long tagged = pool.header(app.get(0));
        assertEquals(0x0123, Mbuf.vlanTci(tagged));
        assertEquals(Mbuf.OL_RX_VLAN | Mbuf.OL_RX_IP_CKSUM_BAD | Mbuf.OL_RX_L4_CKSUM_GOOD | 1L << 1, Mbuf.olFlags(tagged));
        assertEquals(0x0011, Mbuf.packetType(tagged));
        final long plain = pool.header(app.get(1));
        assertEquals(0, Mbuf.vlanTci(plain));
        assertEquals(Mbuf.OL_RX_IP_CKSUM_GOOD | Mbuf.OL_RX_L4_CKSUM_GOOD, Mbuf.olFlags(plain));
        assertEquals(0, Mbuf.packetType(plain));
        freeAll();
    }

    @Test
    void aBurstOfOneStillScansAGroupAndMovesTheTailOncePerThirtyTwoDescriptors() {
        start(160, 400, 0);
        for (int s = 0; s < 40; s++) {
            assertTrue(inject(s));
        }
        for (int s = 0; s < 40; s++) {
            assertEquals(List.of(s), receive(1));
            assertConserved();
            if (s == 0) {
                assertEquals(List.of(31), nic.receiveTailWrites(), "the first scan took 32 and re-armed 0..31");
            }
        }
        assertEquals(List.of(31), nic.receiveTailWrites(), "descriptors 32..39 wait for the rest of their group");
        assertEquals(List.of(), receive(1));
        assertEquals(160 - 8, rxq.mbufsHeld());
    }

    @Test
    void theScanStopsAtTheFirstDescriptorNotDone() {
        start(160, 400, 0);
        for (int s = 0; s < 10; s++) {
            inject(s);
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), receive(32));
        assertEquals(List.of(), nic.receiveTailWrites());
        assertEquals(List.of(), receive(32));
    }

    @Test
    void burstsAboveThirtyTwoAreServedInInternalCallsOfThirtyTwo() {
        start(128, 400, 0);
        for (int s = 0; s < 100; s++) {
            assertTrue(inject(s));
        }
        assertEquals(64, receive(64).size());
        assertEquals(List.of(31, 63), nic.receiveTailWrites());
        final List<Integer> rest = receive(64);
        assertEquals(36, rest.size());
        assertEquals(64, rest.get(0));
        assertEquals(99, rest.get(35));
    }

    @Test
    @Timeout(10)
    void longRunsWrapTheRingInOrderWithTheTailAlwaysAtTheEndOfAGroup() {
        for (final int burst : new int[] {1, 7, 32, 64}) {
            app.clear();
            start(160, 600, 250);
            final Random random = new Random(6 + burst);
            int injected = 0;
            int expected = 0;
            while (expected < 3000) {
                for (int k = random.nextInt(48); k > 0 && injected < 3000; k--) {
                    if (!inject(injected)) {
                        break; // ring full: the NIC drops; the sequence number is used again
                    }
                    injected++;
                }
                for (final int s : receive(burst)) {
                    assertEquals(expected++, s, "burst " + burst);
                }
                assertConserved();
                freeAll();
            }
            for (final int rdt : nic.receiveTailWrites()) {
                assertEquals(31, rdt % 32, "RDT is the last descriptor of a re-armed group");
            }
            assertTrue(nic.receiveTailWrites().size() >= 3000 / 32 - 5, "burst " + burst);
        }
    }

    @Test
    void anExhaustedPoolStopsTheRefillRewindsAndRecoversWhenMbufsComeBack() {
        start(64, 96, 0); // 64 armed, 32 left
        for (int s = 0; s < 63; s++) {
            assertTrue(inject(s));
        }
        assertEquals(32, receive(32).size());
        assertEquals(List.of(31), nic.receiveTailWrites());
        assertEquals(0, pool.availableCount());
        for (int s = 63; s < 95; s++) {
            assertTrue(inject(s), "descriptors 63 and 0..30 were handed back");
        }
        assertFalse(inject(95), "RDH caught up with RDT: the NIC drops");

        assertEquals(List.of(), receive(32), "descriptors 32..63 are done but cannot be re-armed");
        assertEquals(32, rxq.mbufAllocFailed());
        assertEquals(List.of(), receive(32), "still nothing, and no crash");
        assertEquals(64, rxq.mbufAllocFailed());
        assertEquals(List.of(31), nic.receiveTailWrites(), "the tail does not move");
        assertConserved();

        freeAll();
        final List<Integer> recovered = receive(32);
        assertEquals(32, recovered.size());
        assertEquals(32, recovered.get(0));
        assertEquals(List.of(31, 63), nic.receiveTailWrites());
        assertConserved();
        freeAll();
        final List<Integer> wrapped = receive(32);
        assertEquals(31, wrapped.size());
        assertEquals(64, wrapped.get(0));
        assertEquals(94, wrapped.get(30));
        assertConserved();
    }
}
