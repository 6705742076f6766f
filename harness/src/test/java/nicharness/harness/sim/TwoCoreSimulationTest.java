package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nicharness.driver.DriverCounters;
import nicharness.harness.plan.Workload;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paper's 2-core configurations in simulated time: each core a poller of its own, on its own
 * virtual clock, owning one input port; the drivers' code runs for real, each poll charged a fixed
 * cost ({@link CpuTime#fixed}), so what two cores can forward has an analytic answer.
 */
class TwoCoreSimulationTest {
    private static final long PER_POLL = 1;
    private static final long PER_PACKET = 100;
    /** Wire bits of a 64-byte frame (84 bytes with preamble and gap), per ns at 1 Gb/s. */
    private static final double FRAME_BITS = 672;

    private static SimulatedTestbed open(final String driver) {
        return SimulatedTestbed.open(SimulatedTestbedTest.nop(2), driver, CpuTime.fixed(PER_POLL, PER_PACKET),
                SimulatedTestbedTest.DEVICE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tinynf-2cores", "dpdk-verified-policer-2cores", "dpdk-batched-policer-2cores", "ixy-2cores"})
    void eachDirectionIsHandledByItsOwnCoreAndTheCountersBalancePerCore(final String driver) {
        try (SimulatedTestbed testbed = open(driver)) {
            assertEquals(2, testbed.coreCount(), driver + " runs on two simulated cores");
            testbed.offer(Load.throughput(0.5, 0.002));
            final List<DriverCounters> before = testbed.coreCounters();
            // Unequal rates, so that a core serving the other direction, or both, could not balance.
            final Measurement m = testbed.offer(new Load(1, 0.01, 0, 0, 1));
            final Measurement other = testbed.offer(Load.throughput(0.25, 0.01));
            final List<DriverCounters> after = testbed.coreCounters();
            assertEquals(0, m.lossFraction(), "nothing lost at 1 Gb/s: " + m);
            assertEquals(0, other.lossFraction(), "nothing lost at 0.25 Gb/s: " + other);
            for (int core = 0; core < 2; core++) {
                final long received = after.get(core).received - before.get(core).received;
                final long transmitted = after.get(core).transmitted - before.get(core).transmitted;
                final long offered = m.offered()[core] + other.offered()[core];
                assertTrue(offered > 10_000, "frames into port " + core + ": " + offered);
                assertEquals(offered, received, driver + ": core " + core + " received every frame into port " + core
                        + " and no other: " + after);
                assertEquals(received, transmitted, driver + ": core " + core + " sent what it received: " + after);
                assertEquals(m.returned()[core] + other.returned()[core], transmitted,
                        driver + ": what core " + core + " sent came back as direction " + core);
            }
        }
    }

    /**
     * TinyNF serves up to 8 packets of an agent per turn (the flush period): one core serving both
     * agents polls 16 packets for 1601 ns, two cores each poll their agent's 8 for 801 ns, so two
     * cores forward twice what one does (by 1600 / 801 = 1.998) while the line, 10 Gb/s per
     * direction, allows it.
     */
    @Test
    void aDriverOfFixedCostOnTwoCoresForwardsTwiceWhatItDoesOnOne() {
        final double oneCore = FRAME_BITS * 8 / (16 * PER_PACKET + PER_POLL); // Gb/s per direction
        final double twoCores = FRAME_BITS * 8 / (8 * PER_PACKET + PER_POLL);
        assertTrue(twoCores < 10, "below line rate, so that the cores are what limits: " + twoCores);
        assertEquals(2, twoCores / oneCore, 0.01);

        try (SimulatedTestbed one = open("tinynf")) {
            one.offer(Load.throughput(1, 0.002));
            assertEquals(0, one.offer(Load.throughput(oneCore * 0.97, 0.02)).lossFraction(), "one core, 97 % of its capacity");
            final Measurement over = one.offer(Load.throughput(twoCores * 0.97, 0.02));
            assertEquals(1 - oneCore / (twoCores * 0.97), over.lossFraction(), 0.01,
                    "one core at 97 % of two cores' capacity loses the excess: " + over);
        }
        try (SimulatedTestbed two = open("tinynf-2cores")) {
            two.offer(Load.throughput(1, 0.002));
            assertEquals(0, two.offer(Load.throughput(twoCores * 0.97, 0.02)).lossFraction(), "two cores, 97 % of their capacity");
            final Measurement over = two.offer(Load.throughput(twoCores * 1.10, 0.02));
            assertEquals(1 - 1 / 1.10, over.lossFraction(), 0.01, "two cores at 110 % lose the excess: " + over);
        }
    }

    /** With no traffic, both cores skip their idle polls: a second of virtual time takes few polls. */
    @Test
    void idleCoresSkipTheirEmptyPolls() {
        try (SimulatedTestbed testbed = open("dpdk-2cores")) {
            final Measurement m = testbed.offer(Load.throughput(0, 1));
            assertTrue(m.simulated().polls().polls() < 1_000, "polls run in an idle second: " + m.simulated());
            assertTrue(m.simulated().virtualNanos() >= 1_000_000_000L, "the period lasted its second: " + m.simulated());
        }
    }
}
