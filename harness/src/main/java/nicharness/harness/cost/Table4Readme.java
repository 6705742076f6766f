package nicharness.harness.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nicharness.harness.output.ReadmeBlock;

/**
 * The root README's per-packet-cost numbers (the paper's Table 4), rendered from
 * {@code results/cost.csv} so that they cannot go stale: per driver, the instructions per packet on
 * the nop (callgrind) and the receive + transmit part of them beside the slides' value, the driver-only time per packet on each Table 4 NF
 * (median of the deferred rounds), the doorbells per packet on the nop, and whether batched DPDK
 * costs less per packet than DPDK on every NF. The README holds the rendering between two markers;
 * {@code Table4ReadmeTest} fails when it differs from what this class renders from the CSV, and
 * {@link #main} writes it.
 */
public final class Table4Readme {
    /** The line before the generated block. */
    public static final String BEGIN = "<!-- table4: generated from results/cost.csv by Table4Readme; do not edit -->";
    /** The line after it. */
    public static final String END = "<!-- /table4 -->";

    private Table4Readme() {
    }

    /** The block, markers included, for {@code costCsv}. */
    public static String render(final Path costCsv) {
        final List<CostRow> rows = CostCsv.read(costCsv);
        final String nop = Table4.VARIANTS.get(0).nf();
        final StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("| driver | instructions per packet, nop (callgrind) | of which receive + transmit | the slides (receive +"
                + " transmit) | driver-only time per packet, ns: ");
        md.append(String.join(" / ", Table4.VARIANTS.stream().map(Table4.Variant::label).toList()));
        md.append(" | doorbell writes per packet, nop |\n|---|---:|---:|---:|---|---:|\n");
        for (final String driver : Table4.DRIVERS) {
            final Optional<CostRow> instructions = find(rows, driver, nop, "instructions_per_packet");
            final List<String> times = new ArrayList<>();
            for (final Table4.Variant v : Table4.VARIANTS) {
                times.add(number(find(rows, driver, v.nf(), "time_per_packet_median").map(CostRow::value), "%.1f"));
            }
            md.append("| ").append(driver)
                    .append(" | ").append(number(instructions.map(CostRow::value), "%.0f"))
                    .append(" | ").append(number(find(rows, driver, nop, "rx_tx_instructions_per_packet")
                            .map(CostRow::value), "%.1f"))
                    .append(" | ").append(number(instructions.map(CostRow::paperValue), "%.0f"))
                    .append(" | ").append(String.join(" / ", times))
                    .append(" | ").append(number(find(rows, driver, nop, "doorbell_writes_per_packet").map(CostRow::value), "%.3f"))
                    .append(" |\n");
        }
        md.append('\n').append(batchedBelowUnbatched(rows)).append('\n');
        final Path repeat = costCsv.resolveSibling(REPEAT_FILE);
        if (Files.exists(repeat)) {
            md.append('\n').append(repeatability(rows, CostCsv.read(repeat))).append('\n');
        }
        return md.append(END).toString();
    }

    /** A second Table 4 measurement taken right after the first, beside it ({@code CostReport --out results/cost-repeat.csv}). */
    public static final String REPEAT_FILE = "cost-repeat.csv";
    /** How far two consecutive runs' driver-only times may differ and still agree. */
    static final double AGREEMENT = 0.10;

    /**
     * The sentence on two consecutive runs: how many driver and NF configurations' driver-only
     * times agree within {@value #AGREEMENT} (relative to the smaller), and the largest difference.
     */
    static String repeatability(final List<CostRow> first, final List<CostRow> second) {
        int agree = 0;
        int compared = 0;
        double worst = 0;
        String worstName = "";
        for (final String driver : Table4.DRIVERS) {
            for (final Table4.Variant v : Table4.VARIANTS) {
                final Optional<Double> a = find(first, driver, v.nf(), "time_per_packet_median").map(CostRow::value);
                final Optional<Double> b = find(second, driver, v.nf(), "time_per_packet_median").map(CostRow::value);
                if (a.isEmpty() || b.isEmpty() || a.get().isNaN() || b.get().isNaN()) {
                    continue;
                }
                compared++;
                final double difference = Math.abs(a.get() - b.get()) / Math.min(a.get(), b.get());
                if (difference <= AGREEMENT) {
                    agree++;
                }
                if (difference > worst) {
                    worst = difference;
                    worstName = String.format(Locale.ROOT, "%s %s, %.1f and %.1f ns", driver, v.label(), a.get(), b.get());
                }
            }
        }
        return String.format(Locale.ROOT, "A second run right after this one (`%s`): driver-only times within %.0f %% of these for"
                + " %d of %d configurations; the largest difference %.0f %% (%s).", REPEAT_FILE, 100 * AGREEMENT, agree, compared,
                100 * worst, worstName);
    }

    /** The sentence on dpdk-batched against dpdk, NF by NF. */
    private static String batchedBelowUnbatched(final List<CostRow> rows) {
        int below = 0;
        int compared = 0;
        final List<String> ratios = new ArrayList<>();
        for (final Table4.Variant v : Table4.VARIANTS) {
            final Optional<Double> batched = find(rows, "dpdk-batched", v.nf(), "time_per_packet_median").map(CostRow::value);
            final Optional<Double> single = find(rows, "dpdk", v.nf(), "time_per_packet_median").map(CostRow::value);
            if (batched.isEmpty() || single.isEmpty() || batched.get().isNaN() || single.get().isNaN()) {
                continue;
            }
            compared++;
            if (batched.get() < single.get()) {
                below++;
            }
            ratios.add(String.format(Locale.ROOT, "%s %.2fx", v.label(), batched.get() / single.get()));
        }
        return String.format(Locale.ROOT, "dpdk-batched's driver-only time per packet below dpdk's: %d of %d NFs%s.",
                below, compared, ratios.isEmpty() ? "" : " (dpdk-batched over dpdk: " + String.join(", ", ratios) + ")");
    }

    private static Optional<CostRow> find(final List<CostRow> rows, final String driver, final String nf, final String metric) {
        return rows.stream().filter(r -> r.driver().equals(driver) && r.nf().equals(nf) && r.metric().equals(metric))
                .findFirst();
    }

    private static String number(final Optional<Double> value, final String format) {
        return value.isEmpty() || value.get().isNaN() ? "-" : String.format(Locale.ROOT, format, value.get());
    }

    /**
     * Writes the block into the README. Arguments: {@code README.md results/cost.csv}.
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: Table4Readme README.md results/cost.csv");
        }
        new ReadmeBlock(BEGIN, END).rewrite(Path.of(args[0]), render(Path.of(args[1])));
    }
}
