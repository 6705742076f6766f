package nicharness.ixy;

import nicharness.driver.DriverContractTest;

/** The shared end-to-end contract for {@code ixy} (batches of 1). */
class IxyContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return "ixy";
    }
}
