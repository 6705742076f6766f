package nicharness.harness.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nicharness.harness.plan.Profile;

/**
 * The root README's numbers of the reference run, rendered from the run's {@code summary.csv} so
 * that they cannot go stale: per configuration, the throughput's median and spread over the
 * repetitions and the zero-load latency's, and how many configurations repeat within the bounds
 * simulated time aims at. The README holds the rendering between two markers; a test fails when it
 * differs from what this class renders from {@code results/summary.csv}, and {@link #main} writes it.
 */
public final class ReferenceRunTable {
    /** The line before the generated block. */
    public static final String BEGIN = "<!-- reference-run: generated from results/summary.csv by ReferenceRunTable; do not edit -->";
    /** The line after it. */
    public static final String END = "<!-- /reference-run -->";
    /** Throughput spread (max - min over the median) within which repetitions agree. */
    static final double THROUGHPUT_BOUND = 0.03;
    /** Median-latency spread within which repetitions agree. */
    static final double LATENCY_BOUND = 0.10;

    private ReferenceRunTable() {
    }

    /** One configuration's figures. */
    private record Line(String workload, String driver, double[] throughput, double[] p50, double[] p99, boolean limited,
                        double lineRateGbps) {

        /** Whether every repetition forwarded at line rate: the search's top, where a faster driver cannot show. */
        boolean alwaysAtLineRate() {
            return throughput[1] >= lineRateGbps * (1 - 1e-9);
        }

        /** Whether the median repetition forwarded at line rate. */
        boolean medianAtLineRate() {
            return throughput[0] >= lineRateGbps * (1 - 1e-9);
        }
    }

    /** The columns of {@code summary.csv} the block is made of. */
    private static final List<String> COLUMNS = List.of("workload", "driver", "directions", "device_cost_factor", "level", "metric",
            "median", "min", "max", "tester_limited_repetitions");

    /** The block, markers included, for {@code summaryCsv}; a cell left empty (a level at which no probe came back) is NaN. */
    public static String render(final Path summaryCsv) {
        final Map<String, Line> lines = new LinkedHashMap<>();
        for (final CsvFile.Row r : CsvFile.read(summaryCsv, COLUMNS).rows()) {
            if (!r.text("device_cost_factor").equals("1")) {
                continue; // the device-cost sweep has a block of its own in its CSV, not here
            }
            final String key = r.text("workload") + "\t" + r.text("driver");
            final Line line = lines.computeIfAbsent(key, k -> new Line(r.text("workload"), r.text("driver"),
                    new double[3], new double[] {Double.NaN, Double.NaN, Double.NaN}, new double[] {Double.NaN, Double.NaN, Double.NaN},
                    false, r.integer("directions") * Profile.LINE_RATE_GBPS));
            final double[] values = {r.numberOrNaN("median"), r.numberOrNaN("min"), r.numberOrNaN("max")};
            final boolean limited = !r.text("tester_limited_repetitions").equals("0");
            switch (r.text("metric")) {
                case "throughput_gbps" -> {
                    System.arraycopy(values, 0, line.throughput(), 0, 3);
                    if (limited) {
                        lines.put(key, new Line(line.workload(), line.driver(), line.throughput(), line.p50(), line.p99(), true,
                                line.lineRateGbps()));
                    }
                }
                case "latency_p50_ns" -> {
                    if (r.text("level").equals("0")) {
                        System.arraycopy(values, 0, line.p50(), 0, 3);
                    }
                }
                case "latency_p99_ns" -> {
                    if (r.text("level").equals("0")) {
                        System.arraycopy(values, 0, line.p99(), 0, 3);
                    }
                }
                default -> {
                }
            }
        }
        final StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("| workload | driver | throughput, Gb/s: median [min, max] | spread | zero-load latency p50 / p99, us | p50 spread |\n");
        md.append("|---|---|---|---|---|---|\n");
        int repeatable = 0;
        int searched = 0;
        int latencyRepeatable = 0;
        int latencyMeasured = 0;
        for (final Line l : lines.values()) {
            final double t = spread(l.throughput());
            final double p = spread(l.p50());
            if (!Double.isNaN(t) && l.throughput()[0] > 0) {
                searched++;
                repeatable += t <= THROUGHPUT_BOUND ? 1 : 0;
            }
            if (!Double.isNaN(p)) {
                latencyMeasured++;
                latencyRepeatable += p <= LATENCY_BOUND ? 1 : 0;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s%.2f [%.2f, %.2f] | %s | %s | %s |%n", l.workload(), l.driver(),
                    l.limited() ? ">= " : "", l.throughput()[0], l.throughput()[1], l.throughput()[2], percent(t),
                    Double.isNaN(l.p50()[0]) ? "-" : String.format(Locale.ROOT, "%.2f / %.2f", l.p50()[0] / 1000, l.p99()[0] / 1000),
                    percent(p)));
        }
        md.append(String.format(Locale.ROOT, "%nRepetitions within %.0f %% of each other on throughput: %d of %d configurations; "
                        + "on the zero-load median latency within %.0f %%: %d of %d.%n", 100 * THROUGHPUT_BOUND, repeatable, searched,
                100 * LATENCY_BOUND, latencyRepeatable, latencyMeasured));
        md.append("\n| the paper's claim | the paper | this run (medians of the repetitions above) |\n|---|---|---|\n");
        boolean anyOverlap = false;
        anyOverlap |= claim(md, lines, "TinyNF forwards more than Vigor's verified DPDK on the Vigor NFs (Table 3)", "yes, +160 % on average",
                TABLE3, "tinynf", "dpdk-verified", false);
        anyOverlap |= claim(md, lines, "TinyNF forwards more than non-batched DPDK on every NF", "yes", TABLE3, "tinynf", "dpdk", false);
        anyOverlap |= claim(md, lines, "TinyNF forwards more than batched DPDK on realistic NFs", "yes", TABLE3, "tinynf", "dpdk-batched", false);
        anyOverlap |= claim(md, lines, "batched DPDK forwards more than TinyNF on the no-op (Figure 9)", "yes", new String[] {"nop-2way"},
                "dpdk-batched", "tinynf", false);
        anyOverlap |= claim(md, lines, "TinyNF's latency at zero load is lower than DPDK's (Figures 9, 11; Table 3's workloads)", "yes",
                ZERO_LOAD, "tinynf", "dpdk", true);
        anyOverlap |= claim(md, lines, "TinyNF forwards more than batched DPDK on the policer, 1 core (Figures 6-8)", "yes (realistic workload)",
                new String[] {"policer-2way"}, "tinynf", "dpdk-batched-policer", false);
        anyOverlap |= claim(md, lines, "TinyNF forwards more than batched DPDK on the policer, 2 cores (Figures 6-8)", "yes (realistic workload)",
                new String[] {"policer-2way"}, "tinynf-2cores", "dpdk-batched-policer-2cores", false);
        if (anyOverlap) {
            md.append("\nA ratio marked ~ compares two configurations whose throughputs over the repetitions ([min, max]"
                    + " above) overlap: their order is within this run's spread.\n");
        }
        return md.append(END).toString();
    }

    /** Table 3's workloads. */
    private static final String[] TABLE3 = {"nat-1way", "bridge-1way", "lb-1way", "policer-1way", "firewall-1way"};
    /** The workloads whose zero-load latency the claim compares. */
    private static final String[] ZERO_LOAD = {"nop-2way", "nat-1way", "bridge-1way", "lb-1way", "policer-1way", "firewall-1way"};

    /**
     * One row of the claims table: on how many of {@code workloads} {@code a} beats {@code b} (more
     * throughput, or with {@code latency} a lower zero-load median latency), and by what ratios. A
     * throughput comparison in which both forward at line rate in every repetition cannot tell the
     * two apart: it is named, and counted neither for nor against the claim; when only both medians
     * are at line rate, the minimums are compared. A throughput ratio whose two [min, max] overlap
     * is marked {@code ~}; answers whether any was.
     */
    private static boolean claim(final StringBuilder md, final Map<String, Line> lines, final String claim, final String paper,
                                 final String[] workloads, final String a, final String b, final boolean latency) {
        int holds = 0;
        int compared = 0;
        boolean anyOverlap = false;
        final List<String> bothAtLineRate = new ArrayList<>();
        final StringBuilder ratios = new StringBuilder();
        for (final String w : workloads) {
            final Line x = lines.get(w + "\t" + a);
            final Line y = lines.get(w + "\t" + b);
            if (x == null || y == null) {
                continue;
            }
            // Both medians at line rate: the minimums tell which one always got there.
            final int column = !latency && x.medianAtLineRate() && y.medianAtLineRate() ? 1 : 0;
            final double vx = latency ? x.p50()[0] : x.throughput()[column];
            final double vy = latency ? y.p50()[0] : y.throughput()[column];
            if (Double.isNaN(vx) || Double.isNaN(vy) || vy == 0) {
                continue;
            }
            final String name = w.replace("-1way", "").replace("-2way", "");
            if (!latency && x.alwaysAtLineRate() && y.alwaysAtLineRate()) {
                bothAtLineRate.add(name);
                continue;
            }
            compared++;
            holds += latency ? (vx < vy ? 1 : 0) : (vx > vy ? 1 : 0);
            final boolean overlaps = !latency && column == 0 && overlap(x.throughput(), y.throughput());
            anyOverlap |= overlaps;
            ratios.append(ratios.isEmpty() ? "" : ", ").append(name).append(String.format(Locale.ROOT, " %.2fx", vx / vy))
                    .append(overlaps ? "~" : "")
                    .append(column == 1 ? " (both medians at line rate: the minimums)" : "");
        }
        final String tied = bothAtLineRate.isEmpty() ? ""
                : "both at line rate, so not told apart: " + String.join(", ", bothAtLineRate);
        if (compared == 0) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", claim, paper,
                    tied.isEmpty() ? "not in this run" : "cannot tell: " + tied));
            return false;
        }
        final String verdict = holds == compared ? "holds" : holds == 0 ? "does not hold" : "partly holds";
        md.append(String.format(Locale.ROOT, "| %s | %s | %s: %d of %d (%s over %s: %s)%s |%n", claim, paper, verdict, holds,
                compared, a, b, ratios, tied.isEmpty() ? "" : "; " + tied));
        return anyOverlap;
    }

    /** Whether two configurations' [min, max] over their repetitions overlap: their order is within the spread. */
    private static boolean overlap(final double[] a, final double[] b) {
        return a[1] <= b[2] && b[1] <= a[2];
    }

    private static double spread(final double[] medianMinMax) {
        return Double.isNaN(medianMinMax[0]) || medianMinMax[0] == 0 ? Double.NaN
                : (medianMinMax[2] - medianMinMax[1]) / medianMinMax[0];
    }

    private static String percent(final double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * fraction);
    }

    /**
     * Writes the block into the README. Arguments: {@code README.md results/summary.csv}.
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ReferenceRunTable README.md results/summary.csv");
        }
        new ReadmeBlock(BEGIN, END).rewrite(Path.of(args[0]), render(Path.of(args[1])));
    }
}
