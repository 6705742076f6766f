package nicharness.harness.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * Table 2 as charts: the functions, lines of code and paths of each driver's init, receive and
 * transmit code, ours (the Java drivers, measured by module {@code code-metrics}) beside the
 * paper's for the C drivers, on logarithmic axes since DPDK's init is a hundred times TinyNF's
 * receive; and the transmit paths as the number of outputs grows, where TinyNF's 2 + 2^O and the
 * others' (per-queue count)^O part ways.
 *
 * <p>Reads {@code complexity.csv}: our {@code functions}, {@code loc} and {@code paths} and the
 * paper's {@code paper_functions}, {@code paper_loc} and {@code paper_paths_value}, the bars at
 * O = 1, the line chart for every O.
 */
final class Table2Chart {

    /** The paper's columns, in its order. */
    static final List<String> PARTS = List.of("init", "receive", "transmit");

    private Table2Chart() {
    }

    /**
     * One bar chart of Table 2.
     *
     * @param name  the file name
     * @param title the title
     * @param yAxis the value axis' title
     * @param ours  our value of a row
     * @param paper the paper's value of a row, NaN where it has none
     */
    record Spec(String name, String title, String yAxis, ToDoubleFunction<ComplexityResults.Row> ours,
                ToDoubleFunction<ComplexityResults.Row> paper) {
    }

    /** Lines, functions and paths. */
    static final List<Spec> SPECS = List.of(
            new Spec("table2-lines-of-code", "Driver code size: lines (Table 2)", "Lines of code",
                    ComplexityResults.Row::loc, ComplexityResults.Row::paperLoc),
            new Spec("table2-functions", "Driver code size: functions (Table 2)", "Functions",
                    ComplexityResults.Row::functions, ComplexityResults.Row::paperFunctions),
            new Spec("table2-paths", "Paths per packet, one output (Table 2)", "Paths (O = 1)",
                    ComplexityResults.Row::paths, ComplexityResults.Row::paperPaths));

    /** The file name of the transmit paths against the number of outputs. */
    static final String TRANSMIT_PATHS = "table2-transmit-paths-by-outputs";

    /** The bar chart of {@code spec}, or empty when the file has no rows for one output. */
    static Optional<Figure> draw(final Spec spec, final ComplexityResults results) {
        final List<ComplexityResults.Row> rows = results.rows().stream().filter(r -> r.outputs() == 1).toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        final List<String> parts = new ArrayList<>(PARTS);
        rows.stream().map(ComplexityResults.Row::part).distinct().filter(p -> !parts.contains(p)).forEach(parts::add);
        final List<BarChart.Series> series = new ArrayList<>();
        for (final String driver : DriverStyle.inLegendOrder(new TreeSet<>(rows.stream().map(ComplexityResults.Row::driver).toList()))) {
            final DriverStyle style = DriverStyle.of(driver);
            final List<BarChart.Bar> ours = new ArrayList<>();
            final List<BarChart.Bar> paper = new ArrayList<>();
            for (final String part : parts) {
                final Optional<ComplexityResults.Row> row = rows.stream().filter(r -> r.driver().equals(driver) && r.part().equals(part))
                        .findFirst();
                ours.add(row.map(r -> positive(spec.ours().applyAsDouble(r))).orElse(BarChart.Bar.NONE));
                paper.add(row.map(r -> positive(spec.paper().applyAsDouble(r))).orElse(BarChart.Bar.NONE));
            }
            series.add(new BarChart.Series(style.label() + ": Java", style.colour(), ours));
            if (paper.stream().anyMatch(BarChart.Bar::present)) {
                series.add(new BarChart.Series(style.label() + ": C (paper)", style.paperColour(), paper));
            }
        }
        if (series.stream().flatMap(s -> s.bars().stream()).noneMatch(BarChart.Bar::present)) {
            return Optional.empty();
        }
        final String notes = "Java: our drivers, measured from their @DriverPart entry points by code-metrics; C (paper): DPDK "
                + "20.02 ixgbe, ixy and TinyNF, as the paper's artifact recomputes them. Init is not comparable line for line: the "
                + "Java drivers share the datasheet's device bring-up, which the paper counts in each driver."
                + (spec.name().equals("table2-paths") ? " The paper's formulas are evaluated with 1 for the variables it "
                + "leaves open (a lower bound) and give no init count; logarithmic axis." : " Logarithmic axis.");
        return Optional.of(BarChart.figure(spec.name(), spec.title(), spec.yAxis(),
                parts.stream().map(Table2Chart::partLabel).toList(), series, true, List.of(notes, source(results))));
    }

    /** Transmit paths against O: ours solid, the paper's formula dashed in the lighter colour. */
    static Optional<Figure> drawTransmitPaths(final ComplexityResults results) {
        final List<ComplexityResults.Row> rows = results.rows().stream().filter(r -> r.part().equals("transmit") && r.paths() > 0)
                .toList();
        if (rows.stream().map(ComplexityResults.Row::outputs).distinct().count() < 2) {
            return Optional.empty();
        }
        final XYChart chart = new XYChartBuilder().width(PaperStyle.WIDTH).height(PaperStyle.HEIGHT)
                .title("Transmit paths vs. outputs (Table 2)").xAxisTitle("Outputs (O)")
                .yAxisTitle("Paths per packet").build();
        PaperStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisDecimalPattern("0");
        final double highest = rows.stream().mapToDouble(r -> Math.max(r.paths(), r.paperPaths() > 0 ? r.paperPaths() : 1)).max()
                .orElse(1);
        LogAxis.apply(chart.getStyler(), 0, LogAxis.exponent(highest));
        final List<Figure.LegendEntry> legend = new ArrayList<>();
        for (final String driver : DriverStyle.inLegendOrder(new TreeSet<>(rows.stream().map(ComplexityResults.Row::driver).toList()))) {
            final DriverStyle style = DriverStyle.of(driver);
            final List<ComplexityResults.Row> mine = rows.stream().filter(r -> r.driver().equals(driver))
                    .sorted((a, b) -> Integer.compare(a.outputs(), b.outputs())).toList();
            final double[] x = mine.stream().mapToDouble(ComplexityResults.Row::outputs).toArray();
            final double[] y = mine.stream().mapToDouble(r -> LogAxis.exponent(r.paths())).toArray();
            final var ours = ChartSeries.line(chart, style, x, y);
            ours.setLineStyle(new java.awt.BasicStroke(DriverStyle.LINE_WIDTH));
            legend.add(new Figure.LegendEntry(style.label() + ": Java", style.colour(), new java.awt.BasicStroke(DriverStyle.LINE_WIDTH),
                    style.marker()));
            final List<ComplexityResults.Row> withPaper = mine.stream().filter(r -> r.paperPaths() > 0).toList();
            if (withPaper.size() >= 2) {
                final var paper = chart.addSeries(style.label() + ": C (paper)",
                        withPaper.stream().mapToDouble(ComplexityResults.Row::outputs).toArray(),
                        withPaper.stream().mapToDouble(r -> LogAxis.exponent(r.paperPaths())).toArray());
                paper.setLineColor(style.paperColour());
                paper.setLineStyle(SeriesLines.DASH_DASH);
                paper.setMarker(style.marker());
                paper.setMarkerColor(style.paperColour());
                legend.add(new Figure.LegendEntry(style.label() + ": C (paper)", style.paperColour(), SeriesLines.DASH_DASH,
                        style.marker()));
            }
        }
        final String notes = "Per packet, batch 1. TinyNF handles all outputs in one pass (the paper's 2 + 2^O); DPDK and ixy "
                + "handle each transmit queue on its own, so their count is the one-queue count to the power O. The paper's "
                + "formulas use 1 for the variables it leaves open. Logarithmic axis.";
        return Optional.of(new Figure(TRANSMIT_PATHS, chart, legend, List.of(), List.of(notes, source(results))));
    }

    private static BarChart.Bar positive(final double value) {
        return value > 0 ? BarChart.Bar.of(value) : BarChart.Bar.NONE;
    }

    private static String partLabel(final String part) {
        return part.isEmpty() ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1);
    }

    private static String source(final ComplexityResults results) {
        return "From " + results.file().getFileName() + ": the source and class files of this checkout; no run involved.";
    }
}
