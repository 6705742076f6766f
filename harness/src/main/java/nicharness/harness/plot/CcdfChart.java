package nicharness.harness.plot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Figures 8 and 11: latency CCDFs, the fraction of probes slower than each latency on a
 * logarithmic axis from 1 down to 10⁻⁴, where the paper stops because NIC timestamps are
 * unreliable beyond the 99.99th percentile (paper section 3.4).
 *
 * <p>Each repetition's CCDF is read at {@value #POINTS_PER_DECADE} probabilities per decade: the
 * latency below which all but that fraction of probes were. The line is the median of the
 * repetitions' latencies at each probability, the band their minimum to maximum. Reading the
 * curves at fixed probabilities rather than plotting every recorded latency also thins them: a
 * few hundred points per driver instead of one per histogram bucket, so that the SVG stays small.
 *
 * <p>Reads {@code latency_ccdf.csv}: the curves of the trials that served the figure's
 * experiment, at the one level the figure is about.
 */
final class CcdfChart {

    /** Probabilities read per decade of the CCDF. */
    static final int POINTS_PER_DECADE = 20;
    /** The lowest probability drawn: the 99.99th percentile. */
    static final double FLOOR = 1e-4;
    /** A latency axis spanning more than this ratio is drawn logarithmic. */
    static final double LOG_AXIS_RATIO = 30;

    private CcdfChart() {
    }

    /**
     * One figure of this kind.
     *
     * @param experiment the experiment whose runs it plots ({@code fig8})
     * @param name       the file name
     * @param title      the title, before the level ("Policer: latency CCDF")
     * @param figure     the paper's figure number, for the title
     * @param loadGbps   the level to draw: the one whose load is closest to this, in total Gb/s
     */
    record Spec(String experiment, String name, String title, String figure, double loadGbps) {
    }

    /**
     * One driver's curve over its repetitions.
     *
     * @param driver      the driver
     * @param probability the probabilities read, descending from 1
     * @param median      the median latency at each, ns
     * @param low         the lowest
     * @param high        the highest
     * @param repetitions how many repetitions
     */
    record Band(String driver, double[] probability, double[] median, double[] low, double[] high, int repetitions) {
    }

    /** The figure of {@code spec} with no level known to be overloaded, or empty when no curve served its experiment. */
    static Optional<Figure> draw(final Spec spec, final CcdfResults results, final String runCaption) {
        return draw(spec, results, (driver, level) -> false, runCaption);
    }

    /**
     * The figure of {@code spec}, or empty when no curve served its experiment.
     *
     * @param overloaded whether a driver's level was above its measured maximum in some repetition
     *                   (from the summary: the CCDF file does not say), to be named in the caption
     */
    static Optional<Figure> draw(final Spec spec, final CcdfResults results, final java.util.function.BiPredicate<String, String> overloaded,
                                 final String runCaption) {
        final List<CcdfResults.Curve> served = results.served(spec.experiment());
        if (served.isEmpty()) {
            return Optional.empty();
        }
        final String level = served.stream().min(Comparator.comparingDouble(c -> Math.abs(c.loadGbps() - spec.loadGbps())))
                .orElseThrow().level();
        final List<CcdfResults.Curve> curves = served.stream().filter(c -> c.level().equals(level)).toList();
        final double load = curves.getFirst().loadGbps();
        final List<Band> bands = new ArrayList<>();
        final Map<String, List<CcdfResults.Curve>> byDriver = new LinkedHashMap<>();
        curves.forEach(c -> byDriver.computeIfAbsent(c.driver(), k -> new ArrayList<>()).add(c));
        for (final String driver : DriverStyle.inLegendOrder(new TreeSet<>(byDriver.keySet()))) {
            band(driver, byDriver.get(driver)).ifPresent(bands::add);
        }
        if (bands.isEmpty()) {
            return Optional.empty();
        }

        final String title = spec.title() + (load == 0 ? " at zero load" : " at " + Words.number(load) + " Gb/s") + " ("
                + spec.figure() + ")";
        final XYChart chart = new XYChartBuilder().width(PaperStyle.WIDTH).height(PaperStyle.HEIGHT).title(title)
                .xAxisTitle("Latency (µs)").yAxisTitle("Fraction of probes slower").build();
        PaperStyle.apply(chart.getStyler());
        // the probability axis is an axis of exponents (see LogAxis): XChart's logarithmic axis
        // draws eight grid lines inside every decade
        chart.getStyler().setYAxisMin(LogAxis.exponent(FLOOR));
        chart.getStyler().setYAxisMax(0.0);
        chart.getStyler().setYAxisTickLabelsFormattingFunction(LogAxis::label);
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (final Band b : bands) {
            lowest = Math.min(lowest, Arrays.stream(b.low()).min().orElse(lowest));
            highest = Math.max(highest, Arrays.stream(b.high()).max().orElse(highest));
        }
        final boolean logLatency = highest / Math.max(1, lowest) > LOG_AXIS_RATIO;
        chart.getStyler().setXAxisLogarithmic(logLatency);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(true);

        final List<Figure.LegendEntry> legend = new ArrayList<>();
        for (final Band b : bands) {
            final DriverStyle style = DriverStyle.of(b.driver());
            if (b.repetitions() > 1) {
                ChartSeries.band(chart, style, exponents(b.probability()), micro(b.low()), micro(b.high()));
            }
        }
        for (final Band b : bands) {
            final DriverStyle style = DriverStyle.of(b.driver());
            final double[][] thinned = ChartSeries.withoutStraightRuns(micro(b.median()), exponents(b.probability()));
            ChartSeries.line(chart, style, thinned[0], thinned[1]).setMarker(SeriesMarkers.NONE);
            legend.add(new Figure.LegendEntry(style.label(), style.colour(), style.stroke(), null));
        }
        final CcdfResults.Curve first = curves.getFirst();
        final String notes = Words.nf(first.nf()) + ", " + Words.directions(first.directions()) + ", "
                + (load == 0 ? "probes only" : Words.number(load) + " Gb/s of background load") + " (level " + level + "), down to the 99.99th percentile as in the paper. Line: median "
                + "over the repetitions of the latency at each fraction; band: min\u2013max"
                + (logLatency ? "; latency axis logarithmic." : ".")
                + Words.overloaded(overloadedAt(bands, level, overloaded), "at", false);
        return Optional.of(new Figure(spec.name(), chart, legend, List.of(), List.of(notes, runCaption)));
    }

    private static Map<String, List<String>> overloadedAt(final List<Band> bands, final String level,
                                                          final java.util.function.BiPredicate<String, String> overloaded) {
        final Map<String, List<String>> named = new LinkedHashMap<>();
        bands.stream().filter(b -> overloaded.test(b.driver(), level))
                .forEach(b -> named.put(DriverStyle.of(b.driver()).label(), List.of(level)));
        return named;
    }

    /**
     * The probabilities 1, 10^(-1/n), ... down to {@link #FLOOR}, n = {@link #POINTS_PER_DECADE}.
     */
    static double[] probabilities() {
        final int decades = (int) Math.round(-Math.log10(FLOOR));
        final double[] p = new double[decades * POINTS_PER_DECADE + 1];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.pow(10, -(double) i / POINTS_PER_DECADE);
        }
        return p;
    }

    /**
     * A driver's band over its repetitions, at the probabilities every repetition reaches, or
     * empty if none reaches any.
     */
    static Optional<Band> band(final String driver, final List<CcdfResults.Curve> repetitions) {
        final double[] all = probabilities();
        final List<double[]> rows = new ArrayList<>();
        for (final double p : all) {
            final double[] latencies = new double[repetitions.size()];
            for (int r = 0; r < latencies.length; r++) {
                latencies[r] = repetitions.get(r).latencyAt(p);
            }
            if (Arrays.stream(latencies).anyMatch(Double::isNaN)) {
                break; // a repetition's curve ends before p: the band stops where all of them still have data
            }
            Arrays.sort(latencies);
            final int n = latencies.length;
            final double median = n % 2 == 1 ? latencies[n / 2] : (latencies[n / 2 - 1] + latencies[n / 2]) / 2;
            rows.add(new double[] {p, median, latencies[0], latencies[n - 1]});
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        final double[][] columns = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 4; c++) {
                columns[c][i] = rows.get(i)[c];
            }
        }
        return Optional.of(new Band(driver, columns[0], columns[1], columns[2], columns[3], repetitions.size()));
    }

    private static double[] exponents(final double[] p) {
        return Arrays.stream(p).map(LogAxis::exponent).toArray();
    }

    private static double[] micro(final double[] ns) {
        return Arrays.stream(ns).map(v -> v / 1000).toArray();
    }
}
