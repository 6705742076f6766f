package nicharness.harness.trial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import nicharness.env.CoreCanary;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;
import nicharness.harness.output.TrialOutcome;
import nicharness.harness.tester.SlowNop;

/**
 * Starts one JVM per trial, so that the JIT profile of one driver never leaks into another's
 * (JMH sample 12, "forking"), and reads its result back.
 *
 * <p>The trial JVM is a {@link MeasuredJvm}: the running JVM's own {@code java}, the project's class
 * path and the measuring flags (every measurement row reports the collections it saw).
 * Its output goes to a log file per trial; its result comes back through {@link TrialProtocol}.
 * A trial that runs past its time limit is stopped and reported as such.
 */
public final class TrialLauncher {

    /** The trial JVM's flags: the measuring flags of {@link MeasuredJvm#FLAGS}. */
    public static final List<String> JVM_FLAGS = MeasuredJvm.FLAGS;

    private final MeasuredJvm jvm;
    private final String mainClass;
    private final Path workFolder;
    /** The trial JVMs running, one per trial under way (two trials run at once in simulated time). */
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    /**
     * The lowest core canary baseline a finished trial reported, in ns: the canary's time on a free
     * core of this machine, passed to later trial JVMs ({@link CoreCanary#FREE_CORE_PROPERTY}), so
     * that a trial whose core is shared from its first poll does not learn a contended time as its
     * baseline and take contended polls for clean ones.
     */
    private final AtomicLong freeCoreNanos = new AtomicLong(Long.MAX_VALUE);
    /** One mixing step's time in ns for the slow no-op, measured at the first trial; 0 before. */
    private double nanosPerStep;
    /** Below this a reported baseline is not a canary's time (a trial without one reports 0). */
    private static final long PLAUSIBLE_CANARY_NANOS = 50;

    /**
     * @param java       the {@code java} executable
     * @param jvmFlags   the trial JVM's flags (normally {@link #JVM_FLAGS})
     * @param classPath  the class path of the trial JVM
     * @param mainClass  the trial's main class (normally {@link TrialMain})
     * @param workFolder where logs and result files go
     */
    public TrialLauncher(final Path java, final List<String> jvmFlags, final String classPath, final String mainClass,
                         final Path workFolder) {
        this.jvm = new MeasuredJvm(java, jvmFlags, classPath);
        this.mainClass = mainClass;
        this.workFolder = workFolder;
        // Ctrl-C on the harness must not leave a trial JVM spinning on both cores.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(TrialLauncher::stop), "stop-trial-jvm"));
    }

    /** A launcher for this application's {@link TrialMain}, with the running JVM's {@code java}. */
    public static TrialLauncher forThisApplication(final Path workFolder) {
        final MeasuredJvm jvm = MeasuredJvm.ofThisApplication();
        return new TrialLauncher(jvm.java(), jvm.flags(), jvm.classPath(), TrialMain.class.getName(), workFolder);
    }

    /** The full command line for a trial's arguments. */
    public List<String> command(final List<String> trialArguments) {
        return command(mainClass, trialArguments);
    }

    private List<String> command(final String main, final List<String> trialArguments) {
        return jvm.command(freeCoreNanos.get(), java.util.Map.of(SlowNop.NANOS_PER_STEP_PROPERTY,
                Double.toString(nanosPerStep())), main, trialArguments);
    }

    /**
     * One mixing step's time, measured once for the run, before its first trial: every trial JVM
     * of the slow no-op then does the same work per packet ({@link SlowNop}).
     */
    private synchronized double nanosPerStep() {
        if (nanosPerStep == 0) {
            nanosPerStep = SlowNop.nanosPerStep();
        }
        return nanosPerStep;
    }

    /**
     * Runs one trial to its end or its time limit.
     *
     * @param name       a file-name-safe name for the log and result files
     * @param arguments  builds the trial's arguments given the result file to write
     * @param timeLimit  how long the trial may take
     */
    public TrialOutcome launch(final String name, final java.util.function.Function<Path, List<String>> arguments,
                               final Duration timeLimit) {
        return launch(name, mainClass, arguments, timeLimit);
    }

    /** Keeps the lowest plausible core canary baseline of a finished trial's simulation row. */
    void learnFreeCore(final List<Row> rows) {
        for (final Row row : rows) {
            if (row.table() == Table.SIMULATION) {
                try {
                    final long baseline = Math.round(Double.parseDouble(row.values().getOrDefault("core_canary_baseline_ns", "")));
                    if (baseline >= PLAUSIBLE_CANARY_NANOS) {
                        freeCoreNanos.accumulateAndGet(baseline, Math::min);
                    }
                } catch (final NumberFormatException e) {
                    // no canary in this trial (a fixed CPU cost, or real time)
                }
            }
        }
    }

    /** Runs another main class the same way (for example {@link CeilingMain}). */
    public TrialOutcome launch(final String name, final String main, final java.util.function.Function<Path, List<String>> arguments,
                               final Duration timeLimit) {
        final Instant started = Instant.now();
        final long t0 = System.nanoTime();
        final Path log = workFolder.resolve(name + ".log");
        final Path result = workFolder.resolve(name + ".result");
        try {
            Files.createDirectories(workFolder);
            Files.deleteIfExists(result);
            final Process process = new ProcessBuilder(command(main, arguments.apply(result)))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            running.add(process);
            final boolean ended = process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
            final double seconds = (System.nanoTime() - t0) / 1e9;
            if (!ended) {
                stop(process); // this trial's JVM only: the other trials under way go on
                running.remove(process);
                return new TrialOutcome(TrialOutcome.Status.TIMEOUT, "stopped after the time limit of " + timeLimit.toSeconds()
                        + " s; see " + log, started, seconds, Double.NaN, List.of());
            }
            running.remove(process);
            if (!Files.exists(result)) {
                return new TrialOutcome(TrialOutcome.Status.FAILED, "the trial JVM exited with code " + process.exitValue()
                        + " and no result: " + lastLine(log) + " (see " + log + ")", started, seconds, Double.NaN, List.of());
            }
            final TrialProtocol.Result r = TrialProtocol.read(result);
            Files.deleteIfExists(result);
            learnFreeCore(r.rows());
            return new TrialOutcome(r.ok() ? TrialOutcome.Status.OK : TrialOutcome.Status.FAILED, r.message(), started, seconds,
                    r.testerCeilingGbps(), r.rows());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start a trial JVM (" + jvm.java() + "): " + e.getMessage(), e);
        } catch (final InterruptedException e) {
            running.forEach(TrialLauncher::stop); // the run is being interrupted: every trial of it stops
            Thread.currentThread().interrupt();
            return new TrialOutcome(TrialOutcome.Status.FAILED, "interrupted", started, (System.nanoTime() - t0) / 1e9,
                    Double.NaN, List.of());
        }
    }

    /** Stops a trial JVM: asked first, then forced after 2 s. */
    private static void stop(final Process process) {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (final InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The last non-blank line of a log: usually the exception that ended the trial. */
    static String lastLine(final Path log) {
        try {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                final String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("at ") && !line.startsWith("...")) {
                    return line;
                }
            }
            return "(empty log)";
        } catch (final IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
