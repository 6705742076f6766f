package nicharness.harness.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import nicharness.harness.plan.Experiment;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * The device-access-cost sweep, beyond the paper: each driver's no-op throughput as the software
 * 82599 charges more or less for each register access (doorbell writes, register reads), in
 * multiples of its default cost. A driver model that touches the device less per packet loses
 * less as accesses get dearer, which is TinyNF's argument for writing the tail every 8 packets.
 *
 * <p>Reads {@code summary.csv}: the lines of configurations that served {@code device-cost},
 * metric {@code throughput_gbps}, one point per {@code device_cost_factor}.
 */
final class DeviceCostChart {

    /** The file name. */
    static final String NAME = "device-cost-throughput";

    private DeviceCostChart() {
    }

    /** The chart, or empty when the summary has no lines of the sweep. */
    static Optional<Figure> draw(final SummaryResults summary, final String runCaption) {
        final List<SummaryResults.Line> lines = summary.select(l -> l.serves(Experiment.DEVICE_COST.id())
                && l.metric().equals("throughput_gbps") && l.level().isEmpty());
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        final Map<String, List<SummaryResults.Line>> byDriver = new LinkedHashMap<>();
        lines.forEach(l -> byDriver.computeIfAbsent(l.driver(), k -> new ArrayList<>()).add(l));
        final XYChart chart = new XYChartBuilder().width(PaperStyle.WIDTH).height(PaperStyle.HEIGHT)
                .title("No-op throughput vs. device-access cost").xAxisTitle("Device-access cost (× the model's default)")
                .yAxisTitle("Throughput (Gb/s)").build();
        PaperStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setYAxisMin(0.0);
        final List<Figure.LegendEntry> legend = new ArrayList<>();
        final Map<String, List<String>> limited = new LinkedHashMap<>();
        for (final String driver : DriverStyle.inLegendOrder(new TreeSet<>(byDriver.keySet()))) {
            final DriverStyle style = DriverStyle.of(driver);
            final List<SummaryResults.Line> points = new ArrayList<>(byDriver.get(driver));
            points.sort(Comparator.comparingDouble(SummaryResults.Line::deviceCostFactor));
            final double[] x = points.stream().mapToDouble(SummaryResults.Line::deviceCostFactor).toArray();
            final double[] y = points.stream().mapToDouble(l -> l.spread().median()).toArray();
            ChartSeries.line(chart, style, x, y);
            legend.add(Figure.LegendEntry.line(style));
            for (final SummaryResults.Line p : points) {
                ChartSeries.range(chart, style, p.deviceCostFactor(), p.spread().min(), p.deviceCostFactor(), p.spread().max());
                if (p.testerLimited() > 0) {
                    limited.computeIfAbsent(style.label(), k -> new ArrayList<>()).add(Words.number(p.deviceCostFactor()) + "\u00d7");
                }
            }
        }
        final SummaryResults.Line first = lines.getFirst();
        final StringBuilder notes = new StringBuilder(Words.nf(first.nf())).append(", ").append(Words.directions(first.directions()))
                .append(", loss threshold ").append(Words.percent(first.lossThreshold()))
                .append(". 0\u00d7: register accesses cost nothing beyond the model's own work. Points: median of the "
                        + "repetitions; whiskers: min\u2013max.");
        notes.append(Words.testerLimited(limited, "at", true));
        return Optional.of(new Figure(NAME, chart, legend, List.of(), List.of(notes.toString(), runCaption)));
    }
}
