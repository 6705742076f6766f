package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import nicharness.harness.output.ResultStore;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;
import nicharness.harness.output.TrialOutcome;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.PlanSettings;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerTest {

    static final Map<String, Integer> LAYERS = Map.of("nop", 2, "bridge", 2, "nat", 4, "policer", 3, "firewall", 4, "lb", 4);
    static final Catalog ALL = Catalog.of(Experiment.ALL_DRIVERS, List.copyOf(LAYERS.keySet()), LAYERS::get);

    /** Records which trials ran; stops the run (as Ctrl-C would) after {@code stopAfter} trials. */
    static final class CountingExecutor implements Runner.TrialExecutor {
        final List<String> ran = new ArrayList<>();
        final int stopAfter;

        CountingExecutor(final int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public TrialOutcome execute(final TrialSpec trial, final Profile profile, final double estimateSeconds) {
            ran.add(trial.id());
            if (ran.size() == stopAfter) {
                Thread.currentThread().interrupt();
            }
            return new TrialOutcome(TrialOutcome.Status.OK, "", Instant.now(), 0.01, Double.NaN,
                    List.of(Row.of(Table.THROUGHPUT).put("throughput_gbps", 1).put("throughput_mpps", 1.488)
                            .put("best_gbps_per_direction", 0.5).put("steps", 10).put("limited_by", "driver").put("clock", "virtual").put("polls_replaced_share_max", 0).put("cpu_cost_calibrated", false).build()));
        }
    }

    @Test
    void resumingAnInterruptedRunRedoesNothingThatFinished(@TempDir final Path folder) {
        final PlanSettings settings = new PlanSettings(Profile.QUICK, List.of(Experiment.DEVICE_COST), List.of(), List.of(), List.of(),
                OptionalDouble.empty(), 60);
        final ExperimentPlan plan = ExperimentPlan.build(settings, ALL);
        final int total = plan.trials().size();
        final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        final CountingExecutor first = new CountingExecutor(7);
        try (ResultStore store = ResultStore.open(folder, false)) {
            new Runner(plan, store, first, quiet, System::nanoTime).run();
        }
        assertTrue(Thread.interrupted()); // clear the simulated interruption
        assertEquals(7, first.ran.size());

        final CountingExecutor second = new CountingExecutor(-1);
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (ResultStore store = ResultStore.open(folder, true)) {
            new Runner(plan, store, second, new PrintStream(printed, true, StandardCharsets.UTF_8), System::nanoTime).run();
        }
        assertEquals(total - 7, second.ran.size());
        assertTrue(second.ran.stream().noneMatch(first.ran::contains), "a finished trial ran again");
        assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("resuming: 7 of " + total + " trials already finished"));
        assertEquals(total, ResultStore.read(folder.resolve("throughput.csv"), Table.THROUGHPUT).size());

        final CountingExecutor third = new CountingExecutor(-1);
        try (ResultStore store = ResultStore.open(folder, true)) {
            new Runner(plan, store, third, quiet, System::nanoTime).run();
        }
        assertEquals(List.of(), third.ran);
    }

    @Test
    void theSummaryMarksALatencyLevelAboveTheMeasuredMaximum(@TempDir final Path folder) {
        final ExperimentPlan plan = ExperimentPlan.build(new PlanSettings(Profile.QUICK.withRepetitions(1), List.of(Experiment.TABLE3),
                List.of("dpdk"), List.of("nat"), List.of(), OptionalDouble.empty(), 60), ALL);
        final Runner.TrialExecutor overloaded = (trial, profile, estimate) -> {
            final Row.Builder latency = Row.of(Table.LATENCY);
            Table.LATENCY.measurementColumns().forEach(c -> latency.put(c, ""));
            return new TrialOutcome(TrialOutcome.Status.OK, "", Instant.now(), 0.01, Double.NaN, List.of(
                    Row.of(Table.THROUGHPUT).put("throughput_gbps", 0.5).put("throughput_mpps", 0.744)
                            .put("best_gbps_per_direction", 0.5).put("steps", 10).put("limited_by", "driver").put("clock", "virtual").put("polls_replaced_share_max", 0).put("cpu_cost_calibrated", false).build(),
                    latency.put("level", "1").put("load_gbps", 1.0).put("latency_p50_ns", 400_000).put("latency_p99_ns", 600_000)
                            .put("tester_limited", false).put("overloaded", true).build()));
        };
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (ResultStore store = ResultStore.open(folder, false)) {
            final Runner runner = new Runner(plan, store, overloaded, new PrintStream(printed, true, StandardCharsets.UTF_8), System::nanoTime);
            runner.run();
            runner.summarise();
        }
        final String line = printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("nat-1way dpdk at 1 Gb/s"))
                .findFirst().orElseThrow();
        assertTrue(line.contains("400.00 /   600.00  OVERLOADED: above the measured maximum in 1 repetition(s)"), line);
    }

    @Test
    void progressShowsWhatRunsWhatIsLeftAndAnEstimateCorrectedByExperience() {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final long[] now = {0};
        final Progress progress = new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8), () -> now[0], 3, 30);
        final ExperimentPlan plan = ExperimentPlan.build(new PlanSettings(Profile.QUICK, List.of(Experiment.FIG9), List.of("tinynf"),
                List.of(), List.of(), OptionalDouble.empty(), 60), ALL);
        final TrialSpec trial = plan.trials().getFirst();
        progress.started(trial, 10);
        now[0] = 20_000_000_000L; // took twice its budget
        progress.finished(trial, new TrialOutcome(TrialOutcome.Status.OK, "", Instant.now(), 20, Double.NaN, List.of()), 10);
        assertEquals(40, progress.timeLeftSeconds(), 1e-9); // 20 s of budget left, at twice the budget
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("[1/3] nop-2way"), text);
        assertTrue(text.contains("ok in 20.0 s; 2 left, about 40 s left"), text);
    }
}
