package nicharness.harness.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Grouped bars in the shared look: one group per category (an NF, a driver part), one bar per
 * series in each group, each bar the median of the repetitions with a whisker from their minimum
 * to their maximum.
 */
final class BarChart {

    private BarChart() {
    }

    /**
     * One bar: the median and the range of the repetitions; NaN for a bar with no data.
     *
     * @param median the bar's height
     * @param low    the whisker's bottom (the median for a single value)
     * @param high   the whisker's top
     */
    record Bar(double median, double low, double high) {

        /** No data: no bar is drawn. */
        static final Bar NONE = new Bar(Double.NaN, Double.NaN, Double.NaN);

        /** A value without spread. */
        static Bar of(final double value) {
            return new Bar(value, value, value);
        }

        boolean present() {
            return !Double.isNaN(median);
        }
    }

    /**
     * One series: a bar in every category.
     *
     * @param name   the legend's text and the series' name
     * @param colour the bars' colour
     * @param bars   one bar per category, in category order
     */
    record Series(String name, Color colour, List<Bar> bars) {
    }

    /**
     * The figure of grouped bars.
     *
     * @param name       file name
     * @param title      title
     * @param yAxis      the value axis' title, with its unit
     * @param categories the groups' labels, in order
     * @param series     the series, in legend order
     * @param logarithmic whether the value axis is logarithmic: every bar must then be at least 1,
     *                    and the bars are drawn from 1 (see {@link LogAxis})
     * @param caption    the caption's paragraphs
     */
    static Figure figure(final String name, final String title, final String yAxis, final List<String> categories,
                         final List<Series> series, final boolean logarithmic, final List<String> caption) {
        final CategoryChart chart = new CategoryChartBuilder().width(PaperStyle.WIDTH).height(PaperStyle.HEIGHT).title(title)
                .xAxisTitle("").yAxisTitle(yAxis).build();
        PaperStyle.apply(chart.getStyler());
        chart.getStyler().setXAxisTitleVisible(false);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setAvailableSpaceFill(0.82);
        final List<Figure.Whisker> whiskers = new ArrayList<>();
        final List<Figure.LegendEntry> legend = new ArrayList<>();
        double highest = 0;
        double lowest = Double.MAX_VALUE;
        for (final Series s : series) {
            final List<Double> values = new ArrayList<>();
            for (int c = 0; c < categories.size(); c++) {
                final Bar bar = logarithmic ? LogAxis.bar(s.bars().get(c)) : s.bars().get(c);
                values.add(bar.present() ? bar.median() : null);
                if (bar.present()) {
                    highest = Math.max(highest, bar.high());
                    lowest = Math.min(lowest, bar.low());
                    if (bar.high() > bar.low()) {
                        whiskers.add(new Figure.Whisker(s.name(), c, bar.low(), bar.high()));
                    }
                }
            }
            final CategorySeries added = chart.addSeries(s.name(), categories, values);
            added.setFillColor(s.colour());
            added.setLineColor(s.colour());
            added.setMarker(SeriesMarkers.NONE);
            legend.add(Figure.LegendEntry.bar(s.name(), s.colour()));
        }
        if (logarithmic) {
            LogAxis.apply(chart.getStyler(), Math.floor(lowest), highest);
        } else {
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(niceCeiling(highest * 1.04));
        }
        return new Figure(name, chart, legend, whiskers, caption);
    }

    /** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten that is at least {@code value}. */
    static double niceCeiling(final double value) {
        if (!(value > 0)) {
            return 1;
        }
        final double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (final double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= value * (1 - 1e-12)) {
                return step * power;
            }
        }
        return 10 * power;
    }
}
