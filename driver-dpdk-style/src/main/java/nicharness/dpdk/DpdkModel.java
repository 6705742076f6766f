package nicharness.dpdk;

/**
 * {@code dpdk}: the paper's non-batched DPDK baseline, one packet per {@code rx_burst} and
 * {@code tx_burst} call, with testpmd's {@code --rxd=160 --txd=544} (not powers of two, which keeps
 * DPDK on the scalar bulk-allocation receive path this driver implements).
 */
public final class DpdkModel extends DpdkDriverModel {
    /** The registry name. */
    public static final String NAME = "dpdk";

    public DpdkModel() {
        super(NAME, "DPDK model: mbuf pool with per-core cache, separate rings, burst 1 (rings 160/544)", 1, 160, 544);
    }
}
