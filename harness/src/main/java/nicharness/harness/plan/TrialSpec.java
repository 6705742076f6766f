package nicharness.harness.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial: one driver on one workload, one repetition, in its own JVM, measuring what its
 * experiments need. Its {@link #id()} names it in every CSV file and is what {@code --resume}
 * looks for.
 *
 * @param experiments the experiments this trial serves
 * @param workload    the traffic and NF
 * @param driver      the driver registry name
 * @param repetition  1, 2, ... up to the profile's repetitions
 * @param needs       what to measure
 */
public record TrialSpec(List<Experiment> experiments, Workload workload, String driver, int repetition, Needs needs) {

    public TrialSpec {
        experiments = List.copyOf(experiments);
        if (repetition < 1) {
            throw new IllegalArgumentException("repetitions count from 1: repetition=" + repetition);
        }
    }

    /** {@code <workload>/<driver>/r<repetition>}, unique within a run. */
    public String id() {
        return workload.id() + "/" + driver + "/r" + repetition;
    }

    /** The configuration this trial repeats: its id without the repetition. */
    public String configuration() {
        return workload.id() + "/" + driver;
    }

    /** The experiment ids joined with '+', for the CSV files. */
    public String experimentIds() {
        return String.join("+", experiments.stream().map(Experiment::id).toList());
    }

    /**
     * The latency levels to measure, given the maximum the search found (total Gb/s; ignored when
     * no level depends on it): the sweep's and the fixed ones, each rate once, in ascending order,
     * keeping a CCDF where any of the merged levels asked for one. A level that falls on the rate of
     * another merges with it, under the absolute one's label.
     */
    public List<ResolvedLevel> levels(final Profile profile, final double maximumGbps) {
        final List<LoadLevel> all = new ArrayList<>();
        if (needs.sweep()) {
            all.addAll(profile.sweep(maximumGbps, workload.directions()));
        }
        all.addAll(needs.levels());
        final Map<Long, ResolvedLevel> byRate = new LinkedHashMap<>();
        for (final LoadLevel level : all) {
            final double gbps = level.resolveGbps(maximumGbps);
            final long key = Math.round(gbps * 1e6);
            final ResolvedLevel previous = byRate.get(key);
            final boolean isMax = level.relative() && level.fraction() == 1;
            // Levels that fall on the same rate merge; an absolute label ("0", "1") names the merged
            // level rather than a relative one ("0.25max"), which a rate of 0 would make meaningless.
            final String label = previous == null || (previous.label().endsWith("max") && !level.relative())
                    ? level.toString() : previous.label();
            byRate.put(key, new ResolvedLevel(label, gbps, (previous != null && previous.ccdf()) || level.ccdf(),
                    (previous != null && previous.maximum()) || isMax));
        }
        final List<ResolvedLevel> sorted = new ArrayList<>(byRate.values());
        sorted.sort((a, b) -> Double.compare(a.gbps(), b.gbps()));
        return sorted;
    }

    /** How many latency levels to budget for (the sweep at line rate when the maximum is unknown). */
    public int levelsUpperBound(final Profile profile) {
        return levels(profile, Profile.LINE_RATE_GBPS * workload.directions()).size();
    }

    /** Estimated wall-clock seconds for this trial, JVM start included. */
    public double estimatedSeconds(final Profile profile) {
        return estimatedSeconds(profile, 1);
    }

    /**
     * Real seconds per simulated second of a trial in simulated time, for its estimate: about 8 with
     * the model's speed on this kind of machine at the loads the search visits (5 at line rate on a
     * quiet core, 20 on a busy one, under 1 at zero load). The run's progress display corrects the
     * estimate by the trials' real durations as they finish.
     */
    public static final double SIMULATED_SLOWDOWN = 8;

    /** The traffic of a simulated-time trial's CPU calibration, in search steps. */
    static final int CALIBRATION_STEPS = 2;

    /**
     * The estimated wall-clock time of this trial in seconds, its traffic taking {@code slowdown}
     * real seconds per second of its profile (1 in real time).
     */
    public double estimatedSeconds(final Profile profile, final double slowdown) {
        // A driver on N cores polls N times as much per second of traffic, in simulated time one
        // core after the other: its traffic is budgeted N times as long (an upper bound, since the
        // model's and the tester's share of the time does not grow with the cores).
        final double traffic = slowdown * (slowdown > 1 ? nicharness.driver.Cores.coresOf(driver) : 1);
        final int levels = levelsUpperBound(profile);
        final int steps = needs.search() ? profile.searchSteps() : 0;
        // In simulated time with the default calibrated CPU cost a search is preceded by the CPU's
        // calibration: five loads of a step's length at 1/16 to all of line rate, about two steps'
        // traffic (counted for the other CPU costs too, which the estimate does not know).
        final int calibration = needs.search() && slowdown > 1 ? CALIBRATION_STEPS : 0;
        // The heat-up runs at a low rate, where simulated time runs about as fast as real time.
        return profile.jvmOverheadSeconds() + profile.warmupSeconds() + profile.heatupSeconds()
                + (2 + steps + levels) * profile.periodOverheadSeconds()
                + traffic * ((steps + calibration) * profile.searchStepSeconds()
                        + levels * (profile.latencyHeatupSeconds() + profile.latencySeconds()));
    }

    /**
     * A latency level with its rate known.
     *
     * @param label   the level as the command line writes it ({@code 0}, {@code 1}, {@code 0.25max},
     *                {@code max}): what the repetitions of a configuration have in common
     * @param gbps    total wire rate of the level's label
     * @param ccdf    whether to keep the CCDF
     * @param maximum whether this is the measured maximum itself
     */
    public record ResolvedLevel(String label, double gbps, boolean ccdf, boolean maximum) {
    }
}
