package nicharness.harness.plot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.measure.LatencySummary;
import nicharness.harness.output.ResultStore;
import nicharness.harness.output.Row;
import nicharness.harness.output.RunDescription;
import nicharness.harness.output.Summary;
import nicharness.harness.output.Table;
import nicharness.harness.output.TrialOutcome;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.PlanSettings;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialSpec;
import org.HdrHistogram.Histogram;

/**
 * A results folder with made-up but plausible numbers, written by the harness's own writers
 * ({@link ResultStore}, {@link Summary}, {@link RunDescription}, {@link LatencyStatistics}) for the
 * real plan of the quick profile, so that the charts are drawn from files of exactly the shape a
 * run writes. Deterministic: every number comes from a seeded generator.
 *
 * <p>The shapes follow the paper's story, not our measurements: batched DPDK fastest on the no-op,
 * TinyNF ahead on the policer and the verified NFs, latency rising towards each maximum.
 */
final class SyntheticRun {

    private static final List<String> DRIVERS = List.of("dpdk", "dpdk-batched", "ixy", "ixy-batched", "tinynf");
    private static final List<String> NFS = List.of("nop", "policer", "nat", "bridge", "lb", "firewall");

    private SyntheticRun() {
    }

    /**
     * Writes the synthetic run of {@code profile} into {@code folder}.
     *
     * @param probes        latency samples per level
     * @param ccdfPerDecade CCDF points kept per decade of probability (0: every point the
     *                      histogram has), to keep a fixture small
     */
    static void write(final Path folder, final Profile profile, final int probes, final int ccdfPerDecade) {
        final Catalog catalog = Catalog.of(DRIVERS, NFS, nf -> switch (nf) {
            case "nop", "bridge" -> 2;
            case "policer" -> 3;
            default -> 4;
        });
        final ExperimentPlan plan = ExperimentPlan.build(PlanSettings.defaults(profile), catalog);
        final Map<String, String> description = new LinkedHashMap<>();
        description.put("cpu_model", "AMD EPYC");
        description.put("cpu_logical_cores", "2");
        description.put("cpu_hypervisor", "true");
        description.put("java_runtime_version", "25.0.3+9-LTS");
        description.put("git_commit", "0123456789abcdef0123456789abcdef01234567");
        description.put("git_uncommitted_changes", "false");
        PlanSettings.defaults(profile).describe().forEach((k, v) -> description.put(RunDescription.SETTING + k, v));
        RunDescription.append(folder, 1, description);
        final Random random = new Random(42);
        try (ResultStore store = ResultStore.open(folder, false)) {
            for (final TrialSpec trial : plan.trials()) {
                store.record(trial, outcome(trial, profile, probes, ccdfPerDecade, random));
            }
        }
        Summary.write(folder);
    }

    private static TrialOutcome outcome(final TrialSpec trial, final Profile profile, final int probes, final int ccdfPerDecade,
                                        final Random random) {
        final String driver = trial.driver();
        final var w = trial.workload();
        final double noise = 1 + 0.04 * random.nextGaussian();
        final double maximum = Math.min(20.0 * w.directions() / 2, baseGbps(driver, w.nf()) * w.directions() / 2
                * (w.extraWorkNs() > 0 ? 0.7 : 1) / (1 + 0.15 * w.deviceCostFactor()) * noise);
        final List<Row> rows = new ArrayList<>();
        final boolean limited = driver.equals("dpdk-batched") && w.nf().equals("nop") && trial.repetition() == 2;
        rows.add(Row.of(Table.THROUGHPUT).put("throughput_gbps", maximum).put("throughput_mpps", maximum * 1e3 / 672)
                .put("best_gbps_per_direction", maximum / w.directions()).put("steps", profile.searchSteps())
                .put("limited_by", limited ? "tester" : "driver").put("clock", "real").put("polls_replaced_share_max", "").put("cpu_cost_calibrated", false).build());
        for (final TrialSpec.ResolvedLevel level : trial.levels(profile, maximum)) {
            final double u = Math.min(0.995, level.gbps() / maximum);
            final double base = baseLatencyNs(driver, w.nf()) * (1 + 0.05 * random.nextGaussian());
            final Histogram h = LatencyStatistics.newHistogram();
            for (int i = 0; i < probes; i++) {
                final double queueing = base * 0.35 * u / (1 - 0.93 * u) * -Math.log(1 - random.nextDouble());
                final double jitter = base * 0.08 * Math.abs(random.nextGaussian());
                final double tail = random.nextDouble() < 0.002 ? base * 3 * random.nextDouble() : 0;
                h.recordValue(Math.max(1, Math.round(base + queueing + jitter + tail)));
            }
            final LatencySummary s = LatencyStatistics.summarize(h);
            rows.add(Row.of(Table.LATENCY).put("level", level.label()).put("load_gbps", level.gbps())
                    .put("offered_gbps", level.gbps() * 0.98).put("maximum", level.maximum()).put("probes_sent", probes)
                    .put("samples", s.samples()).put("probes_lost", 0).put("loss_fraction", 0.0)
                    .put("latency_min_ns", s.minNs()).put("latency_p50_ns", s.p50Ns()).put("latency_p99_ns", s.p99Ns())
                    .put("latency_p999_ns", s.p999Ns()).put("latency_p9999_ns", s.p9999Ns()).put("latency_max_ns", s.maxNs())
                    .put("latency_mean_ns", s.meanNs()).put("schedule_lag_max_ns", 2_000).put("driver_cpu_share", 0.9).put("driver_run_queue_wait_ns", 0)
                    .put("wire_cpu_share", 0.6).put("tester_limited", limited && level.maximum())
                    .put("overloaded", level.gbps() > maximum).put("gc_count", 0).put("clock", "real").put("polls", -1)
                    .put("polls_replaced_share", "").put("skipped_empty_polls", -1)
                    .build());
            if (level.ccdf()) {
                for (final LatencyStatistics.CcdfPoint p : thin(LatencyStatistics.ccdf(h), ccdfPerDecade)) {
                    rows.add(Row.of(Table.CCDF).put("level", level.label()).put("load_gbps", level.gbps())
                            .put("latency_ns", p.latencyNs()).put("ccdf_fraction", p.fractionAbove()).build());
                }
            }
        }
        return new TrialOutcome(TrialOutcome.Status.OK, "", Instant.parse("2026-01-01T00:00:00Z"), 5, 20, rows);
    }

    /** The points of {@code ccdf} where the fraction first falls below each of {@code perDecade} steps per decade, and the last. */
    static List<LatencyStatistics.CcdfPoint> thin(final List<LatencyStatistics.CcdfPoint> ccdf, final int perDecade) {
        if (perDecade == 0) {
            return ccdf;
        }
        final List<LatencyStatistics.CcdfPoint> kept = new ArrayList<>();
        double next = 1;
        for (int i = 0; i < ccdf.size(); i++) {
            final LatencyStatistics.CcdfPoint p = ccdf.get(i);
            if (p.fractionAbove() <= next || i == ccdf.size() - 1) {
                kept.add(p);
                while (next >= p.fractionAbove() && p.fractionAbove() > 0) {
                    next /= Math.pow(10, 1.0 / perDecade);
                }
            }
        }
        return kept;
    }

    private static double baseGbps(final String driver, final String nf) {
        final double nop = switch (driver) {
            case "dpdk" -> 5.2;
            case "dpdk-batched" -> 9.0;
            case "ixy" -> 4.1;
            case "ixy-batched" -> 7.6;
            default -> 7.9;
        };
        final double nfCost = switch (nf) {
            case "nop" -> 1.0;
            case "bridge" -> 0.7;
            case "policer" -> 0.75;
            default -> 0.6;
        };
        final double tinynfBonus = driver.equals("tinynf") && !nf.equals("nop") ? 1.35 : 1.0;
        return nop * nfCost * tinynfBonus;
    }

    private static double baseLatencyNs(final String driver, final String nf) {
        final double nop = switch (driver) {
            case "dpdk" -> 6200;
            case "dpdk-batched" -> 7400;
            case "ixy" -> 6800;
            case "ixy-batched" -> 8100;
            default -> 5100;
        };
        return nf.equals("nop") ? nop : nop * 1.25;
    }

    /**
     * Writes a synthetic quick run into the folder given as the first argument; with a second
     * argument, keeps that many CCDF points per decade (the test fixture keeps 5).
     */
    public static void main(final String[] args) {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: SyntheticRun <folder> [<CCDF points per decade>]");
        }
        try {
            java.nio.file.Files.createDirectories(Path.of(args[0]));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        write(Path.of(args[0]), Profile.QUICK, 10_000, args.length == 2 ? Integer.parseInt(args[1]) : 0);
    }
}
