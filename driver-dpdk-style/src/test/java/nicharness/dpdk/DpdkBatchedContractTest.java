package nicharness.dpdk;

import java.util.Map;
import nicharness.testbed.DriverContractTest;

/** The shared end-to-end contract for {@code dpdk-batched} (burst 32), with the mempool's debug checks on. */
class DpdkBatchedContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return DpdkBatchedModel.NAME;
    }

    /** once per round, as Vigor's nf.c. */
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
