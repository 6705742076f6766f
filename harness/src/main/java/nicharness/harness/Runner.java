package nicharness.harness;

import nicharness.harness.plan.TrialClock;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import nicharness.harness.output.ResultStore;
import nicharness.harness.output.Summary;
import nicharness.harness.output.TrialOutcome;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.sim.CpuTime;
import nicharness.harness.trial.TrialArguments;
import nicharness.harness.trial.TrialLauncher;

/**
 * Runs a plan's trials that are not finished yet, one JVM each, records each as it ends, and
 * summarises the run.
 */
public final class Runner {

    /** Runs one trial and reports how it ended. */
    @FunctionalInterface
    public interface TrialExecutor {
        TrialOutcome execute(TrialSpec trial, Profile profile, double estimateSeconds);
    }

    private final ExperimentPlan plan;
    private final ResultStore store;
    private final TrialExecutor executor;
    private final PrintStream out;
    private final java.util.function.LongSupplier clock;
    private final int jobs;

    /**
     * @param plan     the trials
     * @param store    where results go (and which trials are already done)
     * @param executor how a trial runs (normally {@link #forked})
     * @param out      where progress is printed
     * @param clock    the progress display's clock
     */
    public Runner(final ExperimentPlan plan, final ResultStore store, final TrialExecutor executor, final PrintStream out,
                  final java.util.function.LongSupplier clock) {
        this(plan, store, executor, out, clock, 1);
    }

    /**
     * A runner that runs up to {@code jobs} trials at once (the executor must be safe to call from
     * that many threads: {@link #forked(TrialLauncher, List, TrialClock)} with one CPU slot per job).
     */
    public Runner(final ExperimentPlan plan, final ResultStore store, final TrialExecutor executor, final PrintStream out,
                  final java.util.function.LongSupplier clock, final int jobs) {
        this.plan = plan;
        this.store = store;
        this.executor = executor;
        this.out = out;
        this.clock = clock;
        this.jobs = Math.max(1, jobs);
    }

    /**
     * The executor that starts a JVM per trial.
     *
     * @param launcher the JVM launcher
     * @param cpus     the CPUs for the driver thread and the tester's thread, or empty
     */
    public static TrialExecutor forked(final TrialLauncher launcher, final List<Integer> cpus) {
        return forked(launcher, cpus, TrialClock.VIRTUAL);
    }

    /**
     * The executor that starts a JVM per trial, measuring in {@code clock}.
     *
     * @param launcher the JVM launcher
     * @param cpus     the CPUs for the driver thread and the tester's thread, or empty
     * @param clock    the time the trials measure in
     */
    public static TrialExecutor forked(final TrialLauncher launcher, final List<Integer> cpus, final TrialClock clock) {
        return forked(launcher, cpus, clock, false);
    }

    /**
     * The executor that starts a JVM per trial, one at a time, measuring in {@code clock}, the
     * device's work in simulated time on the second CPU if {@code deviceOnOtherCpu}.
     */
    public static TrialExecutor forked(final TrialLauncher launcher, final List<Integer> cpus, final TrialClock clock,
                                       final boolean deviceOnOtherCpu) {
        return forked(launcher, cpus, clock, deviceOnOtherCpu, CpuTime.MEASURED);
    }

    /**
     * The executor that starts a JVM per trial, one at a time, as {@link #forked(TrialLauncher, List, TrialClock, boolean)},
     * each simulated-time poll costing {@code cpuCost} ({@link CpuTime#of}).
     */
    public static TrialExecutor forked(final TrialLauncher launcher, final List<Integer> cpus, final TrialClock clock,
                                       final boolean deviceOnOtherCpu, final String cpuCost) {
        return (trial, profile, estimate) -> launcher.launch(trial.id().replace('/', '_'),
                result -> new TrialArguments(trial, profile, result, cpus, clock, deviceOnOtherCpu, cpuCost).encode(),
                Duration.ofSeconds((long) (4 * estimate + 60)));
    }

    /**
     * The executor that starts a JVM per trial in simulated time, several at once: each trial takes
     * one of {@code cpus} for its simulation thread for as long as it runs.
     *
     * @param launcher the JVM launcher
     * @param cpus     one CPU per trial that may run at once
     */
    public static TrialExecutor forkedInParallel(final TrialLauncher launcher, final List<Integer> cpus) {
        return forkedInParallel(launcher, cpus, CpuTime.MEASURED);
    }

    /** As {@link #forkedInParallel(TrialLauncher, List)}, each poll costing {@code cpuCost} ({@link CpuTime#of}). */
    public static TrialExecutor forkedInParallel(final TrialLauncher launcher, final List<Integer> cpus, final String cpuCost) {
        final java.util.concurrent.BlockingQueue<Integer> free = new java.util.concurrent.LinkedBlockingQueue<>(cpus);
        return (trial, profile, estimate) -> {
            final int cpu;
            try {
                cpu = free.take();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a CPU for " + trial.id(), e);
            }
            try {
                return launcher.launch(trial.id().replace('/', '_'),
                        result -> new TrialArguments(trial, profile, result, List.of(cpu), TrialClock.VIRTUAL, false, cpuCost).encode(),
                        // A driver on N simulated cores polls N times as much on this one CPU.
                        Duration.ofSeconds((long) (4 * estimate * nicharness.driver.Cores.coresOf(trial.driver()) + 60)));
            } finally {
                free.add(cpu);
            }
        };
    }


    /**
     * Runs every trial not finished yet.
     *
     * @return the number of trials that failed in this session
     */
    public int run() {
        final Set<String> finished = store.finishedTrials();
        final List<TrialSpec> todo = new ArrayList<>();
        for (final TrialSpec trial : plan.trials()) {
            if (!finished.contains(trial.id())) {
                todo.add(trial);
            }
        }
        final Profile profile = plan.settings().profile();
        if (!finished.isEmpty()) {
            out.printf(Locale.ROOT, "resuming: %d of %d trials already finished, %d to run%n", plan.trials().size() - todo.size(),
                    plan.trials().size(), todo.size());
        }
        final Progress progress = new Progress(out, clock, todo.size(), plan.estimatedSeconds(finished), jobs);
        if (jobs == 1) {
            for (final TrialSpec trial : todo) {
                runOne(trial, profile, progress);
                if (Thread.currentThread().isInterrupted()) {
                    out.println("interrupted; run again with --resume to continue");
                    break;
                }
            }
            return progress.failed();
        }
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs);
        try {
            final List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (final TrialSpec trial : todo) {
                running.add(pool.submit(() -> runOne(trial, profile, progress)));
            }
            for (final java.util.concurrent.Future<?> f : running) {
                f.get();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("interrupted; run again with --resume to continue");
        } catch (final java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("running a trial failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return progress.failed();
    }

    private void runOne(final TrialSpec trial, final Profile profile, final Progress progress) {
        final double estimate = trial.estimatedSeconds(profile);
        progress.started(trial, estimate);
        final TrialOutcome outcome = executor.execute(trial, profile, estimate);
        synchronized (store) {
            store.record(trial, outcome);
        }
        progress.finished(trial, outcome, estimate);
    }

    /** Writes the summary and prints the throughput of every configuration. */
    public void summarise() {
        summarise(store.folder(), out);
    }

    /** Writes {@code folder}'s summary from its tables and prints the throughput and latency of every configuration. */
    public static void summarise(final java.nio.file.Path folder, final PrintStream out) {
        final List<Summary.Line> lines = Summary.write(folder);
        out.println();
        out.println("Throughput, median [min, max] of the repetitions (a '>=' marks results the tester, not the driver, limited):");
        for (final Summary.Line line : lines) {
            if (!line.metric().equals("throughput_gbps")) {
                continue;
            }
            final Map<String, String> c = line.configuration();
            out.printf(Locale.ROOT, "  %-28s %-13s %s%6.3f Gb/s [%.3f, %.3f] n=%d%n", c.get("workload"), c.get("driver"),
                    line.testerLimited() > 0 ? ">=" : "  ", line.spread().median(), line.spread().min(), line.spread().max(),
                    line.spread().count());
        }
        out.println("Latency at zero load and at 1 Gb/s, median of the repetitions' p50 / p99 (us):");
        final Map<String, double[]> latency = new java.util.LinkedHashMap<>();
        for (final Summary.Line line : lines) {
            if ((line.level().equals("0") || line.level().equals("1"))
                    && (line.metric().equals("latency_p50_ns") || line.metric().equals("latency_p99_ns"))) {
                final Map<String, String> c = line.configuration();
                // p50, p99, tester-limited repetitions, overloaded repetitions
                final double[] values = latency.computeIfAbsent(c.get("workload") + " " + c.get("driver") + " at " + line.level() + " Gb/s",
                        k -> new double[] {Double.NaN, Double.NaN, 0, 0});
                values[line.metric().equals("latency_p50_ns") ? 0 : 1] = line.spread().median() / 1000;
                values[2] = Math.max(values[2], line.testerLimited());
                values[3] = Math.max(values[3], line.overloaded());
            }
        }
        latency.forEach((key, v) -> out.printf(Locale.ROOT, "  %-50s %s%s%s%n", key,
                Double.isNaN(v[0]) ? "    no probe came back within 1 ms" : String.format(Locale.ROOT, "%8.2f / %8.2f", v[0], v[1]),
                v[3] > 0 ? "  OVERLOADED: above the measured maximum in " + (int) v[3] + " repetition(s), the latency is the queue's"
                        : "",
                v[2] > 0 ? "  (tester-limited in some repetitions)" : ""));
        out.println("Results in " + folder.toAbsolutePath() + " (" + String.join(", ", List.of("trials.csv", "throughput.csv",
                "search_steps.csv", "latency.csv", "latency_ccdf.csv", Summary.FILE, "run.csv")) + ")");
    }
}
