package nicharness.harness.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The user's choices that shape a run's trials: which experiments, drivers and NFs, the profile,
 * and the overrides of the paper's rates and thresholds.
 *
 * @param profile            durations and repetitions
 * @param experiments        the experiments to run, in order
 * @param drivers            the drivers to keep, or empty for every driver each experiment names
 * @param nfs                the NFs to keep, or empty for every NF each experiment names
 * @param rates              latency load levels replacing the paper's, or empty for the paper's
 * @param lossThreshold      a loss threshold replacing every experiment's, or empty for the paper's
 * @param slowNopExtraWorkNs the slow no-op's extra work per packet, in nanoseconds (Figure 10)
 * @param clock              the time the trials measure in
 * @param deviceOnOtherCpu   in simulated time, whether the device's work runs on another CPU in lock-step
 *                           (the data the driver reads then comes from another core's cache, as DMA data
 *                           comes from the last-level cache) rather than on the driver's thread
 */
public record PlanSettings(Profile profile, List<Experiment> experiments, List<String> drivers, List<String> nfs,
                           List<LoadLevel> rates, OptionalDouble lossThreshold, double slowNopExtraWorkNs,
                           TrialClock clock, boolean deviceOnOtherCpu) {

    /** Settings in {@code clock}, the device's work on the driver's thread. */
    public PlanSettings(final Profile profile, final List<Experiment> experiments, final List<String> drivers,
                        final List<String> nfs, final List<LoadLevel> rates, final OptionalDouble lossThreshold,
                        final double slowNopExtraWorkNs, final TrialClock clock) {
        this(profile, experiments, drivers, nfs, rates, lossThreshold, slowNopExtraWorkNs, clock, false);
    }

    /** Settings in simulated time, the default. */
    public PlanSettings(final Profile profile, final List<Experiment> experiments, final List<String> drivers,
                        final List<String> nfs, final List<LoadLevel> rates, final OptionalDouble lossThreshold,
                        final double slowNopExtraWorkNs) {
        this(profile, experiments, drivers, nfs, rates, lossThreshold, slowNopExtraWorkNs, TrialClock.VIRTUAL);
    }

    /**
     * The slow no-op's default extra work per packet. The paper lowered the CPU to 2 GHz from its
     * maximum (TinyNF osdi20 {@code experiments/perf-endtoend/bench-all.py:45}), which stretches
     * every cycle; a fixed spin per packet is our stand-in.
     * 60 ns is roughly what a ~3 GHz core loses on a ~100 ns per-packet path at 2 GHz; it is a
     * setting, recorded with the results, not a calibrated equivalence.
     */
    public static final double DEFAULT_SLOW_NOP_EXTRA_WORK_NS = 60;

    public PlanSettings {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(clock, "clock");
        experiments = List.copyOf(experiments);
        drivers = List.copyOf(drivers);
        nfs = List.copyOf(nfs);
        rates = List.copyOf(rates);
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException("no experiment selected");
        }
        if (!(slowNopExtraWorkNs >= 0)) {
            throw new IllegalArgumentException("the slow no-op's extra work must be non-negative: slowNopExtraWorkNs=" + slowNopExtraWorkNs);
        }
    }

    /** Every experiment of the paper and beyond, with the given profile and the paper's settings. */
    public static PlanSettings defaults(final Profile profile) {
        return new PlanSettings(profile, List.of(Experiment.values()), List.of(), List.of(), List.of(),
                OptionalDouble.empty(), DEFAULT_SLOW_NOP_EXTRA_WORK_NS);
    }

    /** Every setting, for the run description and for checking that a resumed run is the same run. */
    public Map<String, String> describe() {
        final Map<String, String> settings = new LinkedHashMap<>(profile.describe());
        settings.put("experiments", experiments.stream().map(Experiment::id).toList().toString());
        settings.put("drivers", drivers.isEmpty() ? "(each experiment's)" : drivers.toString());
        settings.put("nfs", nfs.isEmpty() ? "(each experiment's)" : nfs.toString());
        settings.put("rates", rates.isEmpty() ? "(the paper's levels)" : rates.toString());
        settings.put("loss_threshold", lossThreshold.isPresent() ? LoadLevel.trim(lossThreshold.getAsDouble()) : "(each experiment's)");
        settings.put("slow_nop_extra_work_ns", LoadLevel.trim(slowNopExtraWorkNs));
        settings.put("clock", clock.id());
        settings.put("device_cpu", deviceOnOtherCpu ? "other (lock-step)" : "the driver's");
        return settings;
    }
}
