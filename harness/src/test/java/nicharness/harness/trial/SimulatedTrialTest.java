package nicharness.harness.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.LoadLevel;
import nicharness.harness.plan.Needs;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.plan.Workload;
import nicharness.harness.sim.CpuTime;
import nicharness.harness.sim.DeviceLatencies;
import nicharness.harness.sim.SimulatedTestbed;
import org.junit.jupiter.api.Test;

/**
 * The paper's method (warm-up, heat-up, ten-step search, latency at zero load) in simulated time
 * on a driver of known cost: TinyNF's code, each poll charged 1 ns and each packet 100 ns, so the
 * driver forwards at most 10 Mpps and everything the trial reports has an analytic answer.
 */
class SimulatedTrialTest {
    /** One way, Table 3's loss threshold. */
    static final Workload NOP = Workload.of("nop", "nop", Map.of(), 1, 2, 0.001, 0, 1);
    static final DeviceLatencies DEVICE = new DeviceLatencies(0, 0, 267, 533, 213, 1070, 800);

    private static JitWarmUp.Outcome shortWarmUp(final Testbed testbed, final Profile profile) {
        testbed.warmUp(Load.throughput(1, 0.01));
        return new JitWarmUp.Outcome(0, 1, 0, true);
    }

    private static List<Row> run() {
        return run(CpuTime.fixed(1, 100));
    }

    private static List<Row> run(final CpuTime cpu) {
        final TrialSpec spec = new TrialSpec(List.of(Experiment.TABLE3), NOP, "tinynf", 1,
                Needs.SEARCH_ONLY.union(Needs.levels(List.of(LoadLevel.zero(false)))));
        try (SimulatedTestbed testbed = SimulatedTestbed.open(NOP, "tinynf", cpu, DEVICE)) {
            final TrialProtocol.Result result = new Trial(spec, Profile.QUICK, testbed, System.out,
                    SimulatedTrialTest::shortWarmUp).run();
            assertEquals(true, result.ok(), result.message());
            return result.rows();
        }
    }

    private static Map<String, String> only(final List<Row> rows, final Table table) {
        final List<Row> of = rows.stream().filter(r -> r.table() == table).toList();
        assertEquals(1, of.size(), table + " rows: " + of);
        return of.getFirst().values();
    }

    private static List<Map<String, String>> simulated(final List<Row> rows) {
        return rows.stream().filter(r -> r.table() != Table.SIMULATION).map(r -> {
            final Map<String, String> values = new java.util.LinkedHashMap<>(r.values());
            values.remove("gc_count");
            values.remove("step_jit_compilation_ms");
            values.put("table", r.table().name());
            return (Map<String, String>) values;
        }).toList();
    }

    @Test
    void findsTheAnalyticCapacityAndZeroLoadLatencyAndRepeatsThemExactly() {
        final List<Row> first = run();
        // At most 8 packets per poll of the one busy agent: 100 + 1/8 ns a packet at saturation.
        final double capacityGbps = 672.0 / (100 + 1.0 / 8);
        final double throughput = Double.parseDouble(only(first, Table.THROUGHPUT).get("throughput_gbps"));
        assertEquals(capacityGbps, throughput, capacityGbps * 0.005, "within 0.5 % of the capacity");

        final long zeroLoad = nicharness.harness.sim.SimulatedTestbedTest.zeroLoadNanos(DEVICE, 101);
        final double p50 = Double.parseDouble(only(first, Table.LATENCY).get("latency_p50_ns"));
        assertEquals(zeroLoad, p50, zeroLoad * 0.001, "the modelled latencies plus one poll");

        // Every measurement row again, to the digit, but for what belongs to the JVM and not to the
        // simulation: simulation.csv (how long the trial took in real time) and gc_count (whether
        // this test JVM happened to collect during a period).
        final List<Row> second = run();
        assertEquals(simulated(first), simulated(second));
        assertEquals("0", only(first, Table.SIMULATION).get("polls_replaced"));
        // The polls' charged time (here 1 ns a poll and 100 a packet) over the real time: some, never all.
        final double driverShare = Double.parseDouble(only(first, Table.SIMULATION).get("driver_real_share"));
        assertTrue(driverShare > 0 && driverShare < 1, "driver_real_share " + driverShare);
    }

    /**
     * A CPU whose polls cost 1 ns plus 100 per packet, give or take up to 20 % (a fixed seed), except
     * where a calibration's table is charged: a given table of exactly 1 + 100 per packet, so that
     * the search's answer is known (how a table is learnt is {@code CalibratedCpuTimeTest}'s and
     * {@code PollCostTableTest}'s).
     */
    private static final class NoisyCpu implements CpuTime {
        private final java.util.SplittableRandom noise = new java.util.SplittableRandom(7);
        private final CpuTime exact = CpuTime.fixed(1, 100);
        private final long[] seen = new long[65];
        private boolean calibrating;
        private nicharness.harness.sim.PollCostTable table;
        int calibrations;

        @Override
        public void start() {
        }

        @Override
        public long stop(final int packets) {
            final long typical = exact.stop(packets);
            if (table != null) {
                return table.nanosFor(packets);
            }
            final long nanos = Math.max(1, Math.round(typical * (0.8 + 0.4 * noise.nextDouble())));
            if (calibrating) {
                seen[Math.min(packets, 64)]++;
            }
            return nanos;
        }

        @Override
        public long emptyPollNanos() {
            return table == null ? 1 : table.nanosFor(0);
        }

        @Override
        public void beginPeriod() {
            exact.beginPeriod();
        }

        @Override
        public PollStatistics statistics() {
            return exact.statistics();
        }

        @Override
        public String describe() {
            return "noisy";
        }

        @Override
        public CpuTime forAnotherCore() {
            return new NoisyCpu();
        }

        @Override
        public boolean calibrates() {
            return true;
        }

        @Override
        public void beginCalibration(final boolean forgetOnRecompilation) {
            calibrations++;
            calibrating = true;
        }

        @Override
        public nicharness.harness.sim.PollCostTable chargeFromCalibration() {
            calibrating = false;
            final long[] nanos = new long[65];
            final long[] samples = new long[65];
            for (int k = 0; k < 65; k++) {
                nanos[k] = 1 + 100L * k;
                samples[k] = seen[k];
            }
            table = new nicharness.harness.sim.PollCostTable(nanos, samples);
            return table;
        }

        @Override
        public void chargeMeasured() {
            table = null;
        }
    }

    @Test
    void aCalibratedSearchFindsTheTablesCapacityAndRepeatsItExactlyWhateverThePollsDidBefore() {
        final NoisyCpu cpu = new NoisyCpu();
        final List<Row> first = run(cpu);
        assertEquals(1, cpu.calibrations, "one calibration, before the search");
        final double capacityGbps = 672.0 / (100 + 1.0 / 8);
        final Map<String, String> throughput = only(first, Table.THROUGHPUT);
        assertEquals(capacityGbps, Double.parseDouble(throughput.get("throughput_gbps")), capacityGbps * 0.005);
        assertEquals("true", throughput.get("cpu_cost_calibrated"));
        final List<Row> costs = first.stream().filter(r -> r.table() == Table.POLL_COSTS).toList();
        assertEquals(65, costs.size(), "one row per packet count of the one core");
        assertEquals("801", costs.get(8).values().get("cost_ns"));

        // The noise of the polls before and after the search differs with its seed; the search's steps do not.
        final NoisyCpu other = new NoisyCpu();
        other.noise.nextLong();
        final List<Map<String, String>> steps = simulated(first).stream()
                .filter(r -> r.get("table").equals("SEARCH_STEPS")).toList();
        final List<Map<String, String>> again = simulated(run(other)).stream()
                .filter(r -> r.get("table").equals("SEARCH_STEPS")).toList();
        assertEquals(steps, again);
    }
}
