package nicharness.tinynf;

import nicharness.testbed.DriverContractTest;

/** The shared end-to-end contract, for the {@code tinynf} variant with the paper's parameters. */
class TinyNfContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return TinyNfModel.NAME;
    }

    /** per packet, as TinyNF's Vigor shim. */
    @Override
    protected ClockReads clockReads() {
        return ClockReads.PER_PACKET;
    }

    /** Two agents need 2 x (2 MiB of buffers + 16 KiB of ring); allocating less keeps each test fast. */
    @Override
    protected long hostMemoryBytes() {
        return 8L << 20;
    }
}
