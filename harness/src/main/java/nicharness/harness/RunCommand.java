package nicharness.harness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.driver.Parameter;
import nicharness.harness.output.ResultStore;
import nicharness.harness.output.Row;
import nicharness.harness.output.RunDescription;
import nicharness.harness.output.TrialOutcome;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.LoadLevel;
import nicharness.harness.plan.PlanSettings;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.Shard;
import nicharness.harness.plan.TrialClock;
import nicharness.harness.sim.CpuTime;
import nicharness.harness.trial.CeilingMain;
import nicharness.harness.trial.TrialLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import java.util.Set;
import java.util.LinkedHashSet;

/**
 * {@code run}: the paper's end-to-end experiments on the software 82599, one JVM per trial, with
 * the results written as tidy CSV as each trial finishes.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the paper's experiments (Figures 6-11, Table 3, the device-cost sweep) on the software 82599,",
                "one JVM per trial, and writes the results as CSV as each trial finishes."})
final class RunCommand implements Callable<Integer> {

    /** The profiles, as the command line spells them. */
    enum ProfileName {
        quick, paper, smoke
    }

    /** The clocks, as the command line spells them. */
    enum ClockName {
        virtual, real
    }

    @Option(names = {"-e", "--experiments"}, split = ",", paramLabel = "ID", converter = ExperimentConverter.class,
            description = "Experiments, comma-separated: fig6, fig7, fig8, fig9, fig10, fig11, table3, device-cost "
                    + "(default: all).")
    private List<Experiment> experiments = List.of(Experiment.values());

    @Option(names = {"-d", "--drivers"}, split = ",", paramLabel = "NAME",
            description = "Drivers to keep of each experiment's own, comma-separated: a registered driver ('list' shows them) or"
                    + " a selection (all, dpdk-and-tinynf, policer-drivers, table3-drivers, table4-drivers, every); +NAME adds one"
                    + " to each experiment's own, as does a name none of the experiments runs (default: each experiment's own).")
    private List<String> drivers = List.of();

    @Option(names = "--cores", split = ",", paramLabel = "N",
            description = "Run each experiment's drivers on these numbers of cores, comma-separated, e.g. 1,2: a driver on"
                    + " N > 1 cores is <name>-Ncores, one poller per core owning the input ports p with p %% N == its"
                    + " index (default: each experiment's own; Figures 6-8 run 1 and 2).")
    private List<Integer> cores;

    @Option(names = {"-n", "--nfs"}, split = ",", paramLabel = "NAME",
            description = "NFs to keep of each experiment's own, comma-separated: a registered NF ('list' shows them) or a selection"
                    + " (table3-nfs, table4-nfs); +NAME adds one to each experiment's own, as does a name none of the experiments runs"
                    + " (default: each experiment's own).")
    private List<String> nfs = List.of();

    @Option(names = {"-p", "--profile"}, paramLabel = "NAME",
            description = "quick (default: every experiment within 15 minutes on 2 cores), paper (the paper's durations) or smoke"
                    + " (a check that the harness runs here: hundredths of a second per period, one repetition).")
    private ProfileName profile = ProfileName.quick;

    @Option(names = "--rates", split = ",", paramLabel = "LEVEL", converter = LoadLevelConverter.class,
            description = "Latency load levels replacing the paper's: total Gb/s (1.5), 'max', or a fraction of it (0.5max).")
    private List<LoadLevel> rates = List.of();

    @Option(names = {"-r", "--repetitions"}, paramLabel = "N",
            description = "JVMs per configuration, reported as median and spread (default: 3).")
    private Integer repetitions;

    @Option(names = "--loss-threshold", paramLabel = "FRACTION",
            description = "Loss threshold replacing the paper's (0.003 for the figures, 0.001 for Table 3).")
    private Double lossThreshold;

    @Option(names = "--slow-nop-work-ns", paramLabel = "NS",
            description = "Extra work per packet of the slow no-op, Figure 10 (default: ${DEFAULT-VALUE}).")
    private double slowNopWorkNs = PlanSettings.DEFAULT_SLOW_NOP_EXTRA_WORK_NS;

    @Option(names = "--device-cost-factors", split = ",", paramLabel = "FACTOR",
            description = "Multiples of the model's device-access cost for the device-cost sweep (quick: 1,4; paper: 0,0.25,0.5,1,2,4).")
    private List<Double> deviceCostFactors;

    @Option(names = "--clock", paramLabel = "CLOCK",
            description = "virtual (default: simulated time, the driver's polls timed on this CPU and the card and wire modelled;"
                    + " the same results on any machine) or real (wall-clock time, the driver and the model on two threads).")
    private ClockName clock = ClockName.virtual;

    @Option(names = "--device-cpu", paramLabel = "WHERE",
            description = "In simulated time, where the device's work runs: same (default: on the driver's thread, whose L1 then"
                    + " holds what the device wrote) or other (on the second CPU in lock-step, so the data comes from another"
                    + " core's cache as DMA data comes from the last-level cache; one trial at a time).")
    private DeviceCpuName deviceCpu = DeviceCpuName.same;

    /** Where the device's work runs, as the command line spells it. */
    enum DeviceCpuName {
        same, other
    }

    @Option(names = "--jobs", paramLabel = "N",
            description = "Trials run at once in simulated time, each on a CPU of its own (default: one per usable CPU;"
                    + " real time always runs one at a time).")
    private Integer jobs;

    @Option(names = "--cpu-cost", paramLabel = "COST",
            description = "In simulated time, what a poll costs: calibrated (default: timed on this CPU, except that each"
                    + " throughput search charges every poll its packet count's typical cost, learnt on this CPU just before the"
                    + " search), measured (every poll timed on this CPU) or fixed:POLL_NS,PACKET_NS (every poll charged that, a"
                    + " check of the harness: results with an analytic answer, identical on every machine).")
    private String cpuCost = CpuTime.CALIBRATED;

    @Option(names = "--shard", paramLabel = "K/N", converter = ShardConverter.class,
            description = "Run only shard K of N of the plan (K from 0), for spreading a run over machines (a Slurm array task,"
                    + " a Kubernetes completion index); a trial always lands in the same shard. Each shard writes a results folder"
                    + " of its own (default: shards/K-of-N/ in the project folder; shard 0 also writes Tables 2 and 4), and"
                    + " 'merge' combines them and draws the charts.")
    private Shard shard = Shard.WHOLE;

    @Option(names = {"-o", "--output"}, paramLabel = "FOLDER",
            description = "Output folder (default: results/ in the project folder).")
    private Path output;

    @Option(names = "--resume", description = "Continue the run in the output folder, skipping the trials it finished.")
    private boolean resume;

    @Option(names = "--skip-tables", description = "Do not write Table 2 (complexity) and Table 4 (per-packet cost) nor draw "
            + "the charts after the experiments (by default the run does all three).")
    private boolean skipTables;

    @Option(names = "--strict", description = {"The driver sanitizer first: each driver and NF of the plan forwards "
            + StrictPass.ROUNDS + " rounds", "on the software 82599 in strict mode (the trials then run without the checks, "
            + "which would be timed);", "the first fault stops the run, is printed with its rule and usual cause, and the "
            + "command exits with code " + ForwardCommand.FAULT_EXIT + "."})
    private boolean strict;

    @Option(names = "--pcap", paramLabel = "PORT[:rx|tx]=FILE", description = {"During the strict pass (implies --strict): "
            + PcapTarget.HELP + ";", "one file per driver and NF: FILE with -driver-nf before its extension."})
    private Map<String, Path> pcap = Map.of();

    @Option(names = "--dry-run", description = "Print the plan and its time budget, and run nothing.")
    private boolean dryRun;

    private final Catalog catalog;
    private final PrintStream out;

    RunCommand(final Catalog catalog, final PrintStream out) {
        this.catalog = catalog;
        this.out = out;
    }

    @Override
    public Integer call() {
        final PlanSettings settings = settings();
        CpuTime.check(cpuCost);
        if (!CpuTime.timesPolls(cpuCost) && settings.clock() != TrialClock.VIRTUAL) {
            throw new IllegalArgumentException("Invalid value for option '--cpu-cost': a fixed cost needs simulated time (--clock virtual),"
                    + " was " + cpuCost + " with --clock " + clock);
        }
        final ExperimentPlan plan = ExperimentPlan.build(settings, catalog).shard(shard);
        final Path folder = output != null ? output : shard.whole() ? defaultOutput()
                : projectRoot().resolve("shards").resolve(shard.index() + "-of-" + shard.count());
        out.printf(Locale.ROOT, "nicharness run: profile %s, %d trials, estimated %s%n", settings.profile().name(), plan.trials().size(),
                ExperimentPlan.formatDuration(plan.estimatedSeconds()));
        plan.budget().forEach(out::println);
        plan.notes().forEach(note -> out.println("note: " + note));
        if (settings.profile().name().equals(Profile.QUICK.name()) && plan.estimatedSeconds() > ExperimentPlan.QUICK_BUDGET_SECONDS) {
            out.println("note: this selection exceeds the quick profile's budget of "
                    + ExperimentPlan.formatDuration(ExperimentPlan.QUICK_BUDGET_SECONDS));
        }
        if (dryRun) {
            return 0;
        }
        if (strict || !pcap.isEmpty()) {
            final List<PcapTarget> captures = PcapTarget.parse(pcap);
            final Set<Map.Entry<String, String>> pairs = new LinkedHashSet<>();
            plan.trials().forEach(t -> pairs.add(Map.entry(t.driver(), t.workload().nf())));
            if (!StrictPass.checkAll(pairs, captures, out)) {
                return ForwardCommand.FAULT_EXIT;
            }
        }
        if (output == null && !resume) {
            setAsidePreviousRun(folder, out);
        }
        try (ResultStore store = ResultStore.open(folder, resume)) {
            final Map<Integer, Map<String, String>> sessions = RunDescription.read(folder);
            if (resume && !sessions.isEmpty()) {
                RunDescription.requireSameSettings(sessions.values().iterator().next(), describeSettings(settings));
            }
            final List<Integer> cpus = Placement.trialCpus();
            final int session = RunDescription.recordSession(folder, describe(settings, cpus));
            out.println("results go to " + folder.toAbsolutePath() + (cpus.isEmpty() ? "" : "; trial threads pinned to CPUs " + cpus));
            final TrialLauncher launcher = TrialLauncher.forThisApplication(folder.resolve("logs"));
            // In simulated time the model's speed sets how long a trial takes, not what it measures: no ceiling.
            final double ceiling = settings.clock() == TrialClock.REAL ? measureCeiling(launcher, cpus) : Double.NaN;
            RunDescription.append(folder, session, Map.of("tester_ceiling_gbps", settings.clock() == TrialClock.VIRTUAL
                    ? "none (simulated time)" : Double.isNaN(ceiling) ? "unknown" : Row.decimal(ceiling)));
            final Runner runner = runner(plan, store, launcher, cpus, settings.clock());
            final List<String> failedSteps = new ArrayList<>();
            final int failed = runner.run();
            if (failed > 0) {
                failedSteps.add("trials: " + failed + " failed (see trials.csv and logs/; run again with --resume to retry them)");
            }
            try {
                runner.summarise();
            } catch (final RuntimeException e) {
                out.println("summary failed: " + e.getMessage());
                failedSteps.add("summary: " + e.getMessage());
            }
            if (!Double.isNaN(ceiling)) {
                out.printf(Locale.ROOT, "The tester's ceiling in this run: %.3f Gb/s (no driver in the loop); a driver measured near it "
                        + "is measured against the tester, and its trials are marked tester-limited.%n", ceiling);
            }
            final Path plots = output != null ? folder.resolve("plots") : projectRoot().resolve("plots");
            if (!skipTables && shard.whole()) {
                failedSteps.addAll(new TablesAndCharts(out).run(folder, plots, projectRoot(), resume));
            } else if (!skipTables && shard.index() == 0) {
                // One shard writes the tables that do not depend on the plan; 'merge' draws the charts from every shard's rows.
                failedSteps.addAll(new TablesAndCharts(out).tablesOnly().run(folder, plots, projectRoot(), resume));
            }
            if (!failedSteps.isEmpty()) {
                // The last line printed says which steps failed and why: the results written so far stay in the folder.
                out.println("error: run: " + failedSteps.size() + " step(s) failed; the results written so far are in " + folder
                        + ": " + String.join("; ", failedSteps));
                out.flush();
                return Main.RUN_ERROR;
            }
            return 0;
        }
    }

    /**
     * The runner: in simulated time, {@link #jobs} trials at once, each trial's one thread on a CPU
     * of its own (a trial's results do not depend on what else the machine runs); in real time one
     * trial at a time, with the driver's and the tester's threads on {@code cpus}.
     */
    private Runner runner(final ExperimentPlan plan, final ResultStore store, final TrialLauncher launcher,
                          final List<Integer> cpus, final TrialClock clock) {
        final int[] usable = Placement.usableCpus();
        final boolean otherCpu = deviceCpu == DeviceCpuName.other;
        if (otherCpu && jobs != null && jobs > 1) {
            throw new IllegalArgumentException("Invalid value for option '--jobs': with --device-cpu other a trial takes both"
                    + " CPUs, so trials run one at a time; was " + jobs);
        }
        final int parallel = clock == TrialClock.REAL || otherCpu ? 1 : jobs != null ? jobs : usable.length;
        if (parallel < 1 || parallel > Math.max(1, usable.length)) {
            throw new IllegalArgumentException("Invalid value for option '--jobs': must be from 1 to the " + usable.length
                    + " usable CPUs, was " + parallel);
        }
        if (parallel == 1) {
            return new Runner(plan, store, Runner.forked(launcher, cpus, clock, otherCpu && clock == TrialClock.VIRTUAL, cpuCost), out,
                    System::nanoTime);
        }
        final List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            slots.add(usable[usable.length - 1 - i]);
        }
        out.println("running " + parallel + " trials at once in simulated time, on CPUs " + slots);
        return new Runner(plan, store, Runner.forkedInParallel(launcher, slots, cpuCost), out, System::nanoTime, parallel);
    }

    /**
     * The tester's ceiling on this machine, in a JVM of its own: what the tester and the model
     * reach with no driver in the loop (total Gb/s over both directions); NaN if it failed.
     */
    private double measureCeiling(final TrialLauncher launcher, final List<Integer> cpus) {
        final TrialOutcome outcome = launcher.launch("tester-ceiling", CeilingMain.class.getName(),
                result -> List.of("--result=" + result, "--cpus=" + String.join(",", cpus.stream().map(String::valueOf).toList())),
                Duration.ofSeconds(120));
        if (outcome.status() != TrialOutcome.Status.OK) {
            out.println("note: the tester's ceiling could not be measured: " + outcome.message());
            return Double.NaN;
        }
        out.printf(Locale.ROOT, "tester ceiling (no driver in the loop): %.3f Gb/s over 2 directions, %.2f Mpps; "
                + "line rate is 20 Gb/s, 29.76 Mpps%n", outcome.testerCeilingGbps(), outcome.testerCeilingGbps() / 0.672);
        return outcome.testerCeilingGbps();
    }

    private PlanSettings settings() {
        final TrialClock trialClock = TrialClock.byId(clock.name());
        Profile chosen = Profile.byName(profile.name()).forClock(trialClock);
        if (repetitions != null) {
            if (repetitions < 1) {
                throw new IllegalArgumentException("Invalid value for option '--repetitions': must be at least 1, was " + repetitions);
            }
            chosen = chosen.withRepetitions(repetitions);
        }
        if (deviceCostFactors != null) {
            for (final double f : deviceCostFactors) {
                if (!(f >= 0)) {
                    throw new IllegalArgumentException("Invalid value for option '--device-cost-factors': factors must be >= 0, was " + f);
                }
            }
            chosen = chosen.withDeviceCostFactors(deviceCostFactors);
        }
        if (lossThreshold != null && !(lossThreshold >= 0 && lossThreshold < 1)) {
            throw new IllegalArgumentException("Invalid value for option '--loss-threshold': must be a fraction in [0, 1), was " + lossThreshold);
        }
        if (!(slowNopWorkNs >= 0)) {
            throw new IllegalArgumentException("Invalid value for option '--slow-nop-work-ns': must be >= 0, was " + slowNopWorkNs);
        }
        return new PlanSettings(chosen, experiments, driversOnCores(), nfs, rates,
                lossThreshold == null ? OptionalDouble.empty() : OptionalDouble.of(lossThreshold), slowNopWorkNs,
                trialClock, deviceCpu == DeviceCpuName.other);
    }

    /**
     * The drivers to keep: {@code --drivers}, or with {@code --cores} every driver the experiments name
     * (or {@code --drivers} names) on each of those core counts.
     */
    private List<String> driversOnCores() {
        if (cores == null) {
            return drivers;
        }
        final java.util.Set<String> models = new java.util.LinkedHashSet<>();
        if (drivers.isEmpty()) {
            for (final Experiment experiment : experiments) {
                experiment.drivers().forEach(d -> models.add(nicharness.driver.Cores.modelName(d)));
            }
        } else {
            drivers.forEach(d -> models.add(nicharness.driver.Cores.modelName(d)));
        }
        final List<String> kept = new java.util.ArrayList<>();
        for (final int n : cores) {
            if (n < 1) {
                throw new IllegalArgumentException("Invalid value for option '--cores': a driver runs on at least 1 core, was " + n);
            }
            for (final String model : models) {
                kept.add(nicharness.driver.Cores.variantName(model, n));
            }
        }
        return kept;
    }

    /** The plan's settings and this command's own (the CPU cost, the shard): what a resumed session must repeat. */
    private Map<String, String> describeSettings(final PlanSettings settings) {
        final Map<String, String> all = new LinkedHashMap<>(settings.describe());
        all.put("cpu_cost", cpuCost);
        all.put(RunDescription.SHARD, shard.toString());
        return all;
    }

    private Map<String, String> describe(final PlanSettings settings, final List<Integer> cpus) {
        final Map<String, String> description = new LinkedHashMap<>(RunDescription.environment(projectRoot(), TrialLauncher.JVM_FLAGS));
        describeSettings(settings).forEach((k, v) -> description.put(RunDescription.SETTING + k, v));
        description.put("trial_cpus", cpus.isEmpty() ? "not pinned (fewer than 2 CPUs)" : cpus.toString());
        for (final DriverModel model : DriverRegistry.all()) {
            for (final Parameter p : model.parameters()) {
                description.put("driver." + model.name() + "." + p.name(), p.defaultValue());
            }
        }
        return description;
    }

    /** The project folder: {@code nicharness.root} (set by the exec plugin), else the working folder. */
    static Path projectRoot() {
        final String root = System.getProperty("nicharness.root");
        return Path.of(root != null && !root.isBlank() ? root : ".").toAbsolutePath().normalize();
    }

    /**
     * The default folder already holding a run (the repository's reference run, on a fresh clone,
     * or the user's last run) is renamed to {@code results.<time>} beside it rather than refused or
     * overwritten: the main command works on a fresh clone, and no result is ever lost.
     */
    static void setAsidePreviousRun(final Path folder, final PrintStream out) {
        if (!java.nio.file.Files.exists(folder.resolve("trials.csv"))) {
            return;
        }
        final String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        final Path aside = folder.resolveSibling(folder.getFileName() + "." + stamp);
        try {
            java.nio.file.Files.move(folder, aside);
        } catch (final java.io.IOException e) {
            throw new IllegalStateException("the default output folder " + folder + " holds a previous run, and moving it to "
                    + aside + " failed (" + e.getMessage() + "); move it yourself, or choose another folder with --output", e);
        }
        out.println("note: the previous run in " + folder + " was moved to " + aside);
    }

    private static Path defaultOutput() {
        return projectRoot().resolve("results");
    }

    /** Reads experiment ids. */
    static final class ExperimentConverter implements ITypeConverter<Experiment> {
        @Override
        public Experiment convert(final String value) {
            try {
                return Experiment.byId(value.trim());
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads a shard, K/N. */
    static final class ShardConverter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(final String value) {
            try {
                return Shard.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads load levels. */
    static final class LoadLevelConverter implements ITypeConverter<LoadLevel> {
        @Override
        public LoadLevel convert(final String value) {
            try {
                return LoadLevel.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
