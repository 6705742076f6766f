package nicharness.dpdk;

import java.util.List;
import java.util.Map;
import nicharness.driver.Parameter;
import nicharness.driver.Parameters;

/**
 * Every size and threshold of the DPDK-style driver, named as in DPDK (testpmd's {@code nb_rxd},
 * {@code rte_eth_rxconf.rx_free_thresh}, ...), with the paper's values as defaults, and checked
 * at start-up the way DPDK 20.02's ixgbe PMD and mempool check them, plus the conditions under
 * which DPDK would pick the two code paths this driver implements (bulk-allocation receive,
 * simple transmit). A value DPDK would refuse, or that would make DPDK pick another path, is
 * refused here with the rule, the value and the fix.
 *
 * @param burst              packets per {@code rte_eth_rx_burst} / {@code rte_eth_tx_burst} call
 * @param nbRxd              receive ring size ({@code --rxd})
 * @param nbTxd              transmit ring size ({@code --txd})
 * @param rxFreeThreshold    receive re-arm group ({@code rx_free_thresh})
 * @param txRsThreshold      RS period ({@code tx_rs_thresh})
 * @param txFreeThreshold    reclaim below this many free descriptors ({@code tx_free_thresh})
 * @param txPthresh          TXDCTL.PTHRESH
 * @param txHthresh          TXDCTL.HTHRESH
 * @param txWthresh          TXDCTL.WTHRESH
 * @param nbMbufPerPort      mbufs in the pool per port
 * @param mempoolCacheSize   per-core cache size ({@code --mbcache})
 * @param rxDropEnable       SRRCTL.DROP_EN ({@code rx_drop_en})
 * @param mempoolDebug       detect double free and use after free
 */
public record DpdkConfig(int burst, int nbRxd, int nbTxd, int rxFreeThreshold, int txRsThreshold,
                         int txFreeThreshold, int txPthresh, int txHthresh, int txWthresh, int nbMbufPerPort,
                         int mempoolCacheSize, boolean rxDropEnable, boolean mempoolDebug) {

    /** testpmd's {@code MAX_PKT_BURST}. */
    public static final int MAX_BURST = 512;
    /** {@code IXGBE_MIN_RING_DESC}. */
    public static final int MIN_RING_DESC = 32;
    /** {@code IXGBE_MAX_RING_DESC}. */
    public static final int MAX_RING_DESC = 4096;
    /** {@code IXGBE_RXD_ALIGN} / {@code IXGBE_TXD_ALIGN}: ring lengths are multiples of 128 bytes (datasheet 8.2.3.8.3). */
    public static final int RING_DESC_ALIGN = 8;
    /** {@code DEFAULT_TX_RS_THRESH}: DPDK 20.02 refuses a larger {@code tx_rs_thresh}. */
    public static final int DEFAULT_TX_RS_THRESH = 32;
    /**
     * testpmd's mbufs per port: the largest receive and transmit rings (2048 each), one lcore's
     * cache (250) and the largest burst (512), as the paper's no-op and Table 4 runs sized it.
     */
    public static final int DEFAULT_NB_MBUF_PER_PORT = 2048 + 250 + 2048 + 512;
    /** testpmd's {@code DEF_MBUF_CACHE}: the per-lcore mempool cache of the no-op and Table 4 runs. */
    public static final int DEFAULT_MEMPOOL_CACHE_SIZE = 250;

    /**
     * Vigor's {@code nf.c} (vigor @4979e590, the verified-DPDK baseline of Table 3): receive and
     * transmit rings of 96 descriptors ({@code RX_QUEUE_SIZE}, {@code TX_QUEUE_SIZE}, nf.c:70-71),
     * "NOT powers of 2 so that ixgbe doesn't use vector stuff".
     */
    public static final int VIGOR_RING_SIZE = 96;
    /**
     * Vigor's {@code nf.c}: 256 mbufs per device ({@code MEMPOOL_BUFFER_COUNT}, nf.c:79 at vigor
     * @4979e590), in one pool of {@code MEMPOOL_BUFFER_COUNT * nb_devices} shared by every device
     * (nf.c:235-242).
     */
    public static final int VIGOR_MBUFS_PER_DEVICE = 256;
    /** Vigor's {@code nf.c}: no per-lcore mempool cache (the cache argument 0 of its {@code rte_pktmbuf_pool_create}, nf.c:238). */
    public static final int VIGOR_MEMPOOL_CACHE_SIZE = 0;
    /**
     * The policer baseline of Figures 6 to 8 ({@code experiments/baselines/policer/dpdk/main.c},
     * TinyNF osdi20): a pool of 1024 x 2 mbufs for its two ports, "empirically determined" to be
     * faster; here 1024 per port opened, so 2,048 with the paper's two ports.
     */
    public static final int POLICER_MBUFS_PER_PORT = 1024;
    /** The policer baseline's per-lcore mempool cache (same file). */
    public static final int POLICER_MEMPOOL_CACHE_SIZE = 128;

    public static final String BURST = "burst";
    public static final String NB_RXD = "nb_rxd";
    public static final String NB_TXD = "nb_txd";
    public static final String RX_FREE_THRESH = "rx_free_thresh";
    public static final String TX_RS_THRESH = "tx_rs_thresh";
    public static final String TX_FREE_THRESH = "tx_free_thresh";
    public static final String TX_PTHRESH = "tx_pthresh";
    public static final String TX_HTHRESH = "tx_hthresh";
    public static final String TX_WTHRESH = "tx_wthresh";
    public static final String NB_MBUF_PER_PORT = "nb_mbuf_per_port";
    public static final String MEMPOOL_CACHE_SIZE = "mempool_cache_size";
    public static final String RX_DROP_EN = "rx_drop_en";
    public static final String MEMPOOL_DEBUG = "mempool_debug";

    /**
     * The parameters of a variant, with the paper's values as defaults.
     *
     * @param burst the variant's burst size (1 for {@code dpdk}, 32 for {@code dpdk-batched})
     * @param nbRxd the variant's receive ring size (160 or 128)
     * @param nbTxd the variant's transmit ring size (544 or 512)
     */
    public static List<Parameter> parameters(final int burst, final int nbRxd, final int nbTxd) {
        return parameters(burst, nbRxd, nbTxd, DEFAULT_NB_MBUF_PER_PORT, DEFAULT_MEMPOOL_CACHE_SIZE);
    }

    /**
     * The parameters of a variant whose application sizes its pool differently from testpmd.
     *
     * @param nbMbufPerPort the variant's mbufs per port
     * @param cacheSize     the variant's per-core mempool cache (0: none)
     */
    public static List<Parameter> parameters(final int burst, final int nbRxd, final int nbTxd,
                                             final int nbMbufPerPort, final int cacheSize) {
        return List.of(
                new Parameter(BURST, Integer.toString(burst), "Packets per rx_burst / tx_burst call, in [1, "
                        + MAX_BURST + "]. Paper: 1 for \"DPDK\", 32 for \"DPDK, batched\" (testpmd --burst)."),
                new Parameter(NB_RXD, Integer.toString(nbRxd), "Receive ring size, a multiple of " + RING_DESC_ALIGN
                        + " in [" + MIN_RING_DESC + ", " + MAX_RING_DESC + "] that rx_free_thresh divides. Paper: 160 "
                        + "for burst 1 (not a power of two, to keep DPDK off its vector receive path), 128 batched."),
                new Parameter(NB_TXD, Integer.toString(nbTxd), "Transmit ring size, a multiple of " + RING_DESC_ALIGN
                        + " in [" + MIN_RING_DESC + ", " + MAX_RING_DESC + "] that tx_rs_thresh divides. Paper: 544 "
                        + "for burst 1, 512 batched."),
                new Parameter(RX_FREE_THRESH, "32", "Receive descriptors re-armed (and RDT moved) per group, from one "
                        + "bulk mempool get; at least 32, below nb_rxd and dividing it (the bulk-allocation receive "
                        + "path's conditions). DPDK default: 32."),
                new Parameter(TX_RS_THRESH, "32", "Transmit descriptors per RS bit, and per reclaimed group; DPDK 20.02 "
                        + "allows at most 32 and uses the simple transmit path only from 32, so 32 is the one value "
                        + "this driver accepts. DPDK default: 32."),
                new Parameter(TX_FREE_THRESH, "32", "Reclaim completed descriptors when fewer than this are free; at "
                        + "least tx_rs_thresh, below nb_txd - 3, and tx_rs_thresh + tx_free_thresh <= nb_txd. "
                        + "DPDK default: 32."),
                new Parameter(TX_PTHRESH, "32", "TXDCTL.PTHRESH, prefetch threshold, in [0, 127]. DPDK default: 32."),
                new Parameter(TX_HTHRESH, "0", "TXDCTL.HTHRESH, host threshold, in [0, 127]. DPDK default: 0."),
                new Parameter(TX_WTHRESH, "0", "TXDCTL.WTHRESH, write-back threshold, in [0, 127]; must be 0 when "
                        + "tx_rs_thresh > 1 (the NIC ignores RS otherwise). DPDK default: 0."),
                new Parameter(NB_MBUF_PER_PORT, Integer.toString(nbMbufPerPort), "Mbufs in the pool per port: testpmd's per-port sizing "
                        + "2048 + 250 + 2048 + 512 (largest rings, one lcore's cache, largest burst), as the paper's "
                        + "no-op and Table 4 runs. testpmd multiplies it by RTE_MAX_ETHPORTS (155,456 mbufs); we "
                        + "multiply by the ports opened. The policer baseline used 1024 per port (2048 in total), "
                        + "Vigor's NFs 256 per device."),
                new Parameter(MEMPOOL_CACHE_SIZE, Integer.toString(cacheSize), "Per-core mempool cache, in [0, " + Mempool.CACHE_MAX_SIZE
                        + "] and at most 2/3 of the pool; 0 disables it. Paper: 250 (testpmd), 128 for the policer "
                        + "baseline, 0 for Vigor's NFs."),
                new Parameter(RX_DROP_EN, "0", "1 sets SRRCTL.DROP_EN, so a full receive ring drops into QPRDC "
                        + "instead of the packet buffer (MPC). DPDK default (rx_drop_en): 0."),
                new Parameter(MEMPOOL_DEBUG, "0", "1 makes the mempool detect double free, use after free and write "
                        + "after free (RTE_LIBRTE_MEMPOOL_DEBUG); for tests, never for measurements."));
    }

    /**
     * Reads and checks the overrides against the variant's parameters.
     *
     * @throws IllegalArgumentException naming the rule, the values and the fix for the first violation
     */
    public static DpdkConfig parse(final String model, final List<Parameter> declared, final Map<String, String> overrides) {
        final Parameters p = new Parameters(model, declared, overrides);
        final DpdkConfig config = new DpdkConfig(
                p.intValue(BURST, 1, MAX_BURST),
                p.intValue(NB_RXD, MIN_RING_DESC, MAX_RING_DESC),
                p.intValue(NB_TXD, MIN_RING_DESC, MAX_RING_DESC),
                p.intValue(RX_FREE_THRESH, 1, MAX_RING_DESC),
                p.intValue(TX_RS_THRESH, 1, MAX_RING_DESC),
                p.intValue(TX_FREE_THRESH, 1, MAX_RING_DESC),
                p.intValue(TX_PTHRESH, 0, 127),
                p.intValue(TX_HTHRESH, 0, 127),
                p.intValue(TX_WTHRESH, 0, 127),
                p.intValue(NB_MBUF_PER_PORT, 1, Mempool.MAX_SIZE),
                p.intValue(MEMPOOL_CACHE_SIZE, 0, Mempool.CACHE_MAX_SIZE),
                p.intValue(RX_DROP_EN, 0, 1) == 1,
                p.intValue(MEMPOOL_DEBUG, 0, 1) == 1);
        config.check(model);
        return config;
    }

    private void check(final String model) {
        final String where = "driver " + model + ": ";
        require(nbRxd % RING_DESC_ALIGN == 0, where + NB_RXD + " must be a multiple of " + RING_DESC_ALIGN
                + " (RDLEN is a multiple of 128 bytes): " + NB_RXD + "=" + nbRxd);
        require(nbTxd % RING_DESC_ALIGN == 0, where + NB_TXD + " must be a multiple of " + RING_DESC_ALIGN
                + " (TDLEN is a multiple of 128 bytes): " + NB_TXD + "=" + nbTxd);
        // check_rx_burst_bulk_alloc_preconditions: otherwise DPDK falls back to ixgbe_recv_pkts.
        require(rxFreeThreshold >= RxQueue.MAX_BURST && rxFreeThreshold < nbRxd && nbRxd % rxFreeThreshold == 0,
                where + "the bulk-allocation receive path needs " + RX_FREE_THRESH + " >= " + RxQueue.MAX_BURST
                        + ", " + RX_FREE_THRESH + " < " + NB_RXD + " and " + NB_RXD + " % " + RX_FREE_THRESH
                        + " == 0 (DPDK would fall back to ixgbe_recv_pkts, which this driver does not implement): "
                        + RX_FREE_THRESH + "=" + rxFreeThreshold + " " + NB_RXD + "=" + nbRxd);
        // ixgbe_dev_tx_queue_setup, in its order.
        require(txRsThreshold + txFreeThreshold <= nbTxd, where + TX_RS_THRESH + " + " + TX_FREE_THRESH
                + " must not exceed " + NB_TXD + ": " + TX_RS_THRESH + "=" + txRsThreshold + " " + TX_FREE_THRESH + "="
                + txFreeThreshold + " " + NB_TXD + "=" + nbTxd);
        require(txRsThreshold < nbTxd - 2, where + TX_RS_THRESH + " must be less than " + NB_TXD + " - 2: "
                + TX_RS_THRESH + "=" + txRsThreshold + " " + NB_TXD + "=" + nbTxd);
        require(txRsThreshold <= DEFAULT_TX_RS_THRESH, where + TX_RS_THRESH + " must be at most "
                + DEFAULT_TX_RS_THRESH + " (DEFAULT_TX_RS_THRESH): " + TX_RS_THRESH + "=" + txRsThreshold);
        require(txFreeThreshold < nbTxd - 3, where + TX_FREE_THRESH + " must be less than " + NB_TXD + " - 3: "
                + TX_FREE_THRESH + "=" + txFreeThreshold + " " + NB_TXD + "=" + nbTxd);
        require(txRsThreshold <= txFreeThreshold, where + TX_RS_THRESH + " must be at most " + TX_FREE_THRESH + ": "
                + TX_RS_THRESH + "=" + txRsThreshold + " " + TX_FREE_THRESH + "=" + txFreeThreshold);
        require(nbTxd % txRsThreshold == 0, where + TX_RS_THRESH + " must divide " + NB_TXD + ": "
                + TX_RS_THRESH + "=" + txRsThreshold + " " + NB_TXD + "=" + nbTxd);
        require(txRsThreshold == 1 || txWthresh == 0, where + TX_WTHRESH + " must be 0 when " + TX_RS_THRESH
                + " > 1, because the NIC ignores RS once WTHRESH > 0: " + TX_WTHRESH + "=" + txWthresh + " "
                + TX_RS_THRESH + "=" + txRsThreshold);
        // ixgbe_set_tx_function: the simple path needs tx_rs_thresh >= RTE_PMD_IXGBE_TX_MAX_BURST.
        require(txRsThreshold >= TxQueue.MAX_BURST, where + "the simple transmit path needs " + TX_RS_THRESH
                + " >= " + TxQueue.MAX_BURST + " (DPDK would use ixgbe_xmit_pkts, which this driver does not "
                + "implement): " + TX_RS_THRESH + "=" + txRsThreshold);
    }

    /**
     * The mempool size for {@code ports} ports, checked against the cache as
     * {@code rte_mempool_create} does.
     *
     * @throws IllegalArgumentException when the cache is too large for the pool
     */
    public int mempoolSize(final int ports) {
        final long size = (long) nbMbufPerPort * ports;
        require(size <= Mempool.MAX_SIZE, NB_MBUF_PER_PORT + " x ports must be at most " + Mempool.MAX_SIZE + ": "
                + NB_MBUF_PER_PORT + "=" + nbMbufPerPort + " ports=" + ports);
        require(mempoolCacheSize * 3L / 2 <= size, MEMPOOL_CACHE_SIZE + " x 1.5 (the flush threshold) must not exceed "
                + "the pool of " + NB_MBUF_PER_PORT + " x ports mbufs: " + MEMPOOL_CACHE_SIZE + "=" + mempoolCacheSize
                + " " + NB_MBUF_PER_PORT + "=" + nbMbufPerPort + " ports=" + ports);
        return (int) size;
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
