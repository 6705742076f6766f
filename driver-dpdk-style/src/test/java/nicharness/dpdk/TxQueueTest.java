package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.Regs;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simple transmit path against the NIC's half of the ring (DPDK v20.02
 * {@code ixgbe_rxtx.c:231}, {@code tx_xmit_pkts}).
 */
class TxQueueTest {
    private final SimulatedDmaMemory dma = new SimulatedDmaMemory(8 << 20);
    private final ScriptedNic nic = new ScriptedNic(dma, 0, Transmit.BY_HAND);
    private final RegisterSpace registers = nic.registers();
    private Mempool pool;

    @AfterEach
    void close() {
        dma.close();
    }

    private TxQueue start(final int queue, final int nbTxd) {
        if (pool == null) {
            pool = Mempool.create(dma, 0, 2048, 0, true);
        }
        final TxQueue txq = TxQueue.setup(registers, queue, 0, dma, pool, nbTxd, 32, 32);
        txq.writeThresholds(32, 0, 0);
        txq.start();
        nic.recordTailWrites();
        return txq;
    }

    /** An mbuf holding frame {@code sequence}, as receive would leave it. */
    private int mbuf(final int sequence) {
        final int mbuf = pool.get();
        final byte[] frame = NumberedFrames.frame(sequence, 60 + sequence % 64);
        final MemorySegment m = pool.segment(mbuf);
        MemorySegment.copy(frame, 0, m, ValueLayout.JAVA_BYTE, Mbuf.dataStart(pool.header(mbuf)), frame.length);
        Mbuf.setDataLen(pool.header(mbuf), frame.length);
        Mbuf.setPktLen(pool.header(mbuf), frame.length);
        return mbuf;
    }

    private static long qword1(final TxQueue txq, final int index) {
        return (long) Descriptor.QWORD.get(txq.ring(), Descriptor.offset(index) + Descriptor.QWORD1);
    }

    @Test
    void setupProgramsTheQueueAndMarksEveryDescriptorDone() {
        final TxQueue txq = start(0, 544);
        for (int i = 0; i < 544; i++) {
            assertEquals(AdvancedTxDescriptor.DD, qword1(txq, i));
        }
        assertEquals(544 * 16, registers.read(Regs.TDLEN(0)));
        assertEquals(txq.ringPhysicalAddress(), (registers.read(Regs.TDBAL(0)) & 0xFFFFFFFFL) | (long) registers.read(Regs.TDBAH(0)) << 32);
        assertEquals(0, registers.read(Regs.TDH(0)));
        assertEquals(0, registers.read(Regs.TDT(0)));
        final int txdctl = registers.read(Regs.TXDCTL(0));
        assertEquals(32, Regs.field(txdctl, Regs.TXDCTL_.PTHRESH));
        assertEquals(0, Regs.field(txdctl, Regs.TXDCTL_.WTHRESH));
        assertTrue((txdctl & Regs.TXDCTL_.ENABLE) != 0);
        assertEquals(0, registers.read(Regs.DCA_TXCTRL(0)) & Regs.DCA_TXCTRL_.TX_DESC_WRO_EN);
        assertEquals(543, txq.freeDescriptors(), "at most N - 1 outstanding");
    }

    @Test
    void aBurstFillsOneAdvancedDescriptorPerMbufAndRingsTheDoorbellOnce() {
        final TxQueue txq = start(0, 544);
        final int[] pkts = {mbuf(0), mbuf(1), mbuf(2)};
        assertEquals(3, txq.transmitBurst(pkts, 0, 3));
        for (int i = 0; i < 3; i++) {
            assertEquals(Mbuf.dataIova(pool.header(pkts[i])),
                    (long) Descriptor.QWORD.get(txq.ring(), Descriptor.offset(i)));
            assertEquals(AdvancedTxDescriptor.command(60 + i, false), qword1(txq, i));
        }
        assertEquals(List.of(3), nic.transmitTailWrites(0));
        final List<byte[]> sent = nic.transmit(0);
        assertEquals(3, sent.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i, NumberedFrames.sequence(sent.get(i)));
            assertEquals(60 + i, sent.get(i).length);
        }
        assertEquals(3, txq.mbufsHeld(), "nothing is reclaimed before a group is done");
    }

    /** Every split of DPDK's fill, four at a time and the 0 to 3 left over: bursts of 1 to 9. */
    @Test
    void burstsOfEverySizeFillTheirDescriptorsInOrder() {
        final TxQueue txq = start(0, 544);
        int sequence = 0;
        for (int size = 1; size <= 9; size++) {
            final int first = sequence;
            final int[] pkts = new int[size];
            for (int k = 0; k < size; k++) {
                pkts[k] = mbuf(sequence++);
            }
            assertEquals(size, txq.transmitBurst(pkts, 0, size));
            for (int k = 0; k < size; k++) {
                final int index = first + k;
                assertEquals(Mbuf.dataIova(pool.header(pkts[k])), (long) Descriptor.QWORD.get(txq.ring(), Descriptor.offset(index)),
                        "burst of " + size + ", descriptor " + index);
                assertEquals(AdvancedTxDescriptor.command(60 + index % 64, false), qword1(txq, index) & ~AdvancedTxDescriptor.RS,
                        "burst of " + size + ", descriptor " + index);
            }
        }
        final List<byte[]> sent = nic.transmit(0);
        assertEquals(sequence, sent.size());
        for (int i = 0; i < sequence; i++) {
            assertEquals(i, NumberedFrames.sequence(sent.get(i)));
        }
        assertEquals(sequence, txq.mbufsHeld());
    }

    @Test
    void reportStatusIsSetOnEveryThirtySecondDescriptor() {
        final TxQueue txq = start(0, 544);
        final int[] one = new int[1];
        for (int s = 0; s < 100; s++) {
            one[0] = mbuf(s);
            assertEquals(1, txq.transmitBurst(one, 0, 1));
            nic.transmit(0);
        }
        assertEquals(100, nic.transmitTailWrites(0).size(), "burst 1: one doorbell per packet");
        for (int i = 0; i < 100; i++) {
            final boolean rs = (qword1(txq, i) & AdvancedTxDescriptor.RS) != 0;
            assertEquals(i % 32 == 31, rs, "descriptor " + i);
            assertEquals(rs, (qword1(txq, i) & AdvancedTxDescriptor.DD) != 0, "DD only where RS asked for it");
        }
    }

    @Test
    void completedMbufsGoBackInGroupsOnceFewerThanThirtyTwoDescriptorsAreFree() {
        final TxQueue txq = start(0, 64);
        final int[] one = new int[1];
        for (int s = 0; s < 32; s++) {
            one[0] = mbuf(s);
            txq.transmitBurst(one, 0, 1);
            nic.transmit(0);
        }
        assertEquals(31, txq.freeDescriptors());
        assertEquals(0, pool.puts());
        one[0] = mbuf(32);
        txq.transmitBurst(one, 0, 1);
        assertEquals(32, pool.puts(), "descriptor 31's DD freed the whole group 0..31 in one bulk put");
        assertEquals(62, txq.freeDescriptors());
        assertEquals(1, txq.mbufsHeld());
    }

    @Test
    void aFullRingTakesWhatFitsAndAnswersHowMany() {
        final TxQueue txq = start(0, 64);
        final int[] pkts = new int[64];
        for (int s = 0; s < 64; s++) {
            pkts[s] = mbuf(s);
        }
        assertEquals(32, txq.transmitBurst(pkts, 0, 32));
        assertEquals(31, txq.transmitBurst(pkts, 32, 32), "N - 1 descriptors at most");
        assertEquals(0, txq.transmitBurst(pkts, 63, 1), "the NIC has completed nothing");
        assertEquals(List.of(32, 63), nic.transmitTailWrites(0), "no doorbell for a call that placed nothing");
        assertEquals(63, nic.transmit(0).size());
        assertEquals(1, txq.transmitBurst(pkts, 63, 1), "the first group is reclaimed, the rest is not yet done");
        assertEquals(32, pool.puts());
    }

    @Test
    void burstsAboveThirtyTwoArePlacedInInternalCallsAndStopAtTheFirstShortOne() {
        final TxQueue txq = start(0, 128);
        final int[] pkts = new int[200];
        for (int s = 0; s < 200; s++) {
            pkts[s] = mbuf(s);
        }
        assertEquals(127, txq.transmitBurst(pkts, 0, 200));
        assertEquals(List.of(32, 64, 96, 127), nic.transmitTailWrites(0));
        for (int s = 127; s < 200; s++) {
            pool.free(pkts[s]);
        }
    }

    @Test
    @Timeout(10)
    void longRunsWrapTheRingInOrderAndConserveMbufs() {
        final TxQueue txq = start(0, 128);
        final Random random = new Random(42);
        final Deque<Integer> expected = new ArrayDeque<>();
        int next = 0;
        int refused = 0;
        while (next < 5000) {
            final int n = 1 + random.nextInt(40);
            final int[] pkts = new int[n];
            for (int i = 0; i < n; i++) {
                pkts[i] = mbuf(next + i);
            }
            final int sent = txq.transmitBurst(pkts, 0, n);
            for (int i = 0; i < n; i++) {
                if (i < sent) {
                    expected.add(next + i);
                } else {
                    pool.free(pkts[i]);
                    refused++;
                }
            }
            next += n;
            if (random.nextInt(6) == 0) {
                for (final byte[] frame : nic.transmit(0)) {
                    assertEquals((int) expected.poll(), NumberedFrames.sequence(frame));
                }
            }
            assertEquals(pool.inUseCount(), txq.mbufsHeld());
        }
        assertTrue(refused > 0, "the run should fill the ring at times");
        assertTrue(pool.puts() > 4000);
    }

    @Test
    void aSharedMbufReturnsToThePoolWithItsLastTransmitCompletion() {
        final TxQueue first = start(0, 64);
        final TxQueue second = start(1, 64);
        final int shared = mbuf(1000);
        Mbuf.setRefcnt(pool.header(shared), 2);
        final int[] pkts = new int[32];
        for (final TxQueue txq : new TxQueue[] {first, second}) {
            pkts[0] = shared;
            for (int i = 1; i < 32; i++) {
                pkts[i] = mbuf(i);
            }
            assertEquals(32, txq.transmitBurst(pkts, 0, 32));
        }
        nic.transmit(0);
        nic.transmit(1);
        final int[] one = {mbuf(2000)};
        first.transmitBurst(one, 0, 1); // reclaims queue 0's group: one reference left
        assertTrue(pool.isAllocated(shared));
        assertEquals(1, Mbuf.refcnt(pool.header(shared)));
        one[0] = mbuf(2001);
        second.transmitBurst(one, 0, 1); // the last reference
        assertFalse(pool.isAllocated(shared));
        assertEquals(2, first.mbufsHeld() + second.mbufsHeld());
        assertEquals(2, pool.inUseCount());
    }

    @Test
    void debugModeCatchesTransmitOfAFreedMbuf() {
        final TxQueue txq = start(0, 64);
        final int mbuf = mbuf(1);
        pool.free(mbuf);
        final IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> txq.transmitBurst(new int[] {mbuf}, 0, 1));
        assertTrue(e.getMessage().contains("use after free: transmit of mbuf " + mbuf), e.getMessage());
        assertEquals(new ArrayList<>(), nic.transmitTailWrites(0));
    }
}
