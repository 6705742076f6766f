package nicharness.harness.trial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.LoadLevel;
import nicharness.harness.plan.Needs;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialClock;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.plan.Workload;
import nicharness.harness.sim.CpuTime;

/**
 * A trial as the command-line arguments of its JVM ({@code --name=value}), and back: the parent
 * writes them with {@link #encode}, {@link TrialMain} reads them with {@link #decode}.
 *
 * @param trial      what to run
 * @param profile    the run's durations
 * @param resultFile where the trial writes its {@link TrialProtocol} result
 * @param cpus       the CPUs to pin the driver thread and the wire thread to, or empty to leave
 *                   placement to the scheduler
 * @param clock      the time the trial measures in
 * @param deviceOnOtherCpu in simulated time, the device's work on the second of {@code cpus} in lock-step
 * @param cpuCost    in simulated time, what a poll costs: {@link CpuTime#MEASURED} or a fixed cost ({@link CpuTime#of})
 */
public record TrialArguments(TrialSpec trial, Profile profile, Path resultFile, List<Integer> cpus, TrialClock clock,
                             boolean deviceOnOtherCpu, String cpuCost) {

    public TrialArguments {
        cpus = List.copyOf(cpus);
        java.util.Objects.requireNonNull(clock, "clock");
        CpuTime.check(cpuCost);
    }

    /** A trial whose polls are measured on this CPU. */
    public TrialArguments(final TrialSpec trial, final Profile profile, final Path resultFile, final List<Integer> cpus,
                          final TrialClock clock, final boolean deviceOnOtherCpu) {
        this(trial, profile, resultFile, cpus, clock, deviceOnOtherCpu, CpuTime.MEASURED);
    }

    /** A trial in {@code clock}, the device's work (in simulated time) on the driver's thread. */
    public TrialArguments(final TrialSpec trial, final Profile profile, final Path resultFile, final List<Integer> cpus,
                          final TrialClock clock) {
        this(trial, profile, resultFile, cpus, clock, false);
    }

    /** A trial in simulated time. */
    public TrialArguments(final TrialSpec trial, final Profile profile, final Path resultFile, final List<Integer> cpus) {
        this(trial, profile, resultFile, cpus, TrialClock.VIRTUAL);
    }

    /** The arguments. */
    public List<String> encode() {
        final Workload w = trial.workload();
        final List<String> args = new ArrayList<>();
        add(args, "experiments", String.join(",", trial.experiments().stream().map(Experiment::id).toList()));
        add(args, "workload", w.id());
        add(args, "nf", w.nf());
        add(args, "nf-options", String.join(";", w.nfOptions().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        add(args, "directions", Integer.toString(w.directions()));
        add(args, "layer", Integer.toString(w.layer()));
        add(args, "loss-threshold", Double.toString(w.lossThreshold()));
        add(args, "extra-work-ns", Double.toString(w.extraWorkNs()));
        add(args, "device-cost-factor", Double.toString(w.deviceCostFactor()));
        add(args, "driver", trial.driver());
        add(args, "repetition", Integer.toString(trial.repetition()));
        add(args, "search", Boolean.toString(trial.needs().search()));
        add(args, "sweep", Boolean.toString(trial.needs().sweep()));
        add(args, "levels", String.join(";", trial.needs().levels().stream().map(l -> l + (l.ccdf() ? "+ccdf" : "")).toList()));
        add(args, "profile", profile.encode());
        add(args, "result", resultFile.toString());
        add(args, "cpus", String.join(",", cpus.stream().map(String::valueOf).toList()));
        add(args, "clock", clock.id());
        add(args, "device-cpu", deviceOnOtherCpu ? "other" : "same");
        add(args, "cpu-cost", cpuCost);
        return args;
    }

    private static void add(final List<String> args, final String name, final String value) {
        args.add("--" + name + "=" + value);
    }

    /**
     * Reads {@link #encode()}'s arguments.
     *
     * @throws IllegalArgumentException naming a missing or malformed argument
     */
    public static TrialArguments decode(final String[] args) {
        final Map<String, String> named = new LinkedHashMap<>();
        for (final String arg : args) {
            final int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("trial arguments have the form --name=value: " + arg);
            }
            named.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        final Map<String, String> nfOptions = new LinkedHashMap<>();
        for (final String option : split(get(named, "nf-options"), ";")) {
            final int eq = option.indexOf('=');
            nfOptions.put(option.substring(0, eq), option.substring(eq + 1));
        }
        final Workload workload = new Workload(get(named, "workload"), get(named, "nf"), nfOptions,
                Integer.parseInt(get(named, "directions")), Integer.parseInt(get(named, "layer")),
                Double.parseDouble(get(named, "loss-threshold")), Double.parseDouble(get(named, "extra-work-ns")),
                Double.parseDouble(get(named, "device-cost-factor")));
        final List<LoadLevel> levels = new ArrayList<>();
        for (final String level : split(get(named, "levels"), ";")) {
            final boolean ccdf = level.endsWith("+ccdf");
            final LoadLevel parsed = LoadLevel.parse(ccdf ? level.substring(0, level.length() - 5) : level);
            levels.add(new LoadLevel(parsed.gbps(), parsed.fraction(), parsed.relative(), ccdf));
        }
        final Needs needs = new Needs(Boolean.parseBoolean(get(named, "search")), Boolean.parseBoolean(get(named, "sweep")), levels);
        final List<Experiment> experiments = split(get(named, "experiments"), ",").stream().map(Experiment::byId).toList();
        final TrialSpec trial = new TrialSpec(experiments, workload, get(named, "driver"), Integer.parseInt(get(named, "repetition")), needs);
        final List<Integer> cpus = split(get(named, "cpus"), ",").stream().map(Integer::parseInt).toList();
        return new TrialArguments(trial, Profile.decode(get(named, "profile")), Path.of(get(named, "result")), cpus,
                TrialClock.byId(get(named, "clock")), "other".equals(named.get("device-cpu")),
                named.getOrDefault("cpu-cost", CpuTime.MEASURED));
    }

    private static String get(final Map<String, String> named, final String name) {
        final String value = named.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing trial argument --" + name + "; got " + named.keySet());
        }
        return value;
    }

    private static List<String> split(final String text, final String separator) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(separator));
    }
}
