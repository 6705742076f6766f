package nicharness.dpdk;

import nicharness.driver.AllocationStep;
import nicharness.ixgbe.DmaWords;

/**
 * The layout of one mbuf ({@code struct rte_mbuf}, DPDK 20.02) and the accessors the driver uses,
 * over the pool's DMA memory. An mbuf is named by its <em>id</em> (its region and its index there,
 * {@link #id}) in rings, caches and bursts; every accessor takes the address of its header,
 * {@link Mempool#header}, as DPDK's take a {@code struct rte_mbuf *} (argument {@code mb}, DPDK's
 * name for it). The address is one load from the pool's table of headers: no segment, no class
 * check, no multiply per access; so an access costs C2 a load or a store, as it costs C. Nothing on
 * the data path holds a Java object per packet.
 *
 * <p>Each pool element is one mbuf: its 128-byte header, then the buffer of
 * {@code RTE_PKTMBUF_HEADROOM} + data room bytes, as {@code rte_pktmbuf_pool_create} lays it out
 * with the default buffer size of 2176 (2048 + 128):
 *
 * <pre>
 *  0                 128               256                                    2304
 *  +-----------------+-----------------+--------------------------------------+
 *  | header (2 lines)|  headroom (128) |           data room (2048)           |
 *  +-----------------+-----------------+--------------------------------------+
 *                    ^ buf_iova        ^ buf_iova + data_off: where the NIC writes a frame
 * </pre>
 *
 * Header, first cache line (everything receive and transmit touch):
 * <pre>
 *  0 buf_addr  (8)  the buffer's offset in its region's segment (DPDK: its virtual address)
 *  8 buf_iova  (8)  the buffer's physical address, computed once at pool creation
 * 16 data_off  (2) | 18 refcnt (2) | 20 nb_segs (2) | 22 port (2)     "rearm_data"
 * 24 ol_flags  (8)  offload flags derived from the receive descriptor's status
 * 32 packet_type (4) | 36 pkt_len (4) | 40 data_len (2) | 42 vlan_tci (2)   "rx_descriptor_fields1"
 * 44 hash.rss  (4)  | 54 buf_len (2)
 * </pre>
 * Second cache line: {@code 72 pool} (the pool id), {@code 80 next} (next segment; always
 * {@link #NONE}: the driver never chains segments). Free mbufs are not linked through the header:
 * as in {@code rte_mempool}, the free list is the pool's ring and per-core cache of ids.
 *
 * <p>Why the metadata lives in DMA memory next to each buffer rather than in flat Java arrays
 * indexed by id: the paper attributes part of DPDK's per-packet cost to this bookkeeping, and its
 * cost is mostly memory traffic. DPDK's refill writes {@code data_off}/{@code refcnt}/{@code port}
 * into one header line, receive writes the lengths and flags into the same line, transmit reads
 * {@code buf_iova}, {@code data_off} and {@code data_len}, and the free path reads {@code refcnt};
 * all of it one cache line away from the packet. Arrays of fields would spread one mbuf over
 * several heap lines (a structure of arrays) and change exactly the cache behaviour Table 4
 * measures. Accesses are by address ({@link DmaWords}), as DPDK's are through an mbuf pointer.
 *
 * <p>{@code refcnt} is updated atomically, as {@code rte_mbuf_refcnt_update} does, through the
 * 32-bit word at offset 16 (FFM offers atomic adds on 32- and 64-bit values only): in little-endian
 * order {@code data_off} is its low half and {@code refcnt} its high half, so adding
 * {@code delta << 16} changes {@code refcnt} alone.
 */
@AllocationStep
public final class Mbuf {
    private Mbuf() {
    }

    /** Bytes of header before the buffer ({@code sizeof(struct rte_mbuf)}, two cache lines). */
    public static final int HEADER_SIZE = 128;
    /** {@code RTE_PKTMBUF_HEADROOM}: bytes kept free before the frame so a header can be prepended. */
    public static final int HEADROOM = 128;
    /** Data room after the headroom: the 2 KiB the NIC may fill (SRRCTL.BSIZEPACKET = 2). */
    public static final int DATA_ROOM = 2048;
    /** {@code buf_len}: the buffer, headroom included (DPDK's {@code RTE_MBUF_DEFAULT_BUF_SIZE}). */
    public static final int BUF_LEN = HEADROOM + DATA_ROOM;
    /** Bytes per pool element; a multiple of 64, so every header starts a cache line. */
    public static final int SIZE = HEADER_SIZE + BUF_LEN;
    /** The id that names no mbuf (DPDK's {@code NULL} in {@code sw_ring} and {@code next}). */
    public static final int NONE = -1;
    /** {@code RTE_MBUF_PORT_INVALID}: the port of an mbuf that has not been received yet. */
    public static final int PORT_INVALID = 0xFFFF;

    // Offsets in the header.
    static final long BUF_ADDR = 0;
    static final long BUF_IOVA = 8;
    static final long DATA_OFF = 16;
    static final long REFCNT = 18;
    static final long NB_SEGS = 20;
    static final long PORT = 22;
    static final long OL_FLAGS = 24;
    static final long PACKET_TYPE = 32;
    static final long PKT_LEN = 36;
    static final long DATA_LEN = 40;
    static final long VLAN_TCI = 42;
    static final long HASH_RSS = 44;
    static final long BUF_LEN_FIELD = 54;
    static final long POOL = 72;
    static final long NEXT = 80;
    /** The 32-bit word holding {@code data_off} (low half) and {@code refcnt} (high half). */
    private static final long DATA_OFF_REFCNT = DATA_OFF;

    /** {@code PKT_RX_VLAN | PKT_RX_VLAN_STRIPPED}: the frame carried a VLAN tag (status VP). */
    public static final long OL_RX_VLAN = (1L << 0) | (1L << 6);
    /** {@code PKT_RX_IP_CKSUM_BAD}. */
    public static final long OL_RX_IP_CKSUM_BAD = 1L << 4;
    /** {@code PKT_RX_IP_CKSUM_GOOD}. */
    public static final long OL_RX_IP_CKSUM_GOOD = 1L << 7;
    /** {@code PKT_RX_L4_CKSUM_BAD}. */
    public static final long OL_RX_L4_CKSUM_BAD = 1L << 3;
    /** {@code PKT_RX_L4_CKSUM_GOOD}. */
    public static final long OL_RX_L4_CKSUM_GOOD = 1L << 8;


    /**
     * Bits of an id that number the mbuf inside its memory region; the bits above name the region.
     * A pool spans as many DMA regions as it needs, as DPDK's mempool spans memory segments, since
     * a region must fit in one 2 MiB hugepage (910 mbufs of {@value #SIZE} bytes); an id carries its
     * region so that the segment holding an mbuf (for the NF's view of its frame) is a shift and an
     * array load.
     */
    public static final int INDEX_BITS = 10;
    /** The most mbufs one region holds, whatever its size. */
    public static final int MAX_PER_REGION = 1 << INDEX_BITS;
    private static final int INDEX_MASK = MAX_PER_REGION - 1;

    /** The id of mbuf {@code index} of region {@code region}. */
    public static int id(final int region, final int index) {
        return (region << INDEX_BITS) | index;
    }

    /** The region an id's mbuf lives in. */
    public static int region(final int id) {
        return id >>> INDEX_BITS;
    }

    /** The mbuf's number inside its region. */
    public static int index(final int id) {
        return id & INDEX_MASK;
    }

    /** The offset of mbuf {@code id}'s header in its region's segment. */
    public static long base(final int id) {
        return (long) (id & INDEX_MASK) * SIZE;
    }

    /**
     * {@code rte_pktmbuf_init}: writes the fields that never change (buffer addresses, length, pool)
     * and the state of a free mbuf (one segment, refcnt 1, default headroom, no port).
     */
    static void init(final long mb, final long bufAddr, final long bufIova, final int poolId) {
        DmaWords.setQword(mb + BUF_ADDR, bufAddr);
        DmaWords.setQword(mb + BUF_IOVA, bufIova);
        DmaWords.setWord(mb + BUF_LEN_FIELD, BUF_LEN);
        DmaWords.setDword(mb + POOL, poolId);
        DmaWords.setDword(mb + NEXT, NONE);
        DmaWords.setWord(mb + NB_SEGS, 1);
        DmaWords.setWord(mb + PORT, PORT_INVALID);
        DmaWords.setWord(mb + DATA_OFF, HEADROOM);
        DmaWords.setWord(mb + REFCNT, 1);
    }

    /** {@code buf_iova}: the physical address of the buffer (headroom included). */
    public static long bufIova(final long mb) {
        return DmaWords.qword(mb + BUF_IOVA);
    }

    /** {@code buf_addr}: the offset of the buffer in the pool segment. */
    public static long bufAddr(final long mb) {
        return DmaWords.qword(mb + BUF_ADDR);
    }

    /** {@code data_off}: where the frame starts in the buffer. */
    public static int dataOff(final long mb) {
        return DmaWords.word(mb + DATA_OFF);
    }

    public static void setDataOff(final long mb, final int dataOff) {
        DmaWords.setWord(mb + DATA_OFF, dataOff);
    }

    /** {@code rte_mbuf_data_iova}: the physical address of the frame's first byte. */
    public static long dataIova(final long mb) {
        return DmaWords.qword(mb + BUF_IOVA) + DmaWords.word(mb + DATA_OFF);
    }

    /** The offset of the frame's first byte in the pool segment ({@code rte_pktmbuf_mtod}). */
    public static long dataStart(final long mb) {
        return DmaWords.qword(mb + BUF_ADDR) + DmaWords.word(mb + DATA_OFF);
    }

    /** {@code data_len}: the bytes of the frame in this (only) segment. */
    public static int dataLen(final long mb) {
        return DmaWords.word(mb + DATA_LEN);
    }

    public static void setDataLen(final long mb, final int length) {
        DmaWords.setWord(mb + DATA_LEN, length);
    }

    /** {@code pkt_len}: the frame's total length (equal to {@code data_len}: one segment). */
    public static int pktLen(final long mb) {
        return DmaWords.dword(mb + PKT_LEN);
    }

    public static void setPktLen(final long mb, final int length) {
        DmaWords.setDword(mb + PKT_LEN, length);
    }

    /** {@code port}: the port the frame arrived on. */
    public static int port(final long mb) {
        return DmaWords.word(mb + PORT);
    }

    public static void setPort(final long mb, final int port) {
        DmaWords.setWord(mb + PORT, port);
    }

    public static long olFlags(final long mb) {
        return DmaWords.qword(mb + OL_FLAGS);
    }

    public static void setOlFlags(final long mb, final long flags) {
        DmaWords.setQword(mb + OL_FLAGS, flags);
    }

    public static int packetType(final long mb) {
        return DmaWords.dword(mb + PACKET_TYPE);
    }

    public static void setPacketType(final long mb, final int packetType) {
        DmaWords.setDword(mb + PACKET_TYPE, packetType);
    }

    public static int vlanTci(final long mb) {
        return DmaWords.word(mb + VLAN_TCI);
    }

    public static void setVlanTci(final long mb, final int tci) {
        DmaWords.setWord(mb + VLAN_TCI, tci);
    }

    /** {@code pool}: the id of the pool the mbuf belongs to. */
    public static int pool(final long mb) {
        return DmaWords.dword(mb + POOL);
    }

    /** {@code next}: the next segment; {@link #NONE} for every mbuf of this driver. */
    public static int next(final long mb) {
        return DmaWords.dword(mb + NEXT);
    }

    public static int nbSegs(final long mb) {
        return DmaWords.word(mb + NB_SEGS);
    }

    /** {@code rte_mbuf_refcnt_read}: how many owners the mbuf has (1 for an unshared mbuf). */
    public static int refcnt(final long mb) {
        return DmaWords.word(mb + REFCNT);
    }

    /** {@code rte_mbuf_refcnt_set}: a plain store, as in DPDK (only the owner calls it). */
    public static void setRefcnt(final long mb, final int refcnt) {
        DmaWords.setWord(mb + REFCNT, refcnt);
    }

    /**
     * {@code rte_mbuf_refcnt_update}: adds {@code delta} to {@code refcnt} atomically and answers
     * the new value (other cores may hold the same mbuf once it has been shared).
     */
    public static int refcntUpdate(final long mb, final int delta) {
        final int old = DmaWords.getAndAddDword(mb + DATA_OFF_REFCNT, delta << 16);
        return ((old >>> 16) + delta) & 0xFFFF;
    }

    /**
     * {@code rte_pktmbuf_prefree_seg}: drops one reference and answers whether this was the last,
     * in which case the mbuf is ready to go back to its pool (refcnt left at 1, one segment).
     * The common case, an unshared mbuf, costs a load of {@code refcnt} and one of {@code next}
     * (the header's second cache line, as in DPDK) and no atomic operation.
     */
    public static boolean prefreeSeg(final long mb) {
        if (refcnt(mb) == 1) {
            unchain(mb);
            return true;
        }
        if (refcntUpdate(mb, -1) == 0) {
            unchain(mb);
            setRefcnt(mb, 1);
            return true;
        }
        return false;
    }

    /** A free mbuf is one segment: reset {@code next} and {@code nb_segs} if they say otherwise. */
    private static void unchain(final long mb) {
        if (DmaWords.dword(mb + NEXT) != NONE) {
            DmaWords.setDword(mb + NEXT, NONE);
            DmaWords.setWord(mb + NB_SEGS, 1);
        }
    }
}
