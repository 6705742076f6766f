package nicharness.harness.output;

import java.util.ArrayList;
import java.util.List;

/**
 * The tidy CSV files of a run: one row per measurement, every column named with its unit.
 *
 * <p>Every measurement table starts with the {@link #CONFIGURATION} columns, which say which trial
 * (and so which driver, NF, traffic and settings) the row belongs to; the trial writes the rest.
 * {@link #TRIALS} gets one row per finished trial, written last, so that a trial counts as done
 * only once all its measurements are on disk.
 */
public enum Table {
    /** One row per trial: its status and cost. */
    TRIALS("trials.csv", "status", "started_at", "duration_s", "tester_ceiling_gbps", "message"),
    /** One row per trial: how long its warm-up ran, and whether the JIT was quiet at its end. */
    WARMUP("warmup.csv", "warmup_s", "warmup_chunks", "jit_compilation_ms", "jit_quiet"),
    /**
     * One row per trial: how its clock was kept. In simulated time, the real time its measured
     * periods took (the model's speed, not a result), their simulated time, and how many of the
     * driver's polls were charged an estimate because the machine disturbed them.
     */
    SIMULATION("simulation.csv", "clock", "periods", "simulated_s", "real_s", "slowdown", "polls", "polls_replaced",
            "polls_replaced_share", "disturbed_periods", "core_canary_baseline_ns", "driver_real_share"),
    /** One row per step of the throughput search. */
    SEARCH_STEPS("search_steps.csv", "step", "attempt", "rate_gbps_per_direction", "offered_gbps", "offered_packets",
            "returned_packets", "lost_packets", "loss_fraction", "passed", "card_dropped_packets", "nf_dropped_packets",
            "schedule_lag_max_ns", "engine_busy_fraction", "driver_cpu_share", "driver_run_queue_wait_ns", "wire_cpu_share",
            "tester_limited", "gc_count", "step_jit_compilation_ms", "clock", "polls", "polls_replaced_share",
            "skipped_empty_polls"),
    /** One row per search: the maximum throughput. */
    THROUGHPUT("throughput.csv", "throughput_gbps", "throughput_mpps", "best_gbps_per_direction", "steps", "limited_by",
            "clock", "polls_replaced_share_max", "cpu_cost_calibrated"),
    /**
     * One row per packet count and simulated core of a trial whose search charged calibrated poll
     * costs ({@code --cpu-cost calibrated}): what a poll with that many packets was charged.
     */
    POLL_COSTS("poll_costs.csv", "core", "packets", "undisturbed_polls", "cost_ns", "interpolated", "p10_ns",
            "p25_ns"),
    /** One row per latency load level: the distribution's summary. */
    LATENCY("latency.csv", "level", "load_gbps", "offered_gbps", "maximum", "probes_sent", "samples", "probes_lost",
            "loss_fraction", "latency_min_ns", "latency_p50_ns", "latency_p99_ns", "latency_p999_ns", "latency_p9999_ns",
            "latency_max_ns", "latency_mean_ns", "schedule_lag_max_ns", "driver_cpu_share", "driver_run_queue_wait_ns",
            "wire_cpu_share", "tester_limited", "overloaded",
            "gc_count", "clock", "polls", "polls_replaced_share", "skipped_empty_polls"),
    /** One row per point of a latency CCDF, for the levels that keep one (Figures 8 and 11). */
    CCDF("latency_ccdf.csv", "level", "load_gbps", "latency_ns", "ccdf_fraction");

    /** The columns that identify a trial, first in every table. */
    public static final List<String> CONFIGURATION = List.of("trial_id", "experiments", "workload", "driver", "nf",
            "repetition", "directions", "layer", "loss_threshold", "extra_work_ns", "device_cost_factor");

    private final String fileName;
    private final List<String> measurementColumns;

    Table(final String fileName, final String... measurementColumns) {
        this.fileName = fileName;
        this.measurementColumns = List.of(measurementColumns);
    }

    /** The file's name in the output folder. */
    public String fileName() {
        return fileName;
    }

    /** The columns a trial fills in. */
    public List<String> measurementColumns() {
        return measurementColumns;
    }

    /** Every column, configuration first. */
    public List<String> columns() {
        final List<String> all = new ArrayList<>(CONFIGURATION);
        all.addAll(measurementColumns);
        return all;
    }

    /** The table called {@code name} (its enum name, as the trial protocol writes it). */
    public static Table byName(final String name) {
        return valueOf(name);
    }
}
