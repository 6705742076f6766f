package nicharness.dpdk;

import nicharness.driver.DebugOnly;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.IntConsumer;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DmaWords;
import nicharness.ixgbe.Regs;

/**
 * One transmit queue driven as DPDK 20.02's ixgbe simple transmit path does
 * ({@code ixgbe_xmit_pkts_simple}: {@code tx_xmit_pkts}, {@code ixgbe_tx_fill_hw_ring},
 * {@code ixgbe_tx_free_bufs}; {@code drivers/net/ixgbe/ixgbe_rxtx.c:101-339} at v20.02).
 *
 * <p>Ownership (datasheet 7.2.2): the NIC owns the descriptors from TDH up to
 * but not including TDT; at most N - 1 can be outstanding, so {@code nbTxFree} starts at N - 1.
 * Each descriptor in use keeps its mbuf in {@code swRing} until the NIC reports it done.
 *
 * <p>Completion: WTHRESH is 0, so the NIC writes DD back only on descriptors with RS (datasheet
 * 7.2.3.5.1), and RS is set on every {@code txRsThreshold}-th descriptor ({@code txNextRs}). When
 * fewer than {@code txFreeThreshold} descriptors are free, one look at the DD bit of
 * {@code txNextDd} tells whether the whole group of {@code txRsThreshold} descriptors ending there
 * is done; if so, their mbufs go back to the pool in bulk and the group becomes free. Nothing is
 * reclaimed otherwise: "lazy" cleanup, once per group.
 *
 * <p>Each call writes TDT once (per packet with a burst of 1). A full ring takes what fits and
 * answers how many it took; the caller frees the rest.
 */
public final class TxQueue {
    /** {@code RTE_PMD_IXGBE_TX_MAX_BURST}: the most packets one internal call places. */
    public static final int MAX_BURST = 32;
    /** {@code RTE_IXGBE_TX_MAX_FREE_BUF_SZ}: the most mbufs returned by one bulk put. */
    static final int MAX_FREE_BUF_SZ = 64;
    /** Reads of TXDCTL.ENABLE, 1 ms apart, before giving up: 10, as DPDK's {@code ixgbe_dev_tx_queue_start}. */
    static final int ENABLE_POLLS = 10;

    private final RegisterSpace registers;
    private final int queue;
    private final int portId;
    private final int tdt;
    private final MemorySegment ring;
    /** The ring's address: the data path reads and writes descriptors through {@link DmaWords}. */
    private final long ringAddress;
    private final long ringPhysicalAddress;
    private final int nbTxDesc;
    private final int txRsThreshold;
    private final int txFreeThreshold;
    private final Mempool pool;
    @DebugOnly // mempool_debug: set by tests, never for measurements
    private final boolean debug;
    /** The mbuf each descriptor sends, {@link Mbuf#NONE} once freed. */
    private final int[] swRing;
    /** Mbufs collected by {@link #freeBufs()} for one bulk put. */
    private final int[] free = new int[MAX_FREE_BUF_SZ];

    /** The next descriptor to fill. */
    private int txTail;
    /** Descriptors we may fill without reclaiming. */
    private int nbTxFree;
    /** The RS descriptor whose DD says the next group is done. */
    private int txNextDd;
    /** The next descriptor to carry RS. */
    private int txNextRs;

    private TxQueue(final RegisterSpace registers, final int queue, final int portId, final DmaRegion ring,
                    final int nbTxDesc, final int txRsThreshold, final int txFreeThreshold, final Mempool pool) {
        this.registers = registers;
        this.queue = queue;
        this.portId = portId;
        this.tdt = Regs.TDT(queue);
        this.ring = ring.segment();
        this.ringAddress = DmaWords.address(this.ring, (long) nbTxDesc * Descriptor.SIZE);
        this.ringPhysicalAddress = ring.physicalAddress();
        this.nbTxDesc = nbTxDesc;
        this.txRsThreshold = txRsThreshold;
        this.txFreeThreshold = txFreeThreshold;
        this.pool = pool;
        this.debug = pool.debug();
        this.swRing = new int[nbTxDesc];
    }

    /**
     * {@code ixgbe_dev_tx_queue_setup} and the per-queue part of {@code ixgbe_dev_tx_init}:
     * allocates the ring, resets it ({@code ixgbe_reset_tx_queue}: every descriptor zeroed with DD
     * set, so a fresh ring reads as all done) and programs the queue, still disabled (datasheet
     * 4.6.8): base, length, TDH = TDT = 0, and DCA_TXCTRL without relaxed ordering of descriptor
     * write-back, so a DD can never be seen before the data reads it reports.
     *
     * @param registers       the port's BAR0
     * @param queue           the queue index
     * @param portId          the port, for messages
     * @param dma             where the ring is allocated
     * @param pool            where completed mbufs go back
     * @param nbTxDesc        ring size, checked by {@link DpdkConfig}
     * @param txRsThreshold   RS period, checked by {@link DpdkConfig}
     * @param txFreeThreshold reclaim when fewer descriptors than this are free, checked by {@link DpdkConfig}
     */
    @DriverPart(Part.INIT)
    public static TxQueue setup(final RegisterSpace registers, final int queue, final int portId, final DmaMemory dma,
                                final Mempool pool, final int nbTxDesc, final int txRsThreshold,
                                final int txFreeThreshold) {
        final DmaRegion region = dma.allocate((long) nbTxDesc * Descriptor.SIZE, Descriptor.RING_ALIGNMENT);
        final TxQueue txq = new TxQueue(registers, queue, portId, region, nbTxDesc, txRsThreshold, txFreeThreshold, pool);
        txq.reset();
        registers.write(Regs.TDBAL(queue), (int) txq.ringPhysicalAddress);
        registers.write(Regs.TDBAH(queue), (int) (txq.ringPhysicalAddress >>> 32));
        registers.write(Regs.TDLEN(queue), nbTxDesc * Descriptor.SIZE);
        registers.write(Regs.TDH(queue), 0);
        registers.write(Regs.TDT(queue), 0);
        final int dcaTxctrl = Regs.DCA_TXCTRL(queue);
        registers.write(dcaTxctrl, registers.read(dcaTxctrl) & ~Regs.DCA_TXCTRL_.TX_DESC_WRO_EN);
        return txq;
    }

    /** {@code ixgbe_reset_tx_queue}. */
    private void reset() {
        ring.fill((byte) 0);
        for (int i = 0; i < nbTxDesc; i++) {
            Descriptor.QWORD.set(ring, Descriptor.offset(i) + Descriptor.QWORD1, AdvancedTxDescriptor.DD);
        }
        Arrays.fill(swRing, Mbuf.NONE);
        txTail = 0;
        nbTxFree = nbTxDesc - 1;
        txNextDd = txRsThreshold - 1;
        txNextRs = txRsThreshold - 1;
    }

    /**
     * The threshold part of {@code ixgbe_dev_rxtx_start}: ORs PTHRESH, HTHRESH and WTHRESH into
     * TXDCTL (datasheet 8.2.3.9.10). WTHRESH must be 0 for RS-driven write-back, which
     * {@link DpdkConfig} checks. Called before DMATXCTL.TE is set.
     */
    @DriverPart(Part.INIT)
    public void writeThresholds(final int pthresh, final int hthresh, final int wthresh) {
        final int txdctl = Regs.TXDCTL(queue);
        int value = registers.read(txdctl);
        value |= Regs.withField(0, Regs.TXDCTL_.PTHRESH, pthresh);
        value |= Regs.withField(0, Regs.TXDCTL_.HTHRESH, hthresh);
        value |= Regs.withField(0, Regs.TXDCTL_.WTHRESH, wthresh);
        registers.write(txdctl, value);
    }

    /**
     * {@code ixgbe_dev_tx_queue_start}: enables the queue, waits for TXDCTL.ENABLE to read back,
     * then writes TDH = TDT = 0: an empty ring.
     *
     * @throws IllegalStateException if the queue does not enable
     */
    @DriverPart(Part.INIT)
    public void start() {
        final int txdctl = Regs.TXDCTL(queue);
        registers.write(txdctl, registers.read(txdctl) | Regs.TXDCTL_.ENABLE);
        EthDev.pollUntilSet(registers, txdctl, Regs.TXDCTL_.ENABLE, ENABLE_POLLS,
                "port " + portId + " transmit queue " + queue + " TXDCTL.ENABLE");
        registers.write(Regs.TDH(queue), 0);
        registers.write(tdt, 0);
    }

    /**
     * {@code rte_eth_tx_burst} on this queue ({@code ixgbe_xmit_pkts_simple}): places
     * {@code txPkts[offset .. offset + nbPkts)} on the ring, in internal calls of at most
     * {@value #MAX_BURST}, stopping at the first call the ring cannot take whole.
     *
     * @return how many were placed, a prefix of the array; the caller still owns the rest
     */
    @DriverPart(Part.TRANSMIT)
    public int transmitBurst(final int[] txPkts, final int offset, final int nbPkts) {
        if (nbPkts <= MAX_BURST) {
            return transmit(txPkts, offset, nbPkts);
        }
        int nbTx = 0;
        int remaining = nbPkts;
        while (remaining > 0) {
            final int n = Math.min(remaining, MAX_BURST);
            final int sent = transmit(txPkts, offset + nbTx, n);
            nbTx += sent;
            remaining -= sent;
            if (sent < n) {
                break;
            }
        }
        return nbTx;
    }

    /** {@code tx_xmit_pkts}: reclaim if short of descriptors, fill, set RS when due, ring the doorbell. */
    private int transmit(final int[] txPkts, final int offset, final int requested) {
        if (nbTxFree < txFreeThreshold) {
            freeBufs();
        }
        final int nbPkts = Math.min(nbTxFree, requested);
        if (nbPkts == 0) {
            return 0;
        }
        nbTxFree -= nbPkts;
        int n = 0;
        if (txTail + nbPkts > nbTxDesc) {
            // Wrap: fill to the end of the ring first. Its last descriptor takes RS, because
            // txRsThreshold divides the ring size, so txNextRs is N - 1 here.
            n = nbTxDesc - txTail;
            fillHwRing(txPkts, offset, n);
            setReportStatus(txNextRs);
            txNextRs = txRsThreshold - 1;
            txTail = 0;
        }
        fillHwRing(txPkts, offset + n, nbPkts - n);
        txTail += nbPkts - n;
        if (txTail > txNextRs) { // i.e. the descriptor at txNextRs has just been filled
            setReportStatus(txNextRs);
            txNextRs += txRsThreshold;
            if (txNextRs >= nbTxDesc) {
                txNextRs = txRsThreshold - 1;
            }
        }
        if (txTail >= nbTxDesc) {
            txTail = 0;
        }
        // Release: every descriptor written above is visible before the NIC sees the new tail.
        registers.write(tdt, txTail);
        return nbPkts;
    }

    /**
     * {@code ixgbe_tx_fill_hw_ring}: one advanced data descriptor per mbuf from {@code txTail}
     * (datasheet 7.2.3.2.4), four at a time ({@code tx4}) and then one at a time for the last 0 to
     * 3 ({@code tx1}), as DPDK does. The leftover is written out, not looped over: a loop of one
     * pass, a burst of one's, cost C2's range checks before it and the spills of the caller's
     * registers around it.
     */
    private void fillHwRing(final int[] txPkts, final int offset, final int n) {
        final int mainpart = n & ~3;
        for (int i = 0; i < mainpart; i += 4) {
            tx1(txPkts[offset + i], txTail + i);
            tx1(txPkts[offset + i + 1], txTail + i + 1);
            tx1(txPkts[offset + i + 2], txTail + i + 2);
            tx1(txPkts[offset + i + 3], txTail + i + 3);
        }
        final int leftover = n & 3;
        if (leftover > 0) {
            tx1(txPkts[offset + mainpart], txTail + mainpart);
            if (leftover > 1) {
                tx1(txPkts[offset + mainpart + 1], txTail + mainpart + 1);
                if (leftover > 2) {
                    tx1(txPkts[offset + mainpart + 2], txTail + mainpart + 2);
                }
            }
        }
    }

    /**
     * {@code tx1}: descriptor {@code index} for {@code mbuf}: the frame's physical address, then
     * {@code cmd_type_len} = DTYP_DATA | IFCS | DEXT | EOP | length and {@code olinfo_status} =
     * length &lt;&lt; 14, written as one 64-bit store; DD is 0, RS is added later by
     * {@link #setReportStatus}. The mbuf goes into {@code sw_ring} at the same index.
     */
    private void tx1(final int mbuf, final int index) {
        final long mb = pool.header(mbuf);
        if (debug) {
            pool.checkAllocated(mbuf, "transmit");
        }
        swRing[index] = mbuf;
        // Bounded (a no-op mask), so C2 proves both stores' addresses in range and tests neither.
        final long descriptor = DmaWords.base(ringAddress + Descriptor.offset(index));
        DmaWords.setQword(descriptor + Descriptor.QWORD0, Mbuf.dataIova(mb));
        DmaWords.setQword(descriptor + Descriptor.QWORD1, AdvancedTxDescriptor.command(Mbuf.dataLen(mb), false));
    }

    /** ORs RS into {@code cmd_type_len} of a descriptor we have filled and not yet handed over. */
    private void setReportStatus(final int index) {
        final long cmdTypeLen = ringAddress + Descriptor.offset(index) + Descriptor.QWORD1;
        DmaWords.setDword(cmdTypeLen, DmaWords.dword(cmdTypeLen) | (int) AdvancedTxDescriptor.RS);
    }

    /**
     * {@code ixgbe_tx_free_bufs}: if the RS descriptor at {@code txNextDd} is done, the
     * {@code txRsThreshold} descriptors ending there are all done (the NIC processes in order):
     * drop one reference on each of their mbufs, return the freeable ones in bulk puts of at most
     * {@value #MAX_FREE_BUF_SZ}, and free the group. DPDK also splits the puts by the mbufs'
     * pools; this driver has one pool.
     *
     * @return the number of descriptors freed: 0 or {@code txRsThreshold}
     */
    private int freeBufs() {
        // Acquire: DD is written after the NIC has read the buffers, which we may now reuse.
        final int status = DmaWords.dwordAcquire(ringAddress + Descriptor.offset(txNextDd) + Descriptor.QWORD1 + 4);
        if ((status & 1) == 0) { // STA.DD: bit 0 of olinfo_status
            return 0;
        }
        final int first = txNextDd - (txRsThreshold - 1);
        int nbFree = 0;
        for (int i = first; i <= txNextDd; i++) {
            final int mbuf = swRing[i];
            final long mb = pool.header(mbuf);
            swRing[i] = Mbuf.NONE;
            if (debug) {
                pool.checkAllocated(mbuf, "transmit completion");
            }
            if (!Mbuf.prefreeSeg(mb)) {
                continue; // still referenced by another transmit queue
            }
            if (nbFree == MAX_FREE_BUF_SZ) {
                pool.putBulk(free, 0, nbFree);
                nbFree = 0;
            }
            free[nbFree++] = mbuf;
        }
        if (nbFree > 0) {
            pool.putBulk(free, 0, nbFree);
        }
        nbTxFree += txRsThreshold;
        txNextDd += txRsThreshold;
        if (txNextDd >= nbTxDesc) {
            txNextDd = txRsThreshold - 1;
        }
        return txRsThreshold;
    }

    /** How many mbufs this queue holds: placed on the ring and not yet reclaimed. */
    public int mbufsHeld() {
        int held = 0;
        for (final int mbuf : swRing) {
            if (mbuf != Mbuf.NONE) {
                held++;
            }
        }
        return held;
    }

    /** Calls {@code action} with every mbuf this queue holds (for conservation checks; not for the data path). */
    public void forEachMbufHeld(final IntConsumer action) {
        for (final int mbuf : swRing) {
            if (mbuf != Mbuf.NONE) {
                action.accept(mbuf);
            }
        }
    }

    /** Descriptors that can be filled without reclaiming ({@code nb_tx_free}). */
    public int freeDescriptors() {
        return nbTxFree;
    }

    /** The ring size. */
    public int size() {
        return nbTxDesc;
    }

    /** The ring, for tests that look at descriptors. */
    MemorySegment ring() {
        return ring;
    }

    /** The physical address of the ring. */
    public long ringPhysicalAddress() {
        return ringPhysicalAddress;
    }

    @Override
    public String toString() {
        return "TxQueue[port=" + portId + ", queue=" + queue + ", nbTxDesc=" + nbTxDesc + ", txRsThreshold="
                + txRsThreshold + ", txFreeThreshold=" + txFreeThreshold + ", txTail=" + txTail + ", nbTxFree="
                + nbTxFree + ", txNextDd=" + txNextDd + ", txNextRs=" + txNextRs + "]";
    }
}
