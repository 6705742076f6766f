package nicharness.bench.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nicharness.model.DrivingMode;
import nicharness.testbed.DeviceAccessCounts;
import nicharness.testbed.DriverRig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rig's posted register writes with every driver variant (here, where the drivers are on the
 * class path; the posting itself is {@code PostedWritesTest}'s, in testbed): what the card sees is
 * what it would see without posting, and the deferred rounds that {@link DriverCostBenchmark} times
 * hold the doorbells back.
 */
class DriverRigPostingTest {

    /**
     * The card sees the same thing: a posting rig (deferred, not strict) and one that writes at once
     * (strict) count the same doorbells, descriptor fetches, descriptors and DMA bytes over the same
     * rounds, and the same packets reach the driver (counted after a warm-up round: the number of
     * register reads while the link trains at initialisation depends on timing).
     */
    @ParameterizedTest
    @ValueSource(strings = {"tinynf", "dpdk", "dpdk-batched", "ixy", "ixy-batched"})
    void postingChangesNothingTheCardCounts(final String driver) {
        assertEquals(accesses(DriverRig.Config.deferred(driver, "nop-untouched").withStrict(true)),
                accesses(DriverRig.Config.deferred(driver, "nop-untouched")));
    }

    @Test
    void aDeferredRigPostsTheRoundsDoorbellsAndAStrictOneDoesNot() {
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred("tinynf", "nop-untouched"))) {
            final long before = doorbells(rig);
            rig.round();
            assertEquals(before, doorbells(rig), "no doorbell reaches the card during a round");
            rig.refill();
            assertEquals(before + rig.roundPackets() / 8 + rig.roundPackets() / 64, doorbells(rig),
                    "TinyNF's TDT per 8 packets and RDT per 64, at the refill");
        }
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred("tinynf", "nop-untouched").withStrict(true))) {
            final long before = doorbells(rig);
            rig.round();
            assertEquals(before + rig.roundPackets() / 8 + rig.roundPackets() / 64, doorbells(rig),
                    "strict: at once");
        }
    }

    private static long doorbells(final DriverRig rig) {
        return rig.port(0).counters().doorbellWrites() + rig.port(1).counters().doorbellWrites();
    }

    private static DeviceAccessCounts accesses(final DriverRig.Config config) {
        try (DriverRig rig = DriverRig.open(config)) {
            assertEquals(DrivingMode.DEFERRED, rig.config().mode());
            rig.round();
            rig.refill();
            final DeviceAccessCounts before = rig.deviceAccesses();
            for (int i = 0; i < 40; i++) {
                rig.round();
                rig.refill();
            }
            return rig.deviceAccesses().minus(before);
        }
    }
}
