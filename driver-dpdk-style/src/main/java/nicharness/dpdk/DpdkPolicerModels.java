package nicharness.dpdk;

/**
 * The DPDK policer baseline of Figures 6 to 8 ({@code experiments/baselines/policer/dpdk/main.c} in
 * TinyNF's osdi20 artifact), which sizes its pool unlike testpmd: 1024 mbufs per port (1024 x 2 for
 * its two ports) with a per-lcore cache of 128, values its comment calls "empirically determined"
 * to be faster. Its rings are testpmd's: 160 / 544 at burst 1, 128 / 512 at burst 32.
 *
 * <ul>
 * <li>{@link Verified} ({@code dpdk-verified-policer}): "DPDK, 1 core", the baseline built on Vigor's
 *     verified DPDK subset, burst 1;</li>
 * <li>{@link Batched} ({@code dpdk-batched-policer}): "DPDK, batched, 1 core", on unpatched DPDK
 *     17.11.10, burst 32.</li>
 * </ul>
 *
 * <p>The verified and unpatched builds differ, for this model, in nothing but the vector code the
 * verified one leaves out, which this driver does not have; the names say which program each stands for.
 */
public final class DpdkPolicerModels {
    private DpdkPolicerModels() {
    }

    /** {@code dpdk-verified-policer}: the policer baseline on the verified DPDK subset, burst 1. */
    public static final class Verified extends DpdkDriverModel {
        /** The registry name. */
        public static final String NAME = "dpdk-verified-policer";

        public Verified() {
            super(NAME, "DPDK model as the paper's policer baseline on verified DPDK (Figures 6-8): burst 1, "
                            + "rings 160/544, 1024 mbufs per port, cache 128",
                    DpdkConfig.parameters(1, 160, 544, DpdkConfig.POLICER_MBUFS_PER_PORT,
                            DpdkConfig.POLICER_MEMPOOL_CACHE_SIZE));
        }
    }

    /** {@code dpdk-batched-policer}: the policer baseline on unpatched DPDK, burst 32. */
    public static final class Batched extends DpdkDriverModel {
        /** The registry name. */
        public static final String NAME = "dpdk-batched-policer";

        public Batched() {
            super(NAME, "DPDK model as the paper's batched policer baseline (Figures 6-8): burst 32, "
                            + "rings 128/512, 1024 mbufs per port, cache 128",
                    DpdkConfig.parameters(32, 128, 512, DpdkConfig.POLICER_MBUFS_PER_PORT,
                            DpdkConfig.POLICER_MEMPOOL_CACHE_SIZE));
        }
    }
}
