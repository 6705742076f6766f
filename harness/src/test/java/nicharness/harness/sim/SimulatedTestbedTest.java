package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.measure.LatencySummary;
import nicharness.harness.plan.Workload;
import nicharness.harness.trial.Load;
import nicharness.harness.tester.WireTester;
import nicharness.harness.trial.Measurement;
import org.junit.jupiter.api.Test;

/**
 * Simulated time on a driver of known cost ({@link CpuTime#fixed}): TinyNF's code runs for real,
 * but each poll is charged a fixed time, so throughput and latency have an analytic answer.
 */
public class SimulatedTestbedTest {
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
            final long expected = zeroLoadNanos(DEVICE, PER_POLL + PER_PACKET);
            System.out.println("LAT " + s + " expected " + expected + " sim " + m.simulated());
            assertEquals(50, s.samples(), "one probe every ms for 50 ms");
            // Exact but for rounding each step up to a whole nanosecond (three of them).
            assertEquals(expected, s.p50Ns(), 3, "median " + s);
            assertEquals(expected, s.minNs(), 3, "every probe the same: " + s);
            assertEquals(expected, s.maxNs(), 3, "every probe the same: " + s);
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

    /**
     * The zero-load latency of a probe through TinyNF in simulated time: the way out (the wire,
     * MAC/PHY, the frame's bytes and its descriptor's write-back on the PCIe link, the DMA write),
     * the poll, the way back (the doorbell's posted write, the transmit descriptor's fetch and the
     * frame's data read, each a DMA read plus its bytes on the link, the wire, MAC/PHY).
     */
    public static long zeroLoadNanos(final DeviceLatencies d, final long pollNanos) {
        final long wire = d.wirePicos(84);
        final long out = wire + d.macPhyNanos() * 1000 + d.pciePicos(2, 84 + 16) + d.dmaWriteNanos() * 1000;
        final long back = d.postedWriteNanos() * 1000 + d.dmaReadNanos() * 1000 + d.pciePicos(1, 16)
                + d.dmaReadNanos() * 1000 + d.pciePicos(1, 84) + wire + d.macPhyNanos() * 1000;
        return (out + back) / 1000 + pollNanos;
    }

    @Test
    void aDoorbellPerPacketPaysADescriptorFetchPerPacketAndBatchedTailsDoNot() {
        // DPDK at burst 1 rings the transmit doorbell for every packet; at a rate its CPU keeps up
        // with, each doorbell finds the cache empty and fetches one descriptor.
        final double[] dpdk = fetchesAndBytesTowardsTheDevice("dpdk", 1);
        assertEquals(1.0, dpdk[0], 0.05, "fetches per packet, transmit and receive: " + java.util.Arrays.toString(dpdk));
        // Its data (60 + 24), its fetch (16 + 24), and a 32nd of a receive fetch (32 x 16 + 24).
        assertEquals(84 + 40 + (32 * 16 + 24) / 32.0, dpdk[1], 2, "bytes towards the device per packet");
        // TinyNF, its CPU saturated, moves its tail once per batch of up to 8: PTHRESH 60 lets the
        // cache take whatever is there, so a fetch serves several packets.
        final double[] tinynf = fetchesAndBytesTowardsTheDevice("tinynf", 672.0 / PER_PACKET * 1.1);
        assertTrue(tinynf[0] < 0.35, "fetches per packet: " + java.util.Arrays.toString(tinynf));
        // Most of a fetch's 24-byte header saved per packet (TinyNF's own fetches still cost a few).
        assertTrue(dpdk[1] - tinynf[1] > 15, "bytes saved per packet: " + dpdk[1] + " against " + tinynf[1]);
    }

    /** Descriptor fetches and PCIe bytes towards the device per forwarded packet, at {@code gbps}. */
    private static double[] fetchesAndBytesTowardsTheDevice(final String driver, final double gbps) {
        try (SimulatedTestbed testbed = SimulatedTestbed.open(nop(1), driver, CpuTime.fixed(PER_POLL, PER_PACKET), DEVICE)) {
            testbed.offer(Load.throughput(gbps, 0.005));
            final long fetches0 = testbed.descriptorFetches();
            final long bytes0 = testbed.pcieBytes()[1];
            final Measurement m = testbed.offer(Load.throughput(gbps, 0.01));
            final double packets = m.returnedTotal();
            return new double[] {(testbed.descriptorFetches() - fetches0) / packets, (testbed.pcieBytes()[1] - bytes0) / packets};
        }
    }

    /**
     * A driver too slow for its load, DPDK's DROP_EN off: the receive packet buffer fills. With
     * flow control on, the port sends XOFF past FCRTH, the tester pauses until XON, and no frame
     * is lost; off (the default), the buffer overflows and the excess is missed.
     */
    @Test
    void withFlowControlTheTesterPausesAndNothingIsLostWithoutItTheBufferOverflows() {
        final double overload = 672.0 / (PER_PACKET + PER_POLL) * 1.1; // DPDK at burst 1: one packet a poll
        final Measurement paused = overloaded(overload, true);
        assertTrue(paused.pausedNs() > 1_000_000, "the tester paused: " + paused.pausedNs() + " ns");
        assertEquals(0, paused.cardDropped(), "nothing missed: " + paused);
        assertEquals(0, paused.lossFraction(), "nothing lost: " + paused);
        // The tester sent what the driver could take: about 1/1.1 of the schedule.
        final double scheduled = overload * 0.02 / WireTester.FRAME_WIRE_BITS * 1e9;
        assertEquals(1 / 1.1, paused.offeredTotal() / scheduled, 0.02, "offered against scheduled");

        final Measurement unpaused = overloaded(overload, false);
        assertEquals(0, unpaused.pausedNs(), "no flow control, no pause");
        assertTrue(unpaused.cardDropped() > 1_000, "the 512 KiB buffer overflowed: " + unpaused);
    }

    private static Measurement overloaded(final double gbps, final boolean flowControl) {
        try (SimulatedTestbed testbed = SimulatedTestbed.open(nop(1), "dpdk", CpuTime.fixed(PER_POLL, PER_PACKET), DEVICE)) {
            if (flowControl) {
                testbed.enableFlowControl(256 * 1024, 128 * 1024);
            }
            testbed.offer(Load.throughput(1, 0.002));
            final Measurement m = testbed.offer(Load.throughput(gbps, 0.02));
            assertEquals(flowControl, testbed.pauses() > 0, "XOFF heard: " + testbed.pauses());
            return m;
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
