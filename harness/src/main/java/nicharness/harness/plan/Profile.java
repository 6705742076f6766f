package nicharness.harness.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long everything lasts: the paper's durations ({@link #PAPER}) or short ones that run every
 * experiment in minutes on a 2-core machine ({@link #QUICK}, the default).
 *
 * <p>The paper's values come from TinyNF osdi20 {@code benchmarking/bench-moongen.lua:10-30}
 * and {@code :133}: a 5 s heat-up at 100 Mb/s, ten search steps of 30 s,
 * 30 s of latency probes at 1,000 per second after 5 s of discarded probes, 50 ms padding, a
 * background 100 Mb/s per direction below each level's label, levels every 500 Mb/s per direction.
 * The quick profile keeps the method (nine steps of the paper's ten, the same loss rule, zero load and the maximum)
 * and shortens the clocks, with three latency levels (zero, half the maximum, the maximum) instead
 * of one every 500 Mb/s, and a warm-up that lasts until the JIT is quiet; its heat-up at 1 Gb/s still sends each of the 60,000 flows
 * 8 times (480,000 frames in 0.32 s), and it probes faster so that each level still has 10,000
 * samples, enough for a 99.99th percentile.
 *
 * @param name                       {@code quick}, {@code paper} or {@code smoke}
 * @param repetitions                JVMs per configuration; results are reported as the median and spread
 * @param warmupSeconds              the shortest warm-up: traffic before the heat-up, so that the JIT has compiled
 *                                   the data path; it goes on until the JIT is quiet
 * @param warmupMaxSeconds           the longest warm-up, after which the trial starts anyway and says so
 * @param warmupGbps                 the warm-up's wire rate per direction
 * @param heatupSeconds              the paper's heat-up: flows sent in runs of 8 to fill the NF's tables
 * @param heatupGbps                 the heat-up's wire rate per direction (paper: 0.1)
 * @param searchSteps                binary-search steps (paper: 10)
 * @param searchStepSeconds          duration of one search step (paper: 30)
 * @param periodOverheadSeconds      the estimate's allowance per period of traffic for starting and stopping
 *                                   the driver's thread and waiting for the frames in flight (the wait itself
 *                                   ends as soon as every frame is accounted for)
 * @param latencySeconds             probes measured per load level (paper: 30)
 * @param latencyHeatupSeconds       probes discarded at the start of each level (paper: 5)
 * @param latencyPaddingGbps         background below each level's label, per direction (paper: 0.1)
 * @param probesPerSecond            latency probes per second (paper: 1,000)
 * @param sweepStepGbpsPerDirection  paper sweep: a level every this many Gb/s per direction; 0 for fractions
 * @param sweepFractions             quick sweep: levels at these fractions of the maximum
 * @param deviceCostFactors          multiples of the model's default device-access cost for the sweep
 * @param jvmOverheadSeconds         the estimate's allowance for starting and stopping one trial JVM and
 *                                   opening its testbed (the model, the NF's tables, the driver's bring-up)
 */
public record Profile(String name, int repetitions, double warmupSeconds, double warmupMaxSeconds, double warmupGbps,
                      double heatupSeconds, double heatupGbps, int searchSteps, double searchStepSeconds,
                      double periodOverheadSeconds, double latencySeconds, double latencyHeatupSeconds,
                      double latencyPaddingGbps, int probesPerSecond, double sweepStepGbpsPerDirection,
                      List<Double> sweepFractions, List<Double> deviceCostFactors, double jvmOverheadSeconds) {

    /**
     * Short trials: every experiment of the default run within 15 minutes on a 2-core machine. The
     * device-cost sweep's quick points are the default cost and four times it (the driver-only cost
     * at no device cost is Table 4's driver-only time per packet); the paper profile sweeps six.
     */
    public static final Profile QUICK = new Profile("quick", 3, 1.5, 8, 1.0, 0.35, 1.0, 9, 0.1, 0.06,
            0.2, 0.04, 0.1, 50_000, 0, List.of(0.0, 0.5, 1.0), List.of(1.0, 4.0), 2.5);

    /** The paper's durations ({@code bench-moongen.lua:12-30}); a full run takes many hours. */
    public static final Profile PAPER = new Profile("paper", 3, 5, 60, 1.0, 5, 0.1, 10, 30, 0.1,
            30, 5, 0.1, 1_000, 0.5, List.of(), List.of(0.0, 0.25, 0.5, 1.0, 2.0, 4.0), 2.5);

    /**
     * A check that the harness works on a machine (a new cluster node, a container image, the
     * tests of sharding): one repetition, two search steps and two latency levels of a few
     * hundredths of a second, a warm-up of 0.3 s at the least. Its numbers mean little; with
     * {@code --cpu-cost fixed:...} they have an exact answer.
     */
    public static final Profile SMOKE = new Profile("smoke", 1, 0.3, 3, 0.2, 0.05, 0.1, 2, 0.02, 0.02,
            0.02, 0.005, 0.05, 100_000, 0, List.of(0.0, 1.0), List.of(1.0), 1.5);

    public Profile {
        sweepFractions = List.copyOf(sweepFractions);
        deviceCostFactors = List.copyOf(deviceCostFactors);
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1: repetitions=" + repetitions);
        }
        if (searchSteps < 1) {
            throw new IllegalArgumentException("search steps must be at least 1: searchSteps=" + searchSteps);
        }
    }

    /**
     * The quick profile in simulated time: 0.05 s search steps (750,000 frames per direction at line
     * rate, where the receive ring of the largest driver is 0.14 % of a step), latency levels of
     * 0.1 s with 100,000 probes a second (10,000 samples, as in real time, so the CCDF still reaches
     * the 99.99th percentile), a warm-up of at least 1 s and at most 4.5 (a fifth of an earlier
     * reference run's warm-ups reached 8 s without the JIT going quiet, and with the 2-core
     * configurations 87 of 124 warm-ups ran to a maximum of 6 s, 767 s of trial time in all, which
     * took the default run past its 15 minutes; a trial that starts with the JIT still compiling
     * says so in {@code warmup.csv}, and its polls measured before a recompilation are forgotten),
     * and the paper's heat-up (0.1 Gb/s for
     * the 3.3 s it takes to send each of the 60,000 flows in a run of 8): at the real-time
     * profile's 1 Gb/s, a driver whose doorbells cost four times the default (ixy at batch 1 in
     * the device-cost sweep) cannot keep up, and in simulated time that loss is the driver's and
     * fails the trial, as the paper's rule says. Short periods cost nothing in
     * precision here: the clock is exact and no period is spoiled by the machine; what they save
     * is real time, since a simulated second takes 5 to 20 real ones. The paper profile is the
     * same in both clocks.
     */
    public static final Profile QUICK_SIMULATED = new Profile("quick", 3, 1.0, 4.5, 1.0, 3.3, 0.1, 10, 0.05, 0.06,
            0.1, 0.02, 0.1, 100_000, 0, List.of(0.0, 0.5, 1.0), List.of(1.0, 4.0), 2.5);

    /** This profile as it runs in {@code clock}: the quick profile has shorter periods in simulated time. */
    public Profile forClock(final TrialClock clock) {
        if (clock == TrialClock.VIRTUAL && name.equals(QUICK.name) && searchStepSeconds == QUICK.searchStepSeconds) {
            return new Profile(name, repetitions, QUICK_SIMULATED.warmupSeconds, QUICK_SIMULATED.warmupMaxSeconds, warmupGbps,
                    QUICK_SIMULATED.heatupSeconds, QUICK_SIMULATED.heatupGbps, searchSteps, QUICK_SIMULATED.searchStepSeconds, periodOverheadSeconds,
                    QUICK_SIMULATED.latencySeconds, QUICK_SIMULATED.latencyHeatupSeconds, latencyPaddingGbps,
                    QUICK_SIMULATED.probesPerSecond, sweepStepGbpsPerDirection, sweepFractions, deviceCostFactors,
                    jvmOverheadSeconds);
        }
        return this;
    }

    /** The profile called {@code name}. */
    public static Profile byName(final String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "paper" -> PAPER;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("unknown profile '" + name + "'; accepted: quick, paper, smoke");
        };
    }

    /**
     * What the quick profile gives up to stay within its 15 minutes once Figures 6-8 gained their
     * three 2-core configurations (about 100 s of estimate): those configurations, and the
     * device-cost sweep's point at four times the default cost (a workload of its own, searched
     * only), run {@value #QUICK_TRIMMED_REPETITIONS} repetitions instead of 3, and the search runs
     * 9 steps instead of 10 (a resolution of 39 Mb/s per direction instead of 19.5).
     */
    public static final int QUICK_TRIMMED_REPETITIONS = 2;

    /**
     * The repetitions of one configuration: {@link #repetitions()}, but in the quick profile at
     * most {@value #QUICK_TRIMMED_REPETITIONS} for a driver on several cores and for a workload only
     * the device-cost sweep measures at a cost other than the default.
     */
    public int repetitionsOf(final java.util.Collection<Experiment> experiments, final String driver) {
        if (!name.equals(QUICK.name)) {
            return repetitions;
        }
        final boolean severalCores = nicharness.driver.Cores.coresOf(driver) > 1;
        final boolean deviceCostOnly = experiments.stream().allMatch(e -> e == Experiment.DEVICE_COST);
        return severalCores || deviceCostOnly ? Math.min(repetitions, QUICK_TRIMMED_REPETITIONS) : repetitions;
    }

    /** This profile with another number of repetitions. */
    public Profile withRepetitions(final int newRepetitions) {
        return new Profile(name, newRepetitions, warmupSeconds, warmupMaxSeconds, warmupGbps, heatupSeconds, heatupGbps, searchSteps,
                searchStepSeconds, periodOverheadSeconds, latencySeconds, latencyHeatupSeconds, latencyPaddingGbps,
                probesPerSecond, sweepStepGbpsPerDirection, sweepFractions, deviceCostFactors, jvmOverheadSeconds);
    }

    /** This profile with other device-cost factors. */
    public Profile withDeviceCostFactors(final List<Double> factors) {
        return new Profile(name, repetitions, warmupSeconds, warmupMaxSeconds, warmupGbps, heatupSeconds, heatupGbps, searchSteps,
                searchStepSeconds, periodOverheadSeconds, latencySeconds, latencyHeatupSeconds, latencyPaddingGbps,
                probesPerSecond, sweepStepGbpsPerDirection, sweepFractions, factors, jvmOverheadSeconds);
    }

    /**
     * The latency-against-load levels for a measured maximum (paper 3.4): zero, then steps up to
     * the maximum, then the maximum itself.
     *
     * @param maximumGbps the trial's measured maximum, total over all directions
     * @param directions  1 or 2
     */
    public List<LoadLevel> sweep(final double maximumGbps, final int directions) {
        final List<LoadLevel> levels = new ArrayList<>();
        if (sweepStepGbpsPerDirection > 0) {
            final double step = sweepStepGbpsPerDirection * directions;
            for (int k = 0; k * step < maximumGbps - 1e-9; k++) {
                levels.add(LoadLevel.absolute(k * step, k == 0));
            }
            levels.add(LoadLevel.ofMaximum(1));
        } else {
            for (final double f : sweepFractions) {
                levels.add(f == 0 ? LoadLevel.zero(true) : LoadLevel.ofMaximum(f));
            }
        }
        return levels;
    }

    /** How many sweep levels to budget for when the maximum is not known yet (line rate assumed). */
    public int sweepLevelsUpperBound(final int directions) {
        return sweep(LINE_RATE_GBPS * directions, directions).size();
    }

    /** The wire rate of one 10 GbE port in Gb/s: the search's first step ({@code bench-moongen.lua:17}). */
    public static final double LINE_RATE_GBPS = 10.0;

    /**
     * The profile as one line of text, which {@link #decode} reads back: how a trial JVM learns the
     * exact durations of the run that started it.
     */
    public String encode() {
        return String.join(",", name, Integer.toString(repetitions), d(warmupSeconds), d(warmupMaxSeconds), d(warmupGbps), d(heatupSeconds),
                d(heatupGbps), Integer.toString(searchSteps), d(searchStepSeconds), d(periodOverheadSeconds), d(latencySeconds),
                d(latencyHeatupSeconds), d(latencyPaddingGbps), Integer.toString(probesPerSecond), d(sweepStepGbpsPerDirection),
                list(sweepFractions), list(deviceCostFactors), d(jvmOverheadSeconds));
    }

    /** Reads {@link #encode()}'s text. */
    public static Profile decode(final String text) {
        final String[] f = text.split(",", -1);
        if (f.length != 18) {
            throw new IllegalArgumentException("an encoded profile has 18 fields, not " + f.length + ": " + text);
        }
        return new Profile(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Integer.parseInt(f[7]),
                Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]), Double.parseDouble(f[11]),
                Double.parseDouble(f[12]), Integer.parseInt(f[13]), Double.parseDouble(f[14]), unlist(f[15]), unlist(f[16]),
                Double.parseDouble(f[17]));
    }

    private static String d(final double value) {
        return Double.toString(value);
    }

    private static String list(final List<Double> values) {
        return String.join(";", values.stream().map(Profile::d).toList());
    }

    private static List<Double> unlist(final String text) {
        return text.isEmpty() ? List.of() : java.util.Arrays.stream(text.split(";")).map(Double::parseDouble).toList();
    }

    /** Every setting, for the run description. */
    public Map<String, String> describe() {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("profile", name);
        settings.put("repetitions", Integer.toString(repetitions));
        settings.put("warmup_min_s", LoadLevel.trim(warmupSeconds));
        settings.put("warmup_max_s", LoadLevel.trim(warmupMaxSeconds));
        settings.put("warmup_gbps_per_direction", LoadLevel.trim(warmupGbps));
        settings.put("heatup_s", LoadLevel.trim(heatupSeconds));
        settings.put("heatup_gbps_per_direction", LoadLevel.trim(heatupGbps));
        settings.put("search_steps", Integer.toString(searchSteps));
        settings.put("search_step_s", LoadLevel.trim(searchStepSeconds));
        settings.put("period_overhead_s", LoadLevel.trim(periodOverheadSeconds));
        settings.put("latency_s", LoadLevel.trim(latencySeconds));
        settings.put("latency_heatup_s", LoadLevel.trim(latencyHeatupSeconds));
        settings.put("latency_padding_gbps_per_direction", LoadLevel.trim(latencyPaddingGbps));
        settings.put("probes_per_s", Integer.toString(probesPerSecond));
        settings.put("sweep_step_gbps_per_direction", LoadLevel.trim(sweepStepGbpsPerDirection));
        settings.put("sweep_fractions", sweepFractions.stream().map(LoadLevel::trim).toList().toString());
        settings.put("device_cost_factors", deviceCostFactors.stream().map(LoadLevel::trim).toList().toString());
        return settings;
    }
}
