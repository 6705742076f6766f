package nicharness.tinynf;

import nicharness.driver.DriverContractTest;

/** The shared end-to-end contract, for the {@code tinynf} variant with the paper's parameters. */
class TinyNfContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return TinyNfModel.NAME;
    }

    /** Two agents need 2 x (2 MiB of buffers + 16 KiB of ring); allocating less keeps each test fast. */
    @Override
    protected long hostMemoryBytes() {
        return 8L << 20;
    }
}
