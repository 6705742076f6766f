package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.Needs;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.plan.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {

    static final Workload NOP = Workload.of("nop", "nop", Map.of(), 2, 2, 0.003, 0, 1);

    static TrialSpec trial(final String driver, final int repetition) {
        return new TrialSpec(List.of(Experiment.DEVICE_COST), NOP, driver, repetition, Needs.SEARCH_ONLY);
    }

    static TrialOutcome ok(final double gbps) {
        return new TrialOutcome(TrialOutcome.Status.OK, "", Instant.parse("2025-01-01T00:00:00Z"), 3.25, 20,
                List.of(Row.of(Table.THROUGHPUT).put("throughput_gbps", gbps).put("throughput_mpps", gbps / 0.672)
                        .put("best_gbps_per_direction", gbps / 2).put("steps", 10).put("limited_by", "driver").put("clock", "virtual").put("polls_replaced_share_max", 0).put("cpu_cost_calibrated", false).build()));
    }

    @Test
    void writesTidyRowsWithTheConfigurationFirst(@TempDir final Path folder) throws IOException {
        try (ResultStore store = ResultStore.open(folder, false)) {
            store.record(trial("tinynf", 1), ok(7.5));
        }
        final List<String> lines = Files.readAllLines(folder.resolve("throughput.csv"));
        assertEquals(String.join(",", Table.THROUGHPUT.columns()), lines.get(0));
        assertEquals("nop-2way/tinynf/r1,device-cost,nop-2way,tinynf,nop,1,2,2,0.003,0,1,7.5,11.1607143,3.75,10,driver,virtual,0,false",
                lines.get(1));
        final List<Map<String, String>> trials = ResultStore.read(folder.resolve("trials.csv"), Table.TRIALS);
        assertEquals("ok", trials.getFirst().get("status"));
        assertEquals("3.25", trials.getFirst().get("duration_s"));
        assertEquals("20", trials.getFirst().get("tester_ceiling_gbps"));
    }

    @Test
    void aNewRunRefusesAFolderWithResults(@TempDir final Path folder) {
        try (ResultStore store = ResultStore.open(folder, false)) {
            store.record(trial("tinynf", 1), ok(7.5));
        }
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultStore.open(folder, false));
        assertTrue(e.getMessage().contains("already holds results") && e.getMessage().contains("--resume"), e.getMessage());
    }

    @Test
    void resumeKnowsTheFinishedTrialsAndDropsRowsOfUnfinishedOnes(@TempDir final Path folder) throws IOException {
        try (ResultStore store = ResultStore.open(folder, false)) {
            store.record(trial("tinynf", 1), ok(7.5));
            store.record(trial("dpdk", 1), new TrialOutcome(TrialOutcome.Status.FAILED, "boom", Instant.now(), 1, Double.NaN, List.of()));
        }
        // A trial cut off after its measurement rows but before its trials.csv row:
        Files.writeString(folder.resolve("throughput.csv"),
                "nop-2way/ixy/r1,device-cost,nop-2way,ixy,nop,1,2,2,0.003,0,1,1,1,1,10,driver\n", java.nio.file.StandardOpenOption.APPEND);
        try (ResultStore store = ResultStore.open(folder, true)) {
            assertEquals(Set.of("nop-2way/tinynf/r1"), store.finishedTrials());
            store.record(trial("dpdk", 1), ok(6.0));
            assertEquals(Set.of("nop-2way/tinynf/r1", "nop-2way/dpdk/r1"), store.finishedTrials());
        }
        final List<Map<String, String>> rows = ResultStore.read(folder.resolve("throughput.csv"), Table.THROUGHPUT);
        assertEquals(List.of("nop-2way/tinynf/r1", "nop-2way/dpdk/r1"), rows.stream().map(r -> r.get("trial_id")).toList());
    }

    @Test
    void summaryGivesMediansWithTheirSpread(@TempDir final Path folder) throws IOException {
        try (ResultStore store = ResultStore.open(folder, false)) {
            store.record(trial("tinynf", 1), ok(7.0));
            store.record(trial("tinynf", 2), ok(9.0));
            store.record(trial("tinynf", 3), ok(7.5));
        }
        final List<Summary.Line> lines = Summary.write(folder);
        final Summary.Line throughput = lines.stream().filter(l -> l.metric().equals("throughput_gbps")).findFirst().orElseThrow();
        assertEquals(7.5, throughput.spread().median());
        assertEquals(7.0, throughput.spread().min());
        assertEquals(9.0, throughput.spread().max());
        assertEquals(3, throughput.spread().count());
        assertTrue(Files.readAllLines(folder.resolve(Summary.FILE)).get(1)
                .startsWith("nop-2way,device-cost,tinynf,nop,2,0.003,0,1,,throughput_gbps,7.5,7,9,3,0"));
    }

    /** A latency row of level 1 Gb/s: {@code p50Ns} empty when no probe came back. */
    private static TrialOutcome latency(final String p50Ns, final boolean testerLimited, final boolean overloaded) {
        final Row.Builder row = Row.of(Table.LATENCY);
        Table.LATENCY.measurementColumns().forEach(c -> row.put(c, ""));
        return new TrialOutcome(TrialOutcome.Status.OK, "", Instant.parse("2025-01-01T00:00:00Z"), 3.25, 20,
                List.of(row.put("level", "1").put("load_gbps", 1.0).put("latency_p50_ns", p50Ns)
                        .put("tester_limited", testerLimited).put("overloaded", overloaded).build()));
    }

    @Test
    void aLineCountsOnlyTheRepetitionsWithAValueAndItsMarksAmongThem(@TempDir final Path folder) throws IOException {
        try (ResultStore store = ResultStore.open(folder, false)) {
            store.record(trial("dpdk", 1), latency("400000", true, true));
            store.record(trial("dpdk", 2), latency("", true, true)); // no probe came back
            store.record(trial("dpdk", 3), latency("9000", true, false));
        }
        final List<Summary.Line> lines = Summary.write(folder);
        final Summary.Line load = lines.stream().filter(l -> l.metric().equals("load_gbps")).findFirst().orElseThrow();
        final Summary.Line p50 = lines.stream().filter(l -> l.metric().equals("latency_p50_ns")).findFirst().orElseThrow();
        assertEquals(List.of(3, 3, 2), List.of(load.spread().count(), load.testerLimited(), load.overloaded()));
        assertEquals(List.of(2, 2, 1), List.of(p50.spread().count(), p50.testerLimited(), p50.overloaded()),
                "the repetition without a probe is in none of the latency line's counts");
        final List<String> written = Files.readAllLines(folder.resolve(Summary.FILE));
        assertTrue(written.getFirst().endsWith(",repetitions,tester_limited_repetitions,overloaded_repetitions"), written.getFirst());
        assertTrue(written.stream().anyMatch(l -> l.endsWith(",1,latency_p50_ns,204500,9000,400000,2,2,1")), written.toString());
    }

    @Test
    void aResumedSessionKeepsOneDescriptionAndRecordsWhenItResumed(@TempDir final Path folder) throws IOException {
        final Map<String, String> first = new java.util.LinkedHashMap<>();
        first.put(RunDescription.STARTED_AT, "2025-01-01T00:00:00Z");
        first.put("cpu_model", "AMD EPYC");
        first.put("git_commit", "abc");
        first.put("kernel_command_line", "quiet\nsplash");
        first.put("setting.profile", "quick");
        assertEquals(1, RunDescription.recordSession(folder, first));
        final int described = Files.readAllLines(folder.resolve(RunDescription.FILE)).size();

        final Map<String, String> again = new java.util.LinkedHashMap<>(first);
        again.put(RunDescription.STARTED_AT, "2025-01-02T00:00:00Z");
        assertEquals(2, RunDescription.recordSession(folder, again));
        again.put(RunDescription.STARTED_AT, "2025-01-03T00:00:00Z");
        again.put("git_commit", "def");
        assertEquals(3, RunDescription.recordSession(folder, again));

        assertEquals(described + 1 + 2, Files.readAllLines(folder.resolve(RunDescription.FILE)).size(),
                "two resumptions add their time and what changed, not a second description");
        final Map<Integer, Map<String, String>> sessions = RunDescription.read(folder);
        assertEquals("2025-01-01T00:00:00Z", sessions.get(1).get(RunDescription.STARTED_AT));
        assertEquals(Map.of(RunDescription.RESUMED_AT, "2025-01-02T00:00:00Z"), sessions.get(2));
        assertEquals(Map.of(RunDescription.RESUMED_AT, "2025-01-03T00:00:00Z", "git_commit", "def"), sessions.get(3));
    }

    @Test
    void runDescriptionRecordsSessionsAndRefusesOtherSettingsOnResume(@TempDir final Path folder) {
        final Map<String, String> env = RunDescription.environment(null, List.of("-Xmx1g"));
        assertTrue(env.containsKey("cpu_model") && env.containsKey("git_commit") && env.get("trial_jvm_flags").equals("-Xmx1g"));
        RunDescription.append(folder, 1, Map.of("setting.profile", "quick", "cpu_model", "x"));
        RunDescription.append(folder, 2, Map.of("setting.profile", "quick"));
        final Map<Integer, Map<String, String>> sessions = RunDescription.read(folder);
        assertEquals(Set.of(1, 2), sessions.keySet());
        RunDescription.requireSameSettings(sessions.get(1), Map.of("profile", "quick"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDescription.requireSameSettings(sessions.get(1), Map.of("profile", "paper")));
        assertEquals("--resume continues a run with other settings: profile was quick, now paper; give the same options as the "
                + "first session, or start a new output folder", e.getMessage());
    }
}
