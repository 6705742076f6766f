package nicharness.dpdk;

import java.util.Map;
import nicharness.testbed.DriverContractTest;

/** The shared end-to-end contract for {@code dpdk-verified-policer} (the policer baseline: burst 1, rings 160/544, 1024 mbufs per port, cache 128), with the mempool's debug checks on. */
class DpdkVerifiedPolicerContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return DpdkPolicerModels.Verified.NAME;
    }

    /** Once per round, as Vigor's nf.c. */
    @Override
    protected ClockReads clockReads() {
        return ClockReads.PER_ROUND;
    }

    @Override
    protected long hostMemoryBytes() {
        return HostMemorySize.forDefaultPool(2);
    }

    @Override
    protected Map<String, String> parameters() {
        return Map.of(DpdkConfig.MEMPOOL_DEBUG, "1");
    }
}
