package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import nicharness.harness.output.ResultStore;
import nicharness.harness.output.Summary;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.LoadLevel;
import nicharness.harness.plan.PlanSettings;
import nicharness.harness.plan.Profile;
import nicharness.harness.trial.ClassPath;
import nicharness.harness.trial.TrialLauncher;
import nicharness.harness.trial.TrialMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One tiny experiment for each driver, each trial in its own JVM on the software 82599, as a run
 * does it; then the CSV files it wrote. The numbers depend on the machine; what is checked is that
 * every driver forwarded, that each table has its rows, and that the books balanced (a trial whose
 * loss disagrees with the cards' counters fails).
 */
class EndToEndSmokeTest {

    /** A profile of a few tenths of a second per trial: two search steps. */
    static final Profile TINY = new Profile("tiny", 1, 0.3, 3, 0.2, 0.1, 0.05, 2, 0.05, 0.02, 0.05, 0.01, 0.05, 20_000, 0,
            List.of(0.0, 1.0), List.of(1.0), 0.5);

    @Test
    @Timeout(300)
    void eachDriverRunsATinyExperimentInItsOwnJvmAndTheCsvHasItsRows(@TempDir final Path folder) throws Exception {
        // Fixed latency levels, so that the rows do not depend on the maximum this machine measures.
        final PlanSettings settings = new PlanSettings(TINY, List.of(Experiment.FIG9), List.of(), List.of(),
                List.of(LoadLevel.zero(true), LoadLevel.absolute(0.1, false)), OptionalDouble.empty(), 0);
        final ExperimentPlan plan = ExperimentPlan.build(settings, new RegistryCatalog());
        assertEquals(Experiment.ALL_DRIVERS.size(), plan.trials().size(), "every driver is registered: " + plan.notes());
        final TrialLauncher launcher = new TrialLauncher(Path.of(System.getProperty("java.home"), "bin", "java"),
                List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m"), ClassPath.ofRunningApplication(),
                TrialMain.class.getName(), folder.resolve("logs"));
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (ResultStore store = ResultStore.open(folder, false)) {
            final Runner runner = new Runner(plan, store, Runner.forked(launcher, List.of()),
                    new PrintStream(progress, true, StandardCharsets.UTF_8), System::nanoTime);
            final int failed = runner.run();
            runner.summarise();
            assertEquals(0, failed, progress.toString(StandardCharsets.UTF_8) + logs(folder));
        }
        final List<Map<String, String>> trials = ResultStore.read(folder.resolve("trials.csv"), Table.TRIALS);
        assertEquals(Set.copyOf(Experiment.ALL_DRIVERS), trials.stream().map(r -> r.get("driver")).collect(Collectors.toSet()));
        assertTrue(trials.stream().allMatch(r -> r.get("status").equals("ok")));

        final List<Map<String, String>> steps = ResultStore.read(folder.resolve("search_steps.csv"), Table.SEARCH_STEPS);
        // Two steps per driver, or one when the first step, at line rate, passes: the search then
        // stops at once, as the paper's does (reference paper.md 3.3).
        assertTrue(steps.size() >= 5 && steps.size() <= 2 * 5, "search steps: " + steps.size());
        for (final Map<String, String> step : steps) {
            assertEquals(Long.parseLong(step.get("offered_packets")) - Long.parseLong(step.get("returned_packets")),
                    Long.parseLong(step.get("lost_packets")));
            assertEquals("0", step.get("gc_count"), "a collection during a step: " + step);
        }
        assertEquals(5, ResultStore.read(folder.resolve("throughput.csv"), Table.THROUGHPUT).size());
        final List<Map<String, String>> latency = ResultStore.read(folder.resolve("latency.csv"), Table.LATENCY);
        assertEquals(2 * 5, latency.size());
        for (final Map<String, String> level : latency) {
            // (On a busy machine the tester's thread may get no CPU for the whole of a tiny level.)
            final long sent = Long.parseLong(level.get("probes_sent"));
            assertEquals(sent, Long.parseLong(level.get("samples")) + Long.parseLong(level.get("probes_lost")), level.toString());
        }
        // Every driver forwarded: frames came back in its search steps. (How many, and how fast,
        // depends on the machine: on a busy one the threads lose the CPU for milliseconds.)
        for (final String driver : Experiment.ALL_DRIVERS) {
            assertTrue(steps.stream().anyMatch(r -> r.get("driver").equals(driver) && Long.parseLong(r.get("returned_packets")) > 0),
                    driver + " returned nothing: " + steps);
        }
        final List<String> summary = Files.readAllLines(folder.resolve(Summary.FILE));
        assertEquals(String.join(",", Summary.COLUMNS), summary.getFirst());
        assertTrue(summary.stream().anyMatch(l -> l.contains(",tinynf,") && l.contains("throughput_gbps")));
    }

    private static String logs(final Path folder) throws Exception {
        final StringBuilder text = new StringBuilder();
        try (var files = Files.list(folder.resolve("logs"))) {
            for (final Path log : files.toList()) {
                text.append("\n--- ").append(log.getFileName()).append('\n').append(Files.readString(log));
            }
        }
        return text.toString();
    }
}
