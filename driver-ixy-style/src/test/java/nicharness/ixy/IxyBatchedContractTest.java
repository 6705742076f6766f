package nicharness.ixy;

import nicharness.driver.DriverContractTest;

/** The shared end-to-end contract for {@code ixy-batched} (batches of 32). */
class IxyBatchedContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return "ixy-batched";
    }
}
