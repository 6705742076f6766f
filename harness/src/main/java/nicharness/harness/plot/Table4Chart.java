package nicharness.harness.plot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nicharness.harness.measure.Spread;

/**
 * Table 4 as grouped bars, one chart per metric of the per-packet-cost file: for each of the
 * paper's columns (nop, write, lookup, pol), each driver's cost per packet, with the paper's or
 * the slides' value in the driver's lighter colour beside it where they give one (the slides'
 * "35 instructions to receive + transmit", "100 for DPDK").
 *
 * <p>Reads {@code cost.csv}: {@code driver}, {@code variant}, {@code metric},
 * {@code value}, {@code unit}, {@code method}, {@code paper_value} and {@code paper_source}. A
 * metric {@code <m>_error} is drawn as the whiskers of {@code <m>} (JMH's confidence interval),
 * not as a chart of its own; the measurement's own diagnostics (the threads' CPU shares, the
 * model engine's utilisation, the share of empty polls) are not per-packet costs and get no chart.
 */
final class Table4Chart {

    /** The paper's columns, in its order. */
    static final List<String> VARIANTS = List.of("nop", "write", "lookup", "pol");

    /** A metric with this suffix is the error of the metric without it. */
    static final String ERROR_SUFFIX = "_error";

    /** Metrics that describe the measurement rather than the driver: no chart. */
    static final Set<String> DIAGNOSTICS = Set.of("driver_thread_cpu_share", "engine_thread_cpu_share", "model_engine_utilisation",
            "empty_poll_share");

    /** Axis titles of the metrics whose name does not read as one. */
    private static final Map<String, String> AXIS = Map.of(
            "time_per_packet_median", "Median time per packet (ns)",
            "time_per_packet_p99", "99th-percentile time per packet (ns)",
            "time_per_packet_jmh", "Time per packet, JMH (ns)",
            "time_per_packet_threaded", "Time per packet at saturation (ns)",
            "time_per_packet_threaded_with_empty_polls", "Time per packet at saturation, empty polls in (ns)",
            "allocated_bytes_per_packet", "Bytes allocated per packet",
            "rx_tx_instructions_per_packet", "Receive + transmit instructions per packet");

    private Table4Chart() {
    }

    /** The file name of the chart of {@code metric}. */
    static String name(final String metric) {
        return "table4-" + metric.replace("_per_packet", "").replace('_', '-');
    }

    /** The metrics of the file that get a chart, in the order they first appear. */
    static List<String> metrics(final CostResults results) {
        final Set<String> metrics = new LinkedHashSet<>();
        results.rows().stream().map(CostResults.Row::metric)
                .filter(m -> !m.endsWith(ERROR_SUFFIX) && !DIAGNOSTICS.contains(m)).forEach(metrics::add);
        return List.copyOf(metrics);
    }

    /** The chart of {@code metric}, or empty when the file has no value of it. */
    static Optional<Figure> draw(final String metric, final CostResults results) {
        final List<CostResults.Row> rows = results.rows().stream().filter(r -> r.metric().equals(metric)).toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        final List<String> variants = new ArrayList<>(VARIANTS.stream().filter(v -> rows.stream().anyMatch(r -> r.variant().equals(v)))
                .toList());
        rows.stream().map(CostResults.Row::variant).distinct().filter(v -> !variants.contains(v)).forEach(variants::add);
        final List<CostResults.Row> errors = results.rows().stream().filter(r -> r.metric().equals(metric + ERROR_SUFFIX)).toList();
        final List<BarChart.Series> series = new ArrayList<>();
        final Set<String> paperSources = new LinkedHashSet<>();
        for (final String driver : DriverStyle.inLegendOrder(new TreeSet<>(rows.stream().map(CostResults.Row::driver).toList()))) {
            final DriverStyle style = DriverStyle.of(driver);
            final List<BarChart.Bar> ours = new ArrayList<>();
            final List<BarChart.Bar> paper = new ArrayList<>();
            for (final String variant : variants) {
                final List<CostResults.Row> cell = rows.stream().filter(r -> r.driver().equals(driver) && r.variant().equals(variant))
                        .toList();
                final Optional<CostResults.Row> error = errors.stream().filter(r -> r.driver().equals(driver)
                        && r.variant().equals(variant)).findFirst();
                ours.add(cell.isEmpty() ? BarChart.Bar.NONE : cell.size() == 1 && error.isPresent()
                        ? new BarChart.Bar(cell.getFirst().value(), Math.max(0, cell.getFirst().value() - error.get().value()),
                                cell.getFirst().value() + error.get().value())
                        : bar(cell.stream().map(CostResults.Row::value).toList()));
                final Optional<CostResults.Row> withPaper = cell.stream().filter(r -> !Double.isNaN(r.paperValue())).findFirst();
                paper.add(withPaper.map(r -> BarChart.Bar.of(r.paperValue())).orElse(BarChart.Bar.NONE));
                withPaper.ifPresent(r -> paperSources.add(r.paperSource()));
            }
            series.add(new BarChart.Series(style.label(), style.colour(), ours));
            if (paper.stream().anyMatch(BarChart.Bar::present)) {
                series.add(new BarChart.Series(style.label() + ": " + (allSlides(paperSources) ? "slides" : "paper"),
                        style.paperColour(), paper));
            }
        }
        final String words = words(metric);
        final String unit = rows.getFirst().unit();
        final String yAxis = AXIS.getOrDefault(metric, capitalised(words) + (metric.endsWith("_per_packet") ? " per packet" : "")
                + (unit.isEmpty() || words.contains(unit) ? "" : " (" + unit + ")"));
        // A method is "how; this measurement's details; a verdict": the chart names each how once
        // and the cells judged unreliable; the details stay in cost.csv.
        final StringBuilder notes = new StringBuilder("Measured by ").append(String.join("; ",
                rows.stream().map(r -> r.method().split("; ")[0]).distinct().toList())).append('.');
        final List<String> unreliable = rows.stream().filter(r -> r.method().contains("UNRELIABLE"))
                .map(r -> DriverStyle.of(r.driver()).label() + " " + r.variant()).distinct().toList();
        if (!unreliable.isEmpty()) {
            notes.append(" Unreliable (the machine did not give both threads their CPUs): ")
                    .append(String.join(", ", unreliable)).append('.');
        }
        if (rows.stream().anyMatch(r -> rows.stream().filter(o -> o.driver().equals(r.driver()) && o.variant().equals(r.variant()))
                .count() > 1)) {
            notes.append(" Bars: median of the measurements; whiskers: min\u2013max.");
        }
        if (!errors.isEmpty()) {
            notes.append(" Whiskers: ").append(errors.getFirst().method().split(";")[0]).append('.');
        }
        notes.append(zeros(series, variants));
        if (!paperSources.isEmpty()) {
            notes.append(" Lighter bars: ").append(String.join("; ", paperSources)).append('.');
        }
        final List<String> caption = new ArrayList<>();
        caption.add(notes.toString());
        if (results.machine() != null) {
            caption.add(results.machine());
        }
        final String title = yAxis.replaceAll(" \\([^)]*\\)$", "") + " (Table 4)";
        return Optional.of(BarChart.figure(name(metric), title, yAxis, variants, series, false, caption));
    }

    /** A sentence naming the bars of value 0, which cannot be seen, or empty when there are none. */
    static String zeros(final List<BarChart.Series> series, final List<String> variants) {
        final List<String> zero = new ArrayList<>();
        int present = 0;
        for (final BarChart.Series s : series) {
            for (int i = 0; i < variants.size(); i++) {
                final BarChart.Bar bar = s.bars().get(i);
                present += bar.present() ? 1 : 0;
                if (bar.present() && bar.median() == 0) {
                    zero.add(s.name() + " on " + variants.get(i));
                }
            }
        }
        if (zero.isEmpty()) {
            return "";
        }
        if (zero.size() == present) {
            return " Every value is 0.";
        }
        return zero.size() <= 6 ? " Value 0 (no bar): " + String.join(", ", zero) + "." : " " + zero.size() + " values are 0 (no bar).";
    }

    private static BarChart.Bar bar(final List<Double> values) {
        final Spread s = Spread.of(values);
        return new BarChart.Bar(s.median(), s.min(), s.max());
    }

    private static boolean allSlides(final Set<String> sources) {
        return !sources.isEmpty() && sources.stream().allMatch(s -> s.toLowerCase(Locale.ROOT).startsWith("slides"));
    }

    /** {@code dma_bytes_read_per_packet} as "DMA bytes read", {@code time_per_packet_p99} as "time p99". */
    static String words(final String metric) {
        return metric.replace("_per_packet", "").replace('_', ' ').replace("dma ", "DMA ");
    }

    private static String capitalised(final String text) {
        return text.isEmpty() ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
