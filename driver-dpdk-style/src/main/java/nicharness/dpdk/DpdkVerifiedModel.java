package nicharness.dpdk;

/**
 * {@code dpdk-verified}: the paper's Table 3 baseline, Vigor's {@code nf.c} main loop on Vigor's
 * verified DPDK subset (DPDK 17.11.10 with Vigor's patches): one packet per {@code rx_burst} and
 * {@code tx_burst} call, receive and transmit rings of {@value DpdkConfig#VIGOR_RING_SIZE}
 * descriptors, {@value DpdkConfig#VIGOR_MBUFS_PER_DEVICE} mbufs per device and no mempool cache,
 * the PMD's default thresholds (Vigor passes no queue configuration).
 *
 * <p>The verified subset is built without the vector code ({@code CONFIG_RTE_IXGBE_INC_VECTOR=n}), so
 * DPDK picks the simple transmit path this driver implements; 96 is a multiple of
 * {@code rx_free_thresh} 32, so it picks bulk-allocation receive, also the one implemented here.
 * The verified subset's other patches (ixgbe specification fixes, and the hooks that stop mempool
 * traffic only while the NF is being verified) change no step of these two paths that this model
 * has; they could not be read here, see the module README.
 */
public final class DpdkVerifiedModel extends DpdkDriverModel {
    /** The registry name. */
    public static final String NAME = "dpdk-verified";

    public DpdkVerifiedModel() {
        super(NAME, "DPDK model as Vigor's verified DPDK runs its NFs (Table 3): burst 1, rings 96/96, "
                        + "256 mbufs per port, no mempool cache",
                DpdkConfig.parameters(1, DpdkConfig.VIGOR_RING_SIZE, DpdkConfig.VIGOR_RING_SIZE,
                        DpdkConfig.VIGOR_MBUFS_PER_DEVICE, DpdkConfig.VIGOR_MEMPOOL_CACHE_SIZE));
    }
}
