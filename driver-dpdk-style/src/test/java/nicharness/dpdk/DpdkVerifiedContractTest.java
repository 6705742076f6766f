package nicharness.dpdk;

import java.util.Map;
import nicharness.testbed.DriverContractTest;

/** The shared end-to-end contract for {@code dpdk-verified} (Vigor's nf.c configuration: burst 1, rings 96/96, 256 mbufs per port, no cache), with the mempool's debug checks on. */
class DpdkVerifiedContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return DpdkVerifiedModel.NAME;
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
