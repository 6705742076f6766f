package nicharness.dpdk;

import nicharness.driver.DebugOnly;
import java.lang.foreign.MemorySegment;
import java.util.function.IntConsumer;
import nicharness.driver.DriverPart;
import nicharness.driver.IdCopy;
import nicharness.driver.DriverPart.Part;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DmaWords;
import nicharness.ixgbe.Regs;

/**
 * One receive queue driven as DPDK 20.02's ixgbe bulk-allocation receive path does
 * ({@code ixgbe_recv_pkts_bulk_alloc}: {@code rx_recv_pkts}, {@code ixgbe_rx_scan_hw_ring},
 * {@code ixgbe_rx_alloc_bufs}, {@code ixgbe_rx_fill_from_stage};
 * {@code drivers/net/ixgbe/ixgbe_rxtx.c:1486-1736}
 * at v20.02).
 *
 * <p>Ownership (datasheet 7.1.9): the NIC owns the descriptors from RDH up to
 * but not including RDT, we own the rest. Each descriptor we own holds an mbuf in {@code swRing},
 * except those received and not yet re-armed. Receive never re-arms one descriptor at a time: it
 * scans up to {@value #MAX_BURST} done descriptors into a <em>stage</em>, hands packets out of the
 * stage, and once {@code rxTail} has passed {@code rxFreeTrigger} re-arms the whole group of
 * {@code rxFreeThreshold} descriptors ending at the trigger with mbufs from one bulk get, then
 * writes RDT = the trigger. So RDT moves once per {@code rxFreeThreshold} descriptors, even with
 * a burst of 1, and stays one group behind: the descriptor at RDT is ours, re-armed, and never
 * equal to RDH while the NIC has room (datasheet 7.1.9: RDT equal to RDH leaves the NIC no descriptor).
 *
 * <p>When the pool is exhausted the refill fails; as DPDK does, the scan is undone (the staged
 * mbufs go back to {@code swRing}, {@code rxTail} is rewound), nothing is returned, and the
 * descriptors, still marked done, are scanned again on the next call. RDT stops moving, so the
 * NIC runs out of descriptors and counts its drops (MPC, or QPRDC with DROP_EN): receive stops
 * refilling, nothing crashes, and it recovers as soon as mbufs come back.
 *
 * <p>DPDK pads its ring with 32 zeroed descriptors so that the 8-wide look-ahead may read past the
 * end; here the scan is bounded at the end of the ring instead, so the ring is exactly
 * {@code nbRxDesc} descriptors.
 */
public final class RxQueue {
    /** {@code RTE_PMD_IXGBE_RX_MAX_BURST}: the most descriptors one internal call scans. */
    public static final int MAX_BURST = 32;
    /** {@code LOOK_AHEAD}: descriptors whose status is read as a group before counting the done ones. */
    static final int LOOK_AHEAD = 8;
    /** Reads of RXDCTL.ENABLE, 1 ms apart, before giving up: 10, as DPDK's {@code ixgbe_dev_rx_queue_start}. */
    static final int ENABLE_POLLS = 10;

    /** ol_flags for the two checksum error bits of the write-back (bit 31 IPE, bit 30 TCPE). */
    private static final long[] CHECKSUM_FLAGS = {
            Mbuf.OL_RX_IP_CKSUM_GOOD | Mbuf.OL_RX_L4_CKSUM_GOOD,
            Mbuf.OL_RX_IP_CKSUM_GOOD | Mbuf.OL_RX_L4_CKSUM_BAD,
            Mbuf.OL_RX_IP_CKSUM_BAD | Mbuf.OL_RX_L4_CKSUM_GOOD,
            Mbuf.OL_RX_IP_CKSUM_BAD | Mbuf.OL_RX_L4_CKSUM_BAD,
    };
    /** Extended status bit 3: VP, the frame carried an 802.1Q tag. */
    private static final int STATUS_VP = 1 << 3;
    /** {@code PKT_RX_RSS_HASH}: the write-back carries an RSS hash (RSS type, qword0 bits 3:0, non-zero). */
    private static final long OL_RX_RSS_HASH = 1L << 1;

    private final RegisterSpace registers;
    private final int queue;
    private final int rdt;
    private final MemorySegment ring;
    /** The ring's address: the data path reads and writes descriptors through {@link DmaWords}. */
    private final long ringAddress;
    private final long ringPhysicalAddress;
    private final int nbRxDesc;
    private final int rxFreeThreshold;
    private final int portId;
    private final Mempool pool;
    @DebugOnly // mempool_debug: set by tests, never for measurements
    private final boolean debug;
    /** The mbuf behind each descriptor, {@link Mbuf#NONE} once received and until re-armed. */
    private final int[] swRing;
    /** Mbufs scanned from the ring and not yet handed out: {@code stage[rxNextAvail .. + rxNbAvail)}. */
    private final int[] stage = new int[MAX_BURST];

    /** The next descriptor to look at. */
    private int rxTail;
    /** The last descriptor of the next group to re-arm; RDT is written to it once re-armed. */
    private int rxFreeTrigger;
    private int rxNbAvail;
    private int rxNextAvail;
    private long rxMbufAllocFailed;

    private RxQueue(final RegisterSpace registers, final int queue, final DmaRegion ring, final int nbRxDesc,
                    final int rxFreeThreshold, final int portId, final Mempool pool) {
        this.registers = registers;
        this.queue = queue;
        this.rdt = Regs.RDT(queue);
        this.ring = ring.segment();
        this.ringAddress = DmaWords.address(this.ring, (long) nbRxDesc * Descriptor.SIZE);
        this.ringPhysicalAddress = ring.physicalAddress();
        this.nbRxDesc = nbRxDesc;
        this.rxFreeThreshold = rxFreeThreshold;
        this.portId = portId;
        this.pool = pool;
        this.debug = pool.debug();
        this.swRing = new int[nbRxDesc];
    }

    /**
     * {@code ixgbe_dev_rx_queue_setup} and the per-queue part of {@code ixgbe_dev_rx_init}:
     * allocates the ring, resets the software state ({@code ixgbe_reset_rx_queue}) and programs
     * the queue's registers (datasheet 4.6.7) with the queue still disabled: base, length,
     * RDH = RDT = 0, and SRRCTL = advanced one-buffer descriptors, 2 KiB buffers, DROP_EN only if
     * asked (DPDK's {@code rx_drop_en} is off by default). {@link #start()} enables it.
     *
     * @param registers       the port's BAR0
     * @param queue           the queue index
     * @param portId          the port number written into each received mbuf
     * @param dma             where the ring is allocated
     * @param pool            where the mbufs come from
     * @param nbRxDesc        ring size, checked by {@link DpdkConfig}
     * @param rxFreeThreshold re-arm group size, checked by {@link DpdkConfig}
     * @param dropEnable      SRRCTL.DROP_EN: drop (and count in QPRDC) when the ring is full
     */
    @DriverPart(Part.INIT)
    public static RxQueue setup(final RegisterSpace registers, final int queue, final int portId, final DmaMemory dma,
                                final Mempool pool, final int nbRxDesc, final int rxFreeThreshold,
                                final boolean dropEnable) {
        final DmaRegion region = dma.allocate((long) nbRxDesc * Descriptor.SIZE, Descriptor.RING_ALIGNMENT);
        final RxQueue rxq = new RxQueue(registers, queue, region, nbRxDesc, rxFreeThreshold, portId, pool);
        rxq.reset();
        // Datasheet 4.6.7: program the ring while the queue is disabled.
        registers.write(Regs.RDBAL(queue), (int) rxq.ringPhysicalAddress);
        registers.write(Regs.RDBAH(queue), (int) (rxq.ringPhysicalAddress >>> 32));
        registers.write(Regs.RDLEN(queue), nbRxDesc * Descriptor.SIZE);
        registers.write(Regs.RDH(queue), 0);
        registers.write(Regs.RDT(queue), 0);
        // DPDK writes SRRCTL whole, through IXGBE_SRRCTL(), which is the 0x02100 alias for queues 0-15.
        int srrctl = Regs.withField(0, Regs.SRRCTL_.DESCTYPE, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER);
        srrctl = Regs.withField(srrctl, Regs.SRRCTL_.BSIZEPACKET, Mbuf.DATA_ROOM / 1024);
        if (dropEnable) {
            srrctl |= Regs.SRRCTL_.DROP_EN;
        }
        registers.write(queue < 16 ? Regs.SRRCTL_ALIAS(queue) : Regs.SRRCTL(queue), srrctl);
        return rxq;
    }

    /** {@code ixgbe_reset_rx_queue}: an empty stage, the first trigger at {@code rxFreeThreshold - 1}. */
    private void reset() {
        ring.fill((byte) 0);
        java.util.Arrays.fill(swRing, Mbuf.NONE);
        rxTail = 0;
        rxNbAvail = 0;
        rxNextAvail = 0;
        rxFreeTrigger = rxFreeThreshold - 1;
    }

    /**
     * {@code ixgbe_dev_rx_queue_start}: arms every descriptor with an mbuf
     * ({@code ixgbe_alloc_rx_queue_mbufs}), enables the queue and waits for RXDCTL.ENABLE to read
     * back (datasheet 4.6.7: the tail must not move before), then hands the NIC all descriptors
     * but one: RDH = 0, RDT = N - 1.
     *
     * @throws IllegalStateException if the pool cannot arm the ring or the queue does not enable
     */
    @DriverPart(Part.INIT)
    public void start() {
        for (int i = 0; i < nbRxDesc; i++) {
            final int mbuf = pool.get();
            if (mbuf == Mbuf.NONE) {
                throw new IllegalStateException("port " + portId + " receive queue " + queue + ": the mempool ran out "
                        + "after arming " + i + " of " + nbRxDesc + " descriptors (" + pool
                        + "); give the pool at least the receive rings plus the transmit rings plus the cache");
            }
            Mbuf.setDataOff(pool.header(mbuf), Mbuf.HEADROOM);
            Mbuf.setPort(pool.header(mbuf), portId);
            arm(i, pool.header(mbuf));
            swRing[i] = mbuf;
        }
        final int rxdctl = Regs.RXDCTL(queue);
        registers.write(rxdctl, registers.read(rxdctl) | Regs.RXDCTL_.ENABLE);
        EthDev.pollUntilSet(registers, rxdctl, Regs.RXDCTL_.ENABLE, ENABLE_POLLS,
                "port " + portId + " receive queue " + queue + " RXDCTL.ENABLE");
        registers.write(Regs.RDH(queue), 0);
        registers.write(rdt, nbRxDesc - 1); // release: the armed descriptors are visible before the NIC may use them
    }

    /**
     * {@code rte_eth_rx_burst} on this queue ({@code ixgbe_recv_pkts_bulk_alloc}): up to
     * {@code nbPkts} received mbufs into {@code rxPkts[0 ..)}, in arrival order, in internal calls
     * of at most {@value #MAX_BURST}.
     *
     * @return how many mbufs were received; they now belong to the caller
     */
    @DriverPart(Part.RECEIVE)
    public int receiveBurst(final int[] rxPkts, final int nbPkts) {
        if (nbPkts <= MAX_BURST) {
            return nbPkts == 0 ? 0 : receive(rxPkts, 0, nbPkts);
        }
        int nbRx = 0;
        int remaining = nbPkts;
        while (remaining > 0) {
            final int n = Math.min(remaining, MAX_BURST);
            final int received = receive(rxPkts, nbRx, n);
            nbRx += received;
            remaining -= received;
            if (received < n) {
                break;
            }
        }
        return nbRx;
    }

    /** {@code rx_recv_pkts}: serve from the stage, or scan, re-arm a group if due, and serve. */
    private int receive(final int[] rxPkts, final int offset, final int nbPkts) {
        if (rxNbAvail > 0) {
            return fillFromStage(rxPkts, offset, nbPkts);
        }
        final int nbRx = scanHwRing();
        rxNextAvail = 0;
        rxNbAvail = nbRx;
        rxTail += nbRx;
        if (rxTail > rxFreeTrigger) {
            final int curFreeTrigger = rxFreeTrigger;
            if (!allocBufs()) {
                rewind(nbRx);
                return 0;
            }
            // Release: the re-armed descriptors are written before the NIC may read them.
            registers.write(rdt, curFreeTrigger);
        }
        if (rxTail >= nbRxDesc) {
            rxTail = 0;
        }
        return rxNbAvail > 0 ? fillFromStage(rxPkts, offset, nbPkts) : 0;
    }

    /**
     * {@code ixgbe_rx_scan_hw_ring}: moves the mbufs of up to {@value #MAX_BURST} consecutive done
     * descriptors from {@code rxTail} to the stage, filling in their length, VLAN tag, flags and
     * packet type from the write-back (datasheet 7.1.6.2). Looks at groups of
     * {@value #LOOK_AHEAD} and stops after the first group that is not entirely done.
     *
     * <p>DPDK ({@code ixgbe_rxtx.c:1486-1578} at v20.02) reads a group's eight statuses first,
     * counts the leading done ones, translates those, copies all eight mbuf pointers to the stage,
     * and after the last group clears the taken {@code sw_ring} entries in a loop of its own. One
     * pass per done descriptor here does the same to the same descriptors and mbufs, reading each
     * descriptor's second quadword once (DPDK reads the length and VLAN again when it translates)
     * and copying to the stage only the ids it hands out: the statuses of the rest are not read, so
     * no Java array stands for DPDK's on-stack {@code s[LOOK_AHEAD]}. Clearing {@code sw_ring} after
     * the scan with {@code Arrays.fill} cost 1.6 instructions a packet more than in the pass
     * ({@code callgrind-cost}, dpdk-batched).
     */
    private int scanHwRing() {
        final long ring = this.ringAddress;
        final int tail = rxTail;
        if (!AdvancedRxDescriptor.done(qword1Acquire(ring, tail))) {
            return 0;
        }
        // Fields read once: C2 reloaded them for every descriptor (11 instructions a packet, callgrind-cost).
        final int[] swRing = this.swRing;
        final int[] stage = this.stage;
        final long[] headers = pool.headerTable();
        final int limit = Math.min(MAX_BURST, nbRxDesc - tail);
        int nbRx = 0;
        for (int i = 0; i < limit; i += LOOK_AHEAD) {
            final int group = Math.min(LOOK_AHEAD, limit - i);
            int nbDd = 0;
            for (int j = 0; j < group; j++) {
                final int index = tail + i + j;
                // Bounded (a no-op mask), so C2 proves both qwords' addresses in range and tests neither.
                final long descriptor = DmaWords.base(ring + Descriptor.offset(index));
                // Acquire: the NIC writes qword1 (DD) last, so once DD is seen, qword0 and the
                // frame bytes it wrote before are visible to the plain reads below.
                final long qword1 = DmaWords.qwordAcquire(descriptor + Descriptor.QWORD1);
                if (!AdvancedRxDescriptor.done(qword1)) {
                    break;
                }
                final int pktInfo = DmaWords.dword(descriptor + Descriptor.QWORD0); // wb.lower.lo_dword.data
                final int mbuf = swRing[index];
                final long mb = Mempool.header(headers, mbuf);
                final int pktLen = AdvancedRxDescriptor.length(qword1); // CRC stripped: crc_len = 0
                Mbuf.setDataLen(mb, pktLen);
                Mbuf.setPktLen(mb, pktLen);
                Mbuf.setVlanTci(mb, DmaWords.word(descriptor + AdvancedRxDescriptor.VLAN_OFFSET)); // wb.upper.vlan
                final int status = (int) qword1;
                long olFlags = CHECKSUM_FLAGS[(status >>> 30) & 3];
                if ((status & STATUS_VP) != 0) {
                    olFlags |= Mbuf.OL_RX_VLAN;
                }
                if ((pktInfo & 0xF) != 0) {
                    olFlags |= OL_RX_RSS_HASH;
                }
                Mbuf.setOlFlags(mb, olFlags);
                // DPDK translates the 82599 packet type through a table; we keep its raw bits 16:4.
                Mbuf.setPacketType(mb, (pktInfo >>> 4) & 0x1FFF);
                stage[i + j] = mbuf;
                swRing[index] = Mbuf.NONE;
                nbDd++;
            }
            nbRx += nbDd;
            if (nbDd != LOOK_AHEAD) {
                break;
            }
        }
        if (debug) {
            for (int k = 0; k < nbRx; k++) {
                pool.checkAllocated(stage[k], "receive");
            }
        }
        return nbRx;
    }

    private static long qword1Acquire(final long ring, final int index) {
        return DmaWords.qwordAcquire(ring + Descriptor.offset(index) + Descriptor.QWORD1);
    }

    /**
     * {@code ixgbe_rx_alloc_bufs}: takes {@code rxFreeThreshold} mbufs in one bulk get straight
     * into {@code swRing} at the group ending at {@code rxFreeTrigger}, resets the fields receive
     * relies on, re-arms each descriptor, and moves the trigger to the next group.
     *
     * @return false, changing nothing, when the pool cannot supply the group
     */
    private boolean allocBufs() {
        final int allocIdx = rxFreeTrigger - (rxFreeThreshold - 1);
        if (!pool.getBulk(swRing, allocIdx, rxFreeThreshold)) {
            return false;
        }
        for (int i = 0; i < rxFreeThreshold; i++) {
            final int mbuf = swRing[allocIdx + i];
            final long mb = pool.header(mbuf);
            Mbuf.setPort(mb, portId);
            Mbuf.setRefcnt(mb, 1);
            Mbuf.setDataOff(mb, Mbuf.HEADROOM);
            arm(allocIdx + i, mb);
        }
        rxFreeTrigger += rxFreeThreshold;
        if (rxFreeTrigger >= nbRxDesc) {
            rxFreeTrigger = rxFreeThreshold - 1;
        }
        return true;
    }

    /**
     * Writes descriptor {@code index} in read format (datasheet 7.1.6.1): the packet buffer
     * address, which the write-back overwrote, and a zero header address, which also clears DD.
     */
    private void arm(final int index, final long mb) {
        final long descriptor = DmaWords.base(ringAddress + Descriptor.offset(index)); // bounded: no test per store
        // rte_mbuf_data_iova_default: the buffer plus the default headroom.
        DmaWords.setQword(descriptor + Descriptor.QWORD0, Mbuf.bufIova(mb) + Mbuf.HEADROOM);
        DmaWords.setQword(descriptor + Descriptor.QWORD1, 0L);
    }

    /** The refill failed: put the scanned mbufs back and rewind, so the next call scans them again. */
    private void rewind(final int nbRx) {
        rxMbufAllocFailed += rxFreeThreshold;
        rxNbAvail = 0;
        rxTail -= nbRx;
        System.arraycopy(stage, 0, swRing, rxTail, nbRx);
    }

    /** {@code ixgbe_rx_fill_from_stage}: hands out up to {@code nbPkts} staged mbufs. */
    private int fillFromStage(final int[] rxPkts, final int offset, final int nbPkts) {
        final int n = Math.min(nbPkts, rxNbAvail);
        IdCopy.copy(stage, rxNextAvail, rxPkts, offset, n); // ixgbe_rx_fill_from_stage's loop
        rxNbAvail -= n;
        rxNextAvail += n;
        return n;
    }

    /** How many mbufs this queue holds: armed in the ring or staged and not yet handed out. */
    public int mbufsHeld() {
        int held = rxNbAvail;
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
        for (int i = 0; i < rxNbAvail; i++) {
            action.accept(stage[rxNextAvail + i]);
        }
    }

    /** {@code rx_mbuf_alloc_failed}: mbufs that refills asked for and the pool could not give. */
    public long mbufAllocFailed() {
        return rxMbufAllocFailed;
    }

    /** The ring size. */
    public int size() {
        return nbRxDesc;
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
        return "RxQueue[port=" + portId + ", queue=" + queue + ", nbRxDesc=" + nbRxDesc + ", rxFreeThreshold="
                + rxFreeThreshold + ", rxTail=" + rxTail + ", rxFreeTrigger=" + rxFreeTrigger + ", staged="
                + rxNbAvail + "]";
    }
}
