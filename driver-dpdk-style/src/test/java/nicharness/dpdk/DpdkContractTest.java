package nicharness.dpdk;

import java.util.Map;
import nicharness.testbed.DriverContractTest;

/** The shared end-to-end contract for {@code dpdk} (burst 1), with the mempool's debug checks on. */
class DpdkContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return DpdkModel.NAME;
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
