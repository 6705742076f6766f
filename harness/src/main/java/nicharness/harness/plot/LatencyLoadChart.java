package nicharness.harness.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import nicharness.harness.measure.Spread;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Figures 6, 7, 9 and 10: latency (median or 99th percentile, µs) against throughput (Gb/s), one
 * line with markers per driver, as the paper draws them (paper section 4, "Figures 6-11").
 *
 * <p>Each point is one latency level of the sweep: x is the level's total background load, y the
 * latency percentile, both the median of the repetitions; the last point of each line is the
 * driver's measured maximum. Whiskers span the repetitions' minimum and maximum in both
 * directions (the load of a level relative to the maximum varies with the maximum). As in the
 * paper, the latency axis is capped at three times the median latency of the chart, so that the
 * queueing at the breaking point does not flatten the rest; the caption says how many points are
 * above the cap.
 *
 * <p>A point whose load was above the repetition's own measured maximum (in any repetition) is
 * drawn hollow and named in the caption: its queue grew for the whole level, so its latency is
 * the queue's length, not the driver's.
 *
 * <p>Reads {@code summary.csv}: the lines of configurations that served the figure's experiment,
 * metrics {@code load_gbps} and the latency percentile, every level.
 */
final class LatencyLoadChart {

    /** The paper's y-axis cap: three times the median of the plotted latencies. */
    static final double CAP_FACTOR = 3;

    private LatencyLoadChart() {
    }

    /**
     * One figure of this kind.
     *
     * @param experiment the experiment whose runs it plots ({@code fig6})
     * @param name       the file name ({@code fig6-policer-median-latency})
     * @param title      the chart's title
     * @param metric     the latency metric ({@code latency_p50_ns} or {@code latency_p99_ns})
     * @param yAxis      the y-axis title, with its unit
     */
    record Spec(String experiment, String name, String title, String metric, String yAxis) {
    }

    /** A point of one driver's line: a level's load and latency, each over the repetitions. */
    record Point(String level, Spread load, Spread latency, boolean testerLimited, boolean overloaded) {
    }

    /** The figure of {@code spec}, or empty when the summary has no lines for its experiment. */
    static Optional<Figure> draw(final Spec spec, final SummaryResults summary, final String runCaption) {
        final List<SummaryResults.Line> lines = summary.select(l -> l.serves(spec.experiment()) && !l.level().isEmpty()
                && (l.metric().equals("load_gbps") || l.metric().equals(spec.metric())));
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        final Map<String, List<String>> noProbes = new LinkedHashMap<>();
        final Map<String, List<Point>> byDriver = new LinkedHashMap<>();
        points(lines, spec.metric()).forEach((driver, all) -> {
            // a latency summary of no samples is all zeros: no probe came back, there is no latency to draw
            final List<Point> measured = all.stream().filter(p -> p.latency().median() > 0).toList();
            all.stream().filter(p -> p.latency().median() <= 0)
                    .forEach(p -> noProbes.computeIfAbsent(DriverStyle.of(driver).label(), k -> new ArrayList<>()).add(p.level()));
            if (!measured.isEmpty()) {
                byDriver.put(driver, measured);
            }
        });
        if (byDriver.isEmpty()) {
            return Optional.empty();
        }
        final XYChart chart = new XYChartBuilder().width(PaperStyle.WIDTH).height(PaperStyle.HEIGHT).title(spec.title())
                .xAxisTitle("Throughput (Gb/s)").yAxisTitle(spec.yAxis()).build();
        PaperStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);

        final List<Double> medians = new ArrayList<>();
        byDriver.values().forEach(points -> points.forEach(p -> medians.add(p.latency().median() / 1000)));
        final double cap = CAP_FACTOR * Spread.of(medians).median();
        int aboveCap = 0;
        double highest = 0;
        final Map<String, List<String>> limited = new LinkedHashMap<>();
        final Map<String, List<String>> overloaded = new LinkedHashMap<>();
        final List<Figure.LegendEntry> legend = new ArrayList<>();
        for (final Map.Entry<String, List<Point>> e : byDriver.entrySet()) {
            final DriverStyle style = DriverStyle.of(e.getKey());
            final List<Point> points = e.getValue();
            final double[] x = new double[points.size()];
            final double[] y = new double[points.size()];
            for (int i = 0; i < points.size(); i++) {
                final Point p = points.get(i);
                x[i] = p.load().median();
                y[i] = p.latency().median() / 1000;
                aboveCap += y[i] > cap ? 1 : 0;
                highest = Math.max(highest, p.latency().max() / 1000);
                if (p.testerLimited()) {
                    limited.computeIfAbsent(style.label(), k -> new ArrayList<>()).add(p.level());
                }
                if (p.overloaded()) {
                    overloaded.computeIfAbsent(style.label(), k -> new ArrayList<>()).add(p.level());
                }
            }
            ChartSeries.line(chart, style, x, y);
            legend.add(Figure.LegendEntry.line(style));
            for (final Point p : points) {
                final double yMedian = p.latency().median() / 1000;
                ChartSeries.range(chart, style, p.load().median(), p.latency().min() / 1000, p.load().median(),
                        p.latency().max() / 1000);
                ChartSeries.range(chart, style, p.load().min(), yMedian, p.load().max(), yMedian);
            }
            // after the whiskers, so that they do not cross the hollow centres
            ChartSeries.hollow(chart, style, points.stream().filter(Point::overloaded).mapToDouble(p -> p.load().median()).toArray(),
                    points.stream().filter(Point::overloaded).mapToDouble(p -> p.latency().median() / 1000).toArray());
        }
        final List<String> caption = new ArrayList<>();
        final StringBuilder notes = new StringBuilder(settings(lines)).append(" Median of the repetitions at each load level, "
                + "the last at the measured maximum; whiskers: min\u2013max.");
        if (highest > cap) {
            chart.getStyler().setYAxisMax(cap);
            notes.append(" Latency axis capped at 3\u00d7 the median latency, as in the paper (").append(aboveCap)
                    .append(aboveCap == 1 ? " point" : " points").append(" above).");
        }
        notes.append(Words.testerLimited(limited, "at", false));
        notes.append(Words.overloaded(overloaded, "at", true));
        notes.append(Words.noProbes(noProbes, "at"));
        return Optional.of(new Figure(spec.name(), chart, legend, List.of(), List.of(notes.toString(), runCaption)));
    }

    /** Each driver's points in legend order, each line's points by ascending load. */
    static Map<String, List<Point>> points(final List<SummaryResults.Line> lines, final String metric) {
        final Map<String, Map<String, SummaryResults.Line>> loads = new LinkedHashMap<>();
        final Map<String, Map<String, SummaryResults.Line>> latencies = new LinkedHashMap<>();
        for (final SummaryResults.Line l : lines) {
            (l.metric().equals(metric) ? latencies : loads).computeIfAbsent(l.driver(), k -> new LinkedHashMap<>()).put(l.level(), l);
        }
        final Map<String, List<Point>> byDriver = new LinkedHashMap<>();
        for (final String driver : DriverStyle.inLegendOrder(new TreeSet<>(latencies.keySet()))) {
            final List<Point> points = new ArrayList<>();
            for (final Map.Entry<String, SummaryResults.Line> e : latencies.get(driver).entrySet()) {
                final SummaryResults.Line load = loads.getOrDefault(driver, Map.of()).get(e.getKey());
                if (load == null) {
                    continue; // a level without its load cannot be placed on the throughput axis
                }
                points.add(new Point(e.getKey(), load.spread(), e.getValue().spread(),
                        e.getValue().testerLimited() > 0 || load.testerLimited() > 0,
                        e.getValue().overloaded() > 0 || load.overloaded() > 0));
            }
            points.sort(Comparator.comparingDouble(p -> p.load().median()));
            if (!points.isEmpty()) {
                byDriver.put(driver, points);
            }
        }
        return byDriver;
    }

    /** The experiment's conditions as the first caption sentence, from its lines. */
    static String settings(final List<SummaryResults.Line> lines) {
        final SummaryResults.Line first = lines.getFirst();
        final StringBuilder s = new StringBuilder(Words.nf(first.nf())).append(", ").append(Words.directions(first.directions()))
                .append(", loss threshold ").append(Words.percent(first.lossThreshold()));
        if (first.extraWorkNs() > 0) {
            s.append(", ").append(Words.number(first.extraWorkNs())).append(" ns of extra work per packet");
        }
        return s.append('.').toString();
    }
}
