package nicharness.harness.plot;

import java.awt.BasicStroke;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Adds a driver's data to a line chart in its {@link DriverStyle}: the line with markers, the
 * min-max whiskers of each point, and a shaded band.
 *
 * <p>Whiskers and bands are series of their own, left out of the legend, so that they are part of
 * the chart object (tests read them) and XChart's axis ranges include them. A series' name is its
 * legend entry; the extra series are named {@code "<legend> range <n>"} and
 * {@code "<legend> band"}.
 */
final class ChartSeries {

    private static final BasicStroke WHISKER = new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);

    private ChartSeries() {
    }

    /**
     * The points of a polyline without the inner points of its straight vertical and horizontal
     * runs, which draw nothing the run's ends do not: a CCDF read at fixed probabilities has long
     * vertical runs where a step covers several probabilities, and the SVG writes every segment
     * as an element of its own.
     *
     * @return {x, y} of the kept points
     */
    static double[][] withoutStraightRuns(final double[] x, final double[] y) {
        final int n = x.length;
        final double[] kx = new double[n];
        final double[] ky = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            final boolean inner = i > 0 && i < n - 1
                    && ((x[i - 1] == x[i] && x[i] == x[i + 1]) || (y[i - 1] == y[i] && y[i] == y[i + 1]));
            if (!inner) {
                kx[k] = x[i];
                ky[k] = y[i];
                k++;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(kx, k), java.util.Arrays.copyOf(ky, k)};
    }

    /** Adds the line of {@code style}'s driver with its markers, named by its legend label. */
    static XYSeries line(final XYChart chart, final DriverStyle style, final double[] x, final double[] y) {
        final XYSeries series = chart.addSeries(style.label(), x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setLineColor(style.colour());
        series.setLineStyle(style.stroke());
        series.setMarker(style.marker());
        series.setMarkerColor(style.colour());
        return series;
    }

    /**
     * Makes the driver's markers at ({@code x}, {@code y}) hollow: a white copy of the marker at
     * half its size over each, in a series left out of the legend named
     * {@code "<legend> overloaded"}; nothing when there are no such points.
     */
    static void hollow(final XYChart chart, final DriverStyle style, final double[] x, final double[] y) {
        if (x.length == 0) {
            return;
        }
        final XYSeries series = chart.addSeries(style.label() + " overloaded", x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
        series.setMarker(new HalfSize(style.marker()));
        series.setMarkerColor(java.awt.Color.WHITE);
        series.setShowInLegend(false);
    }

    /** A marker drawn at half the chart's marker size, so that a white one over a coloured one leaves a coloured ring. */
    static final class HalfSize extends Marker {
        private final Marker shape;

        HalfSize(final Marker shape) {
            this.shape = shape;
        }

        @Override
        public void paint(final java.awt.Graphics2D g, final double xOffset, final double yOffset, final int markerSize) {
            shape.paint(g, xOffset, yOffset, Math.max(1, markerSize / 2));
        }
    }

    /**
     * Adds a whisker from ({@code x0}, {@code y0}) to ({@code x1}, {@code y1}) in the driver's
     * colour, or nothing when the range is a single point (one repetition, or all equal).
     */
    static void range(final XYChart chart, final DriverStyle style, final double x0, final double y0, final double x1,
                      final double y1) {
        if (x0 == x1 && y0 == y1) {
            return;
        }
        final String name = String.format(Locale.ROOT, "%s range %d", style.label(), chart.getSeriesCollection().size());
        final XYSeries series = chart.addSeries(name, new double[] {x0, x1}, new double[] {y0, y1});
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setLineColor(style.colour());
        series.setLineStyle(WHISKER);
        series.setMarker(SeriesMarkers.NONE);
        series.setShowInLegend(false);
    }

    /**
     * Adds a band between {@code low} and {@code high} over {@code x}, in the driver's colour
     * mostly transparent; add it before the line so that the line is drawn over it.
     */
    static void band(final XYChart chart, final DriverStyle style, final double[] y, final double[] low, final double[] high) {
        final double[][] lowSide = withoutStraightRuns(low, y);
        final double[][] highSide = withoutStraightRuns(high, y);
        final int a = lowSide[0].length;
        final int b = highSide[0].length;
        final double[] px = new double[a + b];
        final double[] py = new double[a + b];
        for (int i = 0; i < a; i++) {
            px[i] = lowSide[0][i];
            py[i] = lowSide[1][i];
        }
        for (int i = 0; i < b; i++) {
            px[a + b - 1 - i] = highSide[0][i];
            py[a + b - 1 - i] = highSide[1][i];
        }
        final XYSeries series = chart.addSeries(style.label() + " band", px, py);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        series.setFillColor(style.bandColour());
        series.setLineColor(style.bandColour());
        series.setLineStyle(SeriesLines.NONE); // no outline: the SVG would write every segment of it
        series.setMarker(SeriesMarkers.NONE);
        series.setShowInLegend(false);
    }
}
