package nicharness.harness.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import org.junit.jupiter.api.Test;

class TrialTest {

    static final Workload NOP = Workload.of("nop", "nop", Map.of(), 2, 2, 0.003, 0, 1);

    private static List<Row> rows(final TrialProtocol.Result result, final Table table) {
        return result.rows().stream().filter(r -> r.table() == table).toList();
    }

    /** One chunk of warm-up traffic, reported as leaving the JIT quiet. */
    private static JitWarmUp.Outcome oneChunkWarmUp(final Testbed testbed, final Profile profile) {
        testbed.warmUp(Load.throughput(profile.warmupGbps(), profile.warmupSeconds()));
        return new JitWarmUp.Outcome(profile.warmupSeconds(), 1, 42, true);
    }

    @Test
    void eachSearchStepIsLedInByOnePassOverTheFlowsAtHalfItsRate() {
        final Load fast = Trial.leadIn(5, Profile.QUICK);
        assertEquals(2.5, fast.gbpsPerDirection());
        assertEquals(nicharness.nf.traffic.PaperTraffic.DEFAULT_FLOWS * Trial.WIRE_BITS_PER_FRAME / 2.5e9, fast.seconds(), 1e-12,
                "60,000 frames of 84 bytes at 2.5 Gb/s");
        assertEquals(0, fast.probesPerSecond());
        final Load slow = Trial.leadIn(0.5, Profile.QUICK);
        assertEquals(0.25, slow.gbpsPerDirection());
        assertEquals(Profile.QUICK.searchStepSeconds(), slow.seconds(), "no longer than a step");
    }

    @Test
    void searchesThenMeasuresTheSweepAndKeepsTheCcdfAtZeroLoad() {
        final TrialSpec spec = new TrialSpec(List.of(Experiment.FIG9, Experiment.FIG11), NOP, "tinynf", 1,
                Needs.SEARCH_AND_SWEEP.union(Needs.levels(List.of(LoadLevel.zero(true)))));
        final FakeTestbed testbed = new FakeTestbed(4.0, 9.0, 2);
        final TrialProtocol.Result result = new Trial(spec, Profile.QUICK, testbed, System.out, TrialTest::oneChunkWarmUp).run();

        assertTrue(result.ok());
        assertEquals(1 + Profile.QUICK.searchSteps(), testbed.warmups, "the JIT's warm-up, then each step's lead-in");
        assertEquals(List.of(java.util.Map.of("warmup_s", "1.5", "warmup_chunks", "1", "jit_compilation_ms", "42",
                "jit_quiet", "true")), rows(result, Table.WARMUP).stream().map(Row::values).toList());
        assertEquals(1, testbed.heatups);
        assertEquals(Profile.QUICK.searchSteps(), rows(result, Table.SEARCH_STEPS).size());
        final Row throughput = rows(result, Table.THROUGHPUT).getFirst();
        final double gbps = Double.parseDouble(throughput.values().get("throughput_gbps"));
        // 4 Gb/s per direction, plus the 0.3 % of loss the threshold tolerates, within the search's resolution.
        assertTrue(gbps > 7.96 && gbps < 8.03, "throughput " + gbps);
        assertEquals("driver", throughput.values().get("limited_by"));

        final List<Row> latency = rows(result, Table.LATENCY);
        assertEquals(List.of("0", "0.5max", "max"), latency.stream().map(r -> r.values().get("level")).toList());
        assertEquals("true", latency.getLast().values().get("maximum"));
        // Background per direction = label / directions - the 0.1 Gb/s padding; none at zero load.
        final int steps = Profile.QUICK.searchSteps();
        final List<Load> latencyLoads = testbed.offered.subList(steps, steps + 3);
        assertEquals(0, latencyLoads.getFirst().gbpsPerDirection());
        assertEquals(gbps / 2 - 0.1, latencyLoads.getLast().gbpsPerDirection(), 1e-9);
        assertTrue(latencyLoads.stream().allMatch(l -> l.probesPerSecond() == Profile.QUICK.probesPerSecond()));
        // The fake's latency at zero load is 1,000 + (i % 100) ns, each value 100 times in 10,000
        // probes: the median, element 5,001, is 1,050 ns; the 99th percentile, element 9,900, 1,098 ns.
        assertEquals("10000", latency.getFirst().values().get("samples"));
        assertEquals("1050", latency.getFirst().values().get("latency_p50_ns"));
        assertEquals("1098", latency.getFirst().values().get("latency_p99_ns"));
        final List<Row> ccdf = rows(result, Table.CCDF);
        assertFalse(ccdf.isEmpty());
        assertTrue(ccdf.stream().allMatch(r -> r.values().get("level").equals("0")));
        assertEquals(9.0 * 2, result.testerCeilingGbps(), 1e-6);
    }

    @Test
    void aTesterBoundResultSaysSo() {
        final TrialSpec spec = new TrialSpec(List.of(Experiment.DEVICE_COST), NOP, "dpdk", 2, Needs.SEARCH_ONLY);
        final TrialProtocol.Result result = new Trial(spec, Profile.QUICK, new FakeTestbed(100, 3.0, 2), System.out, TrialTest::oneChunkWarmUp).run();
        final Row throughput = rows(result, Table.THROUGHPUT).getFirst();
        assertEquals("tester", throughput.values().get("limited_by"));
        assertTrue(rows(result, Table.SEARCH_STEPS).stream().anyMatch(r -> r.values().get("tester_limited").equals("true")));
        assertTrue(rows(result, Table.LATENCY).isEmpty());
    }

    @Test
    void aLevelAboveTheTrialsOwnMaximumIsMarkedOverloaded() {
        // A fixed 3 Gb/s on a driver that forwards 1 Gb/s per direction, 2 in all: the queue grows for the whole level.
        final TrialSpec spec = new TrialSpec(List.of(Experiment.TABLE3), NOP, "dpdk", 1,
                Needs.searchAnd(List.of(LoadLevel.absolute(3, false), LoadLevel.ofMaximum(1))));
        final TrialProtocol.Result result = new Trial(spec, Profile.QUICK, new FakeTestbed(1.0, 9, 2), System.out,
                TrialTest::oneChunkWarmUp).run();
        final double maximum = Double.parseDouble(rows(result, Table.THROUGHPUT).getFirst().values().get("throughput_gbps"));
        assertTrue(maximum > 1.9 && maximum < 3, "maximum " + maximum);
        final List<Row> latency = rows(result, Table.LATENCY);
        assertEquals(List.of("max", "3"), latency.stream().map(r -> r.values().get("level")).toList());
        assertEquals(List.of("false", "true"), latency.stream().map(r -> r.values().get("overloaded")).toList(),
                "the maximum itself is not above the maximum; 3 Gb/s is");
    }

    @Test
    void aTrialWithoutASearchCannotTellOverloadAndLeavesItEmpty() {
        final TrialSpec spec = new TrialSpec(List.of(Experiment.FIG11), NOP, "tinynf", 1, Needs.levels(List.of(LoadLevel.zero(true))));
        final TrialProtocol.Result result = new Trial(spec, Profile.QUICK, new FakeTestbed(4, 9, 2), System.out,
                TrialTest::oneChunkWarmUp).run();
        assertEquals(List.of(""), rows(result, Table.LATENCY).stream().map(r -> r.values().get("overloaded")).toList());
    }

    @Test
    void aHeatUpThatLosesMoreThanOnePercentIsFatal() {
        final TrialSpec spec = new TrialSpec(List.of(Experiment.TABLE3), Workload.of("nat", "nat", Map.of(), 1, 4, 0.001, 0, 1),
                "tinynf", 1, Needs.searchAnd(List.of(LoadLevel.absolute(1, false))));
        // The heat-up runs at the profile's rate, far above this driver's capacity.
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new Trial(spec, Profile.QUICK, new FakeTestbed(0.5, 9, 1), System.out, TrialTest::oneChunkWarmUp).run());
        assertTrue(e.getMessage().startsWith("the heat-up lost 50.00 % of its frames"), e.getMessage());
    }

    /** The fake testbed, but the first offer at {@code rateGbps} loses {@code loss} and says the driver was preempted. */
    private static Testbed preemptedOnceAt(final FakeTestbed fake, final double rateGbps, final double loss) {
        return new Testbed() {
            private boolean spoiled;

            @Override
            public void warmUp(final Load load) {
                fake.warmUp(load);
            }

            @Override
            public Measurement heatUp(final double seconds, final double gbpsPerDirection) {
                return fake.heatUp(seconds, gbpsPerDirection);
            }

            @Override
            public Measurement offer(final Load load) {
                final Measurement m = fake.offer(load);
                if (spoiled || load.probesPerSecond() > 0 || load.gbpsPerDirection() != rateGbps) {
                    return m;
                }
                spoiled = true;
                final long[] returned = new long[m.returned().length];
                for (int d = 0; d < returned.length; d++) {
                    returned[d] = Math.round(m.offered()[d] * (1 - loss));
                }
                return new Measurement(m.offered(), returned, m.offeredGbps(), m.offeredTotal() - java.util.Arrays.stream(returned).sum(),
                        0, m.scheduleLagMaxNs(), m.engineBusyFraction(), false, m.latency(), m.probesSent(), m.probesLost(),
                        m.gcCount(), 0.95, 1, 5_000_000, true);
            }

            @Override
            public void close() {
                fake.close();
            }
        };
    }

    private static List<Map<String, String>> stepsAt(final TrialProtocol.Result result, final String rate) {
        return rows(result, Table.SEARCH_STEPS).stream().map(Row::values)
                .filter(v -> v.get("rate_gbps_per_direction").equals(rate)).toList();
    }

    /** A fig9 trial on a driver of 4 Gb/s per direction whose first step at 2.5 Gb/s loses {@code loss}, preempted. */
    private static TrialProtocol.Result searchPreemptedOnceAtTwoAndAHalf(final double loss) {
        final TrialSpec spec = new TrialSpec(List.of(Experiment.FIG9), NOP, "tinynf", 1, Needs.SEARCH_AND_SWEEP);
        return new Trial(spec, Profile.QUICK, preemptedOnceAt(new FakeTestbed(4.0, 9.0, 2), 2.5, loss), System.out,
                TrialTest::oneChunkWarmUp).run();
    }

    @Test
    void aStepTheDriversLostCpuSpoiledIsOfferedAgainAndCountsOnlyOnceItIsClean() {
        final TrialProtocol.Result result = searchPreemptedOnceAtTwoAndAHalf(0.2);
        final List<Map<String, String>> steps = stepsAt(result, "2.5");
        assertEquals(2, steps.size(), steps.toString());
        assertEquals(List.of("1", "false", "true"), List.of(steps.get(0).get("attempt"), steps.get(0).get("passed"),
                steps.get(0).get("tester_limited")));
        assertEquals(List.of("2", "true", "false"), List.of(steps.get(1).get("attempt"), steps.get(1).get("passed"),
                steps.get(1).get("tester_limited")));
        final double gbps = Double.parseDouble(rows(result, Table.THROUGHPUT).getFirst().values().get("throughput_gbps"));
        assertTrue(gbps > 7.96 && gbps < 8.03, "the driver's throughput, as without the spoiled attempt: " + gbps);
    }

    @Test
    void aPreemptedStepWithinTheLossThresholdPassesAtOnce() {
        final List<Map<String, String>> steps = stepsAt(searchPreemptedOnceAtTwoAndAHalf(0.001), "2.5");
        assertEquals(1, steps.size(), steps.toString());
        assertEquals("true", steps.getFirst().get("passed"));
        assertEquals("false", steps.getFirst().get("tester_limited"));
    }
}
