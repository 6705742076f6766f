package nicharness.ixy;

import nicharness.testbed.DriverContractTest;

/** The shared end-to-end contract for {@code ixy} (batches of 1). */
class IxyContractTest extends DriverContractTest {
    @Override
    protected String driverName() {
        return "ixy";
    }

    /** ixy-fwd reads no clock; for the Vigor NFs, once per round as Vigor's nf.c. */
    @Override
    protected ClockReads clockReads() {
        return ClockReads.PER_ROUND;
    }

    /**
     * Two pools of 4096 x 2 KiB and four rings of 8 KiB: 24 MiB is room enough. The default would
     * have every test zero 64 MiB, which on a loaded machine was most of this class's run time.
     */
    @Override
    protected long hostMemoryBytes() {
        return 24L << 20;
    }
}
