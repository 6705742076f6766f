package nicharness.harness.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nicharness.driver.Cores;

/**
 * The trials of a run: experiments x NFs x drivers x repetitions, with trials that share a workload
 * and a driver merged, in the order they run: repetition by repetition, so that an interrupted run
 * has a first measurement of everything before it has a third of anything, and the drivers of one
 * workload run one after the other, so that their ratios come from neighbouring minutes.
 *
 * @param settings the choices the plan was built from
 * @param trials   the trials in running order
 * @param notes    what was left out and why (a driver or NF that is not registered)
 */
public record ExperimentPlan(PlanSettings settings, List<TrialSpec> trials, List<String> notes) {

    /**
     * The quick profile's budget: the whole default run within 15 minutes on a 2-core machine. The
     * estimate counts the trials only; the tester's ceiling, Table 2, Table 4 and the charts add
     * about a minute, which the estimate's per-trial allowances leave room for (the reference run:
     * 14 min 40 s in all against an estimate of 14 min 59 s).
     */
    public static final double QUICK_BUDGET_SECONDS = 15 * 60;
    /** Once per run: measuring the tester's ceiling in a JVM of its own, and writing the summary. */
    public static final double RUN_OVERHEAD_SECONDS = 6;

    public ExperimentPlan {
        trials = List.copyOf(trials);
        notes = List.copyOf(notes);
    }

    /**
     * Expands the settings into trials.
     *
     * @throws IllegalArgumentException when the selection leaves nothing to run, or names a driver or
     *                                  NF that is not registered
     */
    public static ExperimentPlan build(final PlanSettings settings, final Catalog catalog) {
        // A variant on other cores of a driver an experiment runs ({@code tinynf-2cores}, or what
        // --cores asks for) counts as that experiment's own, placed after its model.
        final List<String> askedDriverNames = settings.drivers().stream()
                .map(v -> v.startsWith("+") ? v.substring(1) : v).toList();
        final List<String> knownDrivers = new ArrayList<>(catalog.drivers());
        for (final String name : askedDriverNames) {
            if (!knownDrivers.contains(name) && catalog.drivers().contains(Cores.modelName(name))) {
                knownDrivers.add(name);
            }
        }
        final Selection askedDrivers = Selection.parse("--drivers", settings.drivers(), Experiment.DRIVER_SELECTIONS,
                knownDrivers, "driver");
        final Selection askedNfs = Selection.parse("--nfs", settings.nfs(), Experiment.NF_SELECTIONS, catalog.nfs(), "NF");
        final List<List<String>> ownDrivers = settings.experiments().stream()
                .map(e -> onCores(e.drivers(), askedDriverNames)).toList();
        final List<List<String>> ownNfs = settings.experiments().stream().map(Experiment::nfs).toList();
        final List<String> notes = new ArrayList<>();
        for (final String driver : askedDrivers.keptByNone(ownDrivers)) {
            notes.add("--drivers: '" + driver + "' is not one of the chosen experiments' drivers, so it is added to each");
        }
        for (final String nf : askedNfs.keptByNone(ownNfs)) {
            notes.add("--nfs: '" + nf + "' is not one of the chosen experiments' NFs, so it is added to each");
        }
        final Selection driverChoice = askedDrivers.forExperiments(ownDrivers);
        final Selection nfChoice = askedNfs.forExperiments(ownNfs);
        // Merge by (workload, driver): the union of what every experiment sharing it needs.
        final Map<String, Workload> workloads = new LinkedHashMap<>();
        final Map<String, List<String>> driversOf = new LinkedHashMap<>();
        final Map<String, Needs> needsOf = new LinkedHashMap<>();
        final Map<String, Set<Experiment>> experimentsOf = new LinkedHashMap<>();
        for (final Experiment experiment : settings.experiments()) {
            final List<String> drivers = keep(driverChoice.apply(onCores(experiment.drivers(), askedDriverNames)),
                    catalog.drivers(), experiment, "driver", notes);
            final List<String> nfs = keep(nfChoice.apply(experiment.nfs()), catalog.nfs(), experiment, "NF", notes);
            if (drivers.isEmpty() || nfs.isEmpty()) {
                notes.add(experiment.id() + ": skipped, no " + (drivers.isEmpty() ? "driver" : "NF") + " left to run");
                continue;
            }
            for (final Workload workload : experiment.workloads(nfs, settings, catalog)) {
                final Workload previous = workloads.putIfAbsent(workload.id(), workload);
                if (previous != null && !previous.equals(workload)) {
                    throw new IllegalStateException("two different workloads are both called " + workload.id()
                            + ": " + previous + " and " + workload);
                }
                for (final String driver : drivers) {
                    final String key = workload.id() + "/" + driver;
                    driversOf.computeIfAbsent(workload.id(), k -> new ArrayList<>());
                    if (!driversOf.get(workload.id()).contains(driver)) {
                        driversOf.get(workload.id()).add(driver);
                    }
                    needsOf.merge(key, experiment.needs(settings), Needs::union);
                    experimentsOf.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(experiment);
                }
            }
        }
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: the selected experiments, drivers and NFs have nothing in common"
                    + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
        }
        final List<TrialSpec> trials = new ArrayList<>();
        for (int repetition = 1; repetition <= settings.profile().repetitions(); repetition++) {
            for (final Workload workload : workloads.values()) {
                for (final String driver : order(driversOf.get(workload.id()))) {
                    final String key = workload.id() + "/" + driver;
                    if (repetition > settings.profile().repetitionsOf(experimentsOf.get(key), driver)) {
                        continue;
                    }
                    trials.add(new TrialSpec(new ArrayList<>(experimentsOf.get(key)), workload, driver, repetition, needsOf.get(key)));
                }
            }
        }
        return new ExperimentPlan(settings, trials, notes);
    }

    /**
     * Shard {@code shard} of this plan: its trials only ({@link Shard#select}), the same settings,
     * and a note saying which part of how many trials it is.
     */
    public ExperimentPlan shard(final Shard shard) {
        if (shard.whole()) {
            return this;
        }
        final List<TrialSpec> mine = shard.select(trials, trial -> estimate(trial, 1));
        final List<String> withNote = new ArrayList<>(notes);
        withNote.add("shard " + shard + ": " + mine.size() + " of the plan's " + trials.size() + " trials");
        return new ExperimentPlan(settings, mine, withNote);
    }

    /**
     * An experiment's drivers, and the variants on other core counts of them that {@code asked}
     * names ({@code --drivers tinynf-2cores} on Figure 9, or {@code --cores 1,2}), each after its model's
     * last variant in the experiment's list.
     */
    private static List<String> onCores(final List<String> drivers, final List<String> asked) {
        final List<String> all = new ArrayList<>(drivers);
        for (final String name : asked) {
            if (!all.contains(name) && drivers.stream().anyMatch(d -> Cores.modelName(d).equals(Cores.modelName(name)))) {
                int last = -1;
                for (int i = 0; i < all.size(); i++) {
                    if (Cores.modelName(all.get(i)).equals(Cores.modelName(name))) {
                        last = i;
                    }
                }
                all.add(last + 1, name);
            }
        }
        return all;
    }

    private static List<String> keep(final List<String> wanted, final List<String> registered,
                                     final Experiment experiment, final String what, final List<String> notes) {
        final List<String> kept = new ArrayList<>();
        for (final String name : wanted) {
            if (!registered.contains(Cores.modelName(name))) {
                notes.add(experiment.id() + ": " + what + " '" + name + "' is not registered on the class path, left out");
                continue;
            }
            kept.add(name);
        }
        return kept;
    }

    /** The paper's legend order, so that every workload's drivers run in the same order. */
    private static List<String> order(final List<String> drivers) {
        final List<String> sorted = new ArrayList<>(drivers);
        sorted.sort((a, b) -> Integer.compare(rank(a), rank(b)));
        return sorted;
    }

    /** The paper's legend order: each model's one-core variants first, then on two cores, ... */
    private static int rank(final String driver) {
        final int i = Experiment.EVERY_DRIVER.indexOf(Cores.modelName(driver));
        return i < 0 ? Integer.MAX_VALUE : (Cores.coresOf(driver) - 1) * Experiment.EVERY_DRIVER.size() + i;
    }

    /** The estimated wall-clock time of the run: every trial, and the run's own overhead, in seconds. */
    public double estimatedSeconds() {
        return estimatedSeconds(defaultJobs());
    }

    /** The estimate with {@code jobs} simulated-time trials at once (real-time trials always run one at a time). */
    public double estimatedSeconds(final int jobs) {
        double total = RUN_OVERHEAD_SECONDS;
        for (final TrialSpec trial : trials) {
            total += estimate(trial, jobs);
        }
        return total;
    }

    /**
     * Simulated-time trials at once by default: one per CPU this process may use, or one when the
     * device's work takes a CPU of its own.
     */
    private int defaultJobs() {
        return settings.deviceOnOtherCpu() ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A trial's share of the run's wall-clock time: its own estimate in real time; in simulated
     * time, its traffic at {@link TrialSpec#SIMULATED_SLOWDOWN}, shared among the {@code jobs} trials
     * that run at once.
     */
    private double estimate(final TrialSpec trial, final int jobs) {
        if (settings.clock() == TrialClock.REAL) {
            return trial.estimatedSeconds(settings.profile());
        }
        return trial.estimatedSeconds(settings.profile(), TrialSpec.SIMULATED_SLOWDOWN) / jobs;
    }

    /** The estimate for the trials not in {@code finished}. */
    public double estimatedSeconds(final Set<String> finished) {
        double total = 0;
        for (final TrialSpec trial : trials) {
            if (!finished.contains(trial.id())) {
                total += estimate(trial, defaultJobs());
            }
        }
        return total;
    }

    /** The budget as lines to print: trials and seconds per experiment group, and the total. */
    public List<String> budget() {
        final Map<String, double[]> byWorkload = new LinkedHashMap<>();
        for (final TrialSpec trial : trials) {
            final double[] sums = byWorkload.computeIfAbsent(trial.experimentIds() + " " + trial.workload().id(), k -> new double[2]);
            sums[0]++;
            sums[1] += estimate(trial, defaultJobs());
        }
        final List<String> lines = new ArrayList<>();
        for (final Map.Entry<String, double[]> e : byWorkload.entrySet()) {
            lines.add(String.format(java.util.Locale.ROOT, "  %-44s %4d trials  %7.0f s", e.getKey(), (int) e.getValue()[0], e.getValue()[1]));
        }
        lines.add(String.format(java.util.Locale.ROOT, "  %-44s %4d trials  %7.0f s (%s)", "total", trials.size(), estimatedSeconds(),
                formatDuration(estimatedSeconds())));
        return lines;
    }

    /** "1 h 02 min", "12 min 05 s" or "42 s". */
    public static String formatDuration(final double seconds) {
        final long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(java.util.Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(java.util.Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return s + " s";
    }
}
