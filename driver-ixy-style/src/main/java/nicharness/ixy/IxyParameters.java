package nicharness.ixy;

import java.util.List;
import java.util.Map;
import nicharness.driver.Parameter;
import nicharness.driver.Parameters;

/**
 * Every size and threshold of ixy's model, validated. Defaults are ixy's (commit 2359e5b, the one
 * the paper's baseline pins: {@code src/driver/ixgbe.c:24-30} for the ring, pool and clean-batch
 * sizes, {@code :286-287} for the pool, {@code :422} for TXDCTL), except the batch
 * size, which is 1 for {@code ixy} and 32 for {@code ixy-batched} as in the paper's runs.
 *
 * @param batchSize      packets per receive call
 * @param rxRingSize     receive descriptors per port
 * @param txRingSize     transmit descriptors per port
 * @param poolEntries    buffers in each port's receive pool
 * @param bufferSize     bytes per pool entry, header included
 * @param txCleanBatch   transmit descriptors freed at once
 * @param txPthresh      TXDCTL.PTHRESH
 * @param txHthresh      TXDCTL.HTHRESH
 * @param txWthresh      TXDCTL.WTHRESH
 * @param linkWaitMillis how long set-up waits for the link
 */
public record IxyParameters(int batchSize, int rxRingSize, int txRingSize, int poolEntries, int bufferSize,
                            int txCleanBatch, int txPthresh, int txHthresh, int txWthresh, int linkWaitMillis) {

    /** Parameter name: most packets per receive call. */
    public static final String BATCH_SIZE = "batch-size";
    /** Parameter name: receive descriptors per port. */
    public static final String RX_RING_SIZE = "rx-ring-size";
    /** Parameter name: transmit descriptors per port. */
    public static final String TX_RING_SIZE = "tx-ring-size";
    /** Parameter name: buffers in each port's receive pool. */
    public static final String POOL_ENTRIES = "pool-entries";
    /** Parameter name: bytes per pool entry, header included. */
    public static final String BUFFER_SIZE = "buffer-size";
    /** Parameter name: transmit descriptors freed at once. */
    public static final String TX_CLEAN_BATCH = "tx-clean-batch";
    /** Parameter name: TXDCTL.PTHRESH. */
    public static final String TX_PTHRESH = "tx-pthresh";
    /** Parameter name: TXDCTL.HTHRESH. */
    public static final String TX_HTHRESH = "tx-hthresh";
    /** Parameter name: TXDCTL.WTHRESH. */
    public static final String TX_WTHRESH = "tx-wthresh";
    /** Parameter name: milliseconds set-up waits for each link. */
    public static final String LINK_WAIT_MS = "link-wait-ms";

    /** The parameters of the variant whose batch size defaults to {@code defaultBatchSize}. */
    public static List<Parameter> declared(final int defaultBatchSize) {
        return List.of(nicharness.driver.Cores.PARAMETER_DEFINITION,
                new Parameter(BATCH_SIZE, Integer.toString(defaultBatchSize),
                        "Most packets one receive call takes from a port's ring, and so the most one transmit call"
                                + " sends; in [1, rx-ring-size - 1]. The paper ran ixy-fwd with IXY_BATCH_SIZE 1 (ixy)"
                                + " and 32 (ixy-batched)."),
                new Parameter(RX_RING_SIZE, "512",
                        "Receive descriptors per port; a power of two in [8, 8192] (ixy's wrap_ring masks). ixy: 512."),
                new Parameter(TX_RING_SIZE, "512",
                        "Transmit descriptors per port; a power of two in [8, 8192]. ixy: 512."),
                new Parameter(POOL_ENTRIES, "4096",
                        "Buffers in each port's receive pool; at least rx-ring-size + ports x (tx-ring-size + batch-size),"
                                + " so that a pool never runs dry while transmit rings hold its buffers; at most 65536."
                                + " ixy: max(4096, rx + tx ring sizes) = 4096."),
                new Parameter(BUFFER_SIZE, Integer.toString(PacketBuffer.DEFAULT_ENTRY_SIZE),
                        "Bytes per pool entry including the 64-byte header; a power of two in [2048, 65536] that divides"
                                + " a 2 MiB hugepage. ixy: 2048."),
                new Parameter(TX_CLEAN_BATCH, "32",
                        "Transmit descriptors whose buffers are freed at once, after the card set DD on the last of"
                                + " them; in [1, tx-ring-size - 1]. ixy: TX_CLEAN_BATCH 32."),
                new Parameter(TX_PTHRESH, "36", "TXDCTL.PTHRESH, the transmit prefetch threshold; in [0, 127]. ixy: 36."),
                new Parameter(TX_HTHRESH, "8", "TXDCTL.HTHRESH, the transmit host threshold; in [0, 127]. ixy: 8."),
                new Parameter(TX_WTHRESH, "4",
                        "TXDCTL.WTHRESH, descriptors the card writes back at once (0: only RS descriptors); in"
                                + " [0, 127]. ixy: 4, with RS on every descriptor."),
                new Parameter(LINK_WAIT_MS, "10000",
                        "How long set-up waits for each port's link, in milliseconds; a link still down afterwards is"
                                + " not an error. In [0, 60000]. ixy: 10 s."));
    }

    /**
     * Reads and checks the overrides of a driver opened on {@code ports} ports.
     *
     * @throws IllegalArgumentException naming the parameter, its value and the allowed range
     */
    public static IxyParameters parse(final String model, final int defaultBatchSize, final Map<String, String> overrides,
                                      final int ports) {
        final Parameters p = new Parameters(model, declared(defaultBatchSize), overrides);
        final int rxRingSize = p.powerOfTwo(RX_RING_SIZE, 8, 8192);
        final int txRingSize = p.powerOfTwo(TX_RING_SIZE, 8, 8192);
        final int batchSize = p.intValue(BATCH_SIZE, 1, rxRingSize - 1);
        final int bufferSize = p.powerOfTwo(BUFFER_SIZE, PacketBuffer.DEFAULT_ENTRY_SIZE, 65536);
        final int poolEntries = p.intValue(POOL_ENTRIES, 1, BufferPool.MAX_ENTRIES);
        final int needed = rxRingSize + ports * (txRingSize + batchSize);
        if (poolEntries < needed) {
            throw new IllegalArgumentException("parameter " + POOL_ENTRIES + " of driver " + model + " is too small for "
                    + ports + " ports: " + POOL_ENTRIES + "=" + poolEntries + " < " + RX_RING_SIZE + " + ports x ("
                    + TX_RING_SIZE + " + " + BATCH_SIZE + ") = " + needed + "; a pool that runs dry while transmit rings"
                    + " hold its buffers stops receive for good. Raise " + POOL_ENTRIES + " or shrink the rings.");
        }
        final int txCleanBatch = p.intValue(TX_CLEAN_BATCH, 1, txRingSize - 1);
        return new IxyParameters(batchSize, rxRingSize, txRingSize, poolEntries, bufferSize, txCleanBatch,
                p.intValue(TX_PTHRESH, 0, 127), p.intValue(TX_HTHRESH, 0, 127), p.intValue(TX_WTHRESH, 0, 127),
                p.intValue(LINK_WAIT_MS, 0, 60000));
    }
}
