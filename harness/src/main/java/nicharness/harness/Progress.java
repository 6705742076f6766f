package nicharness.harness;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import nicharness.harness.output.TrialOutcome;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.TrialSpec;

/**
 * The progress display: what is running, how many trials are left, and an estimate of the time
 * left. The estimate starts as the plan's budget and is corrected, as trials finish, by how long
 * they really took compared with their budget.
 */
public final class Progress {

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final int total;
    private double remainingEstimate;
    private double finishedEstimate;
    private double finishedActual;
    private int done;
    private int failed;
    private int started;
    private final int jobs;
    private final java.util.Map<String, Long> startedAt = new java.util.HashMap<>();

    /**
     * @param out              where to print
     * @param nanoTime         the clock (System::nanoTime, or a test clock)
     * @param total            trials to run in this session
     * @param estimatedSeconds their budget
     */
    public Progress(final PrintStream out, final LongSupplier nanoTime, final int total, final double estimatedSeconds) {
        this(out, nanoTime, total, estimatedSeconds, 1);
    }

    /** A display for {@code jobs} trials running at once: the time left is the budget shared among them. */
    public Progress(final PrintStream out, final LongSupplier nanoTime, final int total, final double estimatedSeconds,
                    final int jobs) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.total = total;
        this.remainingEstimate = estimatedSeconds;
        this.jobs = Math.max(1, jobs);
    }

    /** Prints the line announcing a trial. */
    public synchronized void started(final TrialSpec trial, final double estimateSeconds) {
        startedAt.put(trial.id(), nanoTime.getAsLong());
        started++;
        out.printf(Locale.ROOT, "[%" + width() + "d/%d] %-30s %-13s r%d  (%s) ...%n", started, total, trial.workload().id(),
                trial.driver(), trial.repetition(), trial.experimentIds());
        out.flush();
    }

    /** Prints how the trial ended, what is left and the time left. */
    public synchronized void finished(final TrialSpec trial, final TrialOutcome outcome, final double estimateSeconds) {
        final Long began = startedAt.remove(trial.id());
        final double actual = began == null ? outcome.durationSeconds() : (nanoTime.getAsLong() - began) / 1e9;
        done++;
        finishedEstimate += estimateSeconds;
        finishedActual += actual;
        remainingEstimate = Math.max(0, remainingEstimate - estimateSeconds);
        final String status;
        if (outcome.status() == TrialOutcome.Status.OK) {
            status = "ok";
        } else {
            failed++;
            status = outcome.status().text().toUpperCase(Locale.ROOT) + ": " + outcome.message();
        }
        // With several trials at once, a finished line names its trial: the lines of others come between.
        final String which = jobs > 1 ? " " + trial.id() : "";
        out.printf(Locale.ROOT, "%" + (2 * width() + 3) + "s%s %s in %.1f s; %d left, about %s left%s%n", "", which, status,
                actual, total - done, ExperimentPlan.formatDuration(timeLeftSeconds()), failed > 0 ? " (" + failed + " failed)" : "");
        out.flush();
    }

    /** The remaining budget, scaled by how long finished trials took against theirs. */
    public synchronized double timeLeftSeconds() {
        final double scale = finishedEstimate > 0 ? finishedActual / finishedEstimate : 1;
        return remainingEstimate * scale / jobs;
    }

    /** How many trials failed so far. */
    public synchronized int failed() {
        return failed;
    }

    private int width() {
        return Integer.toString(total).length();
    }
}
