package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.measure.LatencySummary;
import nicharness.harness.plan.Workload;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import org.junit.jupiter.api.Test;

/**
 * Simulated time on a driver of known cost ({@link CpuTime#fixed}): TinyNF's code runs for real,
 * but each poll is charged a fixed time, so throughput and latency have an analytic answer.
 */
class SimulatedTestbedTest {
    /** Device latencies as the defaults, but register accesses free for the CPU: the cost is the fixed one alone. */
    static final DeviceLatencies DEVICE = new DeviceLatencies(0, 0, 267, 533, 213, 1070, 800);
    static final long PER_POLL = 1;
    static final long PER_PACKET = 100;

    static Workload nop(final int directions) {
        return new Workload("nop-test", "nop", Map.of(), directions, 2, 0.003, 0, 1);
    }

    static SimulatedTestbed open(final int directions) {
        return SimulatedTestbed.open(nop(directions), "tinynf", CpuTime.fixed(PER_POLL, PER_PACKET), DEVICE);
    }

    @Test
    void zeroLoadLatencyIsTheSumOfTheModelledLatenciesAndThePoll() {
        try (SimulatedTestbed testbed = open(1)) {
            testbed.offer(new Load(0, 0.01, 1000, 0, 1)); // the first probes' paths
            final Measurement m = testbed.offer(new Load(0, 0.05, 1000, 0, 1));
            final LatencySummary s = LatencyStatistics.summarize(m.latency());
            // Out: 84 + 24 bytes at 0.8 ns, MAC/PHY, DMA write; the poll: one packet, TinyNF's two
            // agents; back: the tail's trip and two DMA reads, the wire, MAC/PHY.
            final long wire = (84 + 24) * 800 / 1000;
            final long expected = wire + DEVICE.macPhyNanos() + DEVICE.dmaWriteNanos() + (PER_POLL + PER_PACKET)
                    + DEVICE.postedWriteNanos() + 2 * DEVICE.dmaReadNanos() + wire + DEVICE.macPhyNanos();
            System.out.println("LAT " + s + " expected " + expected + " sim " + m.simulated());
            assertEquals(50, s.samples(), "one probe every ms for 50 ms");
            assertEquals(expected, s.p50Ns(), expected * 0.001, "median " + s);
            assertEquals(expected, s.minNs(), expected * 0.001, "every probe the same: " + s);
            assertEquals(expected, s.maxNs(), expected * 0.001, "every probe the same: " + s);
        }
    }

    @Test
    void belowCapacityNothingIsLostAndAboveItTheLossIsTheExcess() {
        // 100 ns per packet (and 1 ns per poll of up to 8): 10 Mpps at most, 6.72 Gb/s of 64-byte frames.
        final double capacityGbps = 672.0 / (PER_PACKET + PER_POLL / 8.0);
        try (SimulatedTestbed testbed = open(1)) {
            testbed.offer(Load.throughput(1, 0.005));
            final Measurement below = testbed.offer(Load.throughput(capacityGbps * 0.99, 0.02));
            assertEquals(0, below.lossFraction(), "99 % of capacity: " + below);
            final Measurement above = testbed.offer(Load.throughput(capacityGbps * 1.10, 0.02));
            // Everything beyond capacity is lost, less what the 1,024-descriptor ring held at the end.
            final double expectedLoss = 1 - 1 / 1.10;
            System.out.println("LOSS " + above.lossFraction() + " expected " + expectedLoss + " " + above.simulated() + " below " + below.simulated());
            assertEquals(expectedLoss, above.lossFraction(), 0.01, "110 % of capacity: " + above);
        }
    }

    @Test
    void theSameRunGivesTheSameNumbers() {
        final double[] first = run();
        final double[] second = run();
        assertEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(second));
    }

    private static double[] run() {
        try (SimulatedTestbed testbed = open(2)) {
            final Measurement m = testbed.offer(new Load(2, 0.01, 10_000, 0.001, 1));
            final LatencySummary s = LatencyStatistics.summarize(m.latency());
            assertTrue(s.samples() > 0);
            return new double[] {m.offeredTotal(), m.returnedTotal(), m.cardDropped(), s.p50Ns(), s.p99Ns(), s.maxNs(),
                    m.simulated().virtualNanos()};
        }
    }
}
