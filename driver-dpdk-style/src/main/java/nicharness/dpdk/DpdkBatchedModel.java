package nicharness.dpdk;

/**
 * {@code dpdk-batched}: the paper's batched DPDK baseline, bursts of 32, rings of 128 receive and
 * 512 transmit descriptors.
 */
public final class DpdkBatchedModel extends DpdkDriverModel {
    /** The registry name. */
    public static final String NAME = "dpdk-batched";

    public DpdkBatchedModel() {
        super(NAME, "DPDK model: mbuf pool with per-core cache, separate rings, burst 32 (rings 128/512)", 32, 128, 512);
    }
}
