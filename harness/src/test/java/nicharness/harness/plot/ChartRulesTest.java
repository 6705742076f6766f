package nicharness.harness.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nicharness.harness.measure.Spread;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The rules the charts follow, on hand-made data: the paper's latency cap, CCDF bands, thinning, axis maxima. */
class ChartRulesTest {

    private static SummaryResults.Line line(final String driver, final String level, final String metric, final double median,
                                            final double min, final double max, final int testerLimited) {
        return overloaded(driver, level, metric, median, min, max, testerLimited, 0);
    }

    private static SummaryResults.Line overloaded(final String driver, final String level, final String metric, final double median,
                                                  final double min, final double max, final int testerLimited, final int overloaded) {
        return new SummaryResults.Line(1, "policer-2way", Set.of("fig6"), driver, "policer", 2, 0.003, 0, 1, level, metric,
                new Spread(3, median, min, max), testerLimited, overloaded, null);
    }

    private static SummaryResults summary(final List<SummaryResults.Line> lines) {
        return new SummaryResults(Path.of("summary.csv"), lines, List.of());
    }

    @Test
    void theLatencyAxisIsCappedAtThreeTimesTheMedianLatencyAsInThePaper() {
        final List<SummaryResults.Line> lines = new ArrayList<>();
        final double[] latencies = {5_000, 6_000, 7_000, 90_000};
        for (int i = 0; i < latencies.length; i++) {
            lines.add(line("tinynf", "l" + i, "load_gbps", i, i, i, 0));
            lines.add(line("tinynf", "l" + i, "latency_p50_ns", latencies[i], latencies[i] * 0.9, latencies[i] * 1.1, i == 3 ? 1 : 0));
        }
        final Figure figure = LatencyLoadChart.draw(Plots.LATENCY_LOAD.getFirst(), summary(lines), "run")
                .orElseThrow();
        final XYChart chart = (XYChart) figure.chart();
        assertEquals(3 * 6.5, chart.getStyler().getYAxisMax(), 1e-9, "3 x the median of 5, 6, 7 and 90 us");
        assertArrayEquals(new double[] {0, 1, 2, 3}, chart.getSeries("TinyNF").getXData());
        assertTrue(figure.caption().getFirst().contains("capped at 3\u00d7 the median latency, as in the paper (1 point above)"),
                figure.caption().getFirst());
        assertTrue(figure.caption().getFirst().contains("was the limit: TinyNF at l3."), figure.caption().getFirst());
        assertEquals("run", figure.caption().getLast());
    }

    @Test
    void withoutAnOutlierTheLatencyAxisIsNotCapped() {
        final List<SummaryResults.Line> lines = List.of(line("dpdk", "0", "load_gbps", 0, 0, 0, 0),
                line("dpdk", "0", "latency_p50_ns", 5_000, 5_000, 5_000, 0), line("dpdk", "max", "load_gbps", 3, 2.9, 3.1, 0),
                line("dpdk", "max", "latency_p50_ns", 9_000, 8_000, 12_000, 0));
        final Figure figure = LatencyLoadChart.draw(Plots.LATENCY_LOAD.getFirst(), summary(lines), "run")
                .orElseThrow();
        assertEquals(null, ((XYChart) figure.chart()).getStyler().getYAxisMax());
        assertTrue(!figure.caption().getFirst().contains("capped"));
        // one whisker up and down, one across, at the point with spread; none at the point without
        assertEquals(1 + 2, ((XYChart) figure.chart()).getSeriesCollection().size());
    }

    @Test
    void levelsWhereNoProbeCameBackAreLeftOutAndNamed() {
        final List<SummaryResults.Line> lines = List.of(line("tinynf", "0", "load_gbps", 0, 0, 0, 0),
                line("tinynf", "0", "latency_p50_ns", 0, 0, 0, 0), line("tinynf", "max", "load_gbps", 3, 3, 3, 0),
                line("tinynf", "max", "latency_p50_ns", 9_000, 9_000, 9_000, 0));
        final Figure figure = LatencyLoadChart.draw(Plots.LATENCY_LOAD.getFirst(), summary(lines), "run").orElseThrow();
        assertArrayEquals(new double[] {3}, ((XYChart) figure.chart()).getSeries("TinyNF").getXData());
        assertTrue(figure.caption().getFirst().contains("No probe came back, so no latency: TinyNF at 0."), figure.caption().getFirst());
    }

    @Test
    void aLevelAboveTheMeasuredMaximumIsDrawnHollowAndNamed() {
        // 1 Gb/s above a maximum of 0.6 Gb/s in two of three repetitions: the queue's latency, hundreds of microseconds
        final List<SummaryResults.Line> lines = List.of(line("dpdk", "0", "load_gbps", 0, 0, 0, 0),
                line("dpdk", "0", "latency_p50_ns", 5_000, 5_000, 5_000, 0),
                line("dpdk", "max", "load_gbps", 0.6, 0.5, 0.7, 0), line("dpdk", "max", "latency_p50_ns", 9_000, 9_000, 9_000, 0),
                overloaded("dpdk", "1", "load_gbps", 1, 1, 1, 0, 2), overloaded("dpdk", "1", "latency_p50_ns", 400_000, 300_000, 500_000, 0, 2));
        final Figure figure = LatencyLoadChart.draw(Plots.LATENCY_LOAD.getFirst(), summary(lines), "run").orElseThrow();
        final XYChart chart = (XYChart) figure.chart();
        final var hollow = chart.getSeries("DPDK overloaded");
        assertArrayEquals(new double[] {1}, hollow.getXData());
        assertArrayEquals(new double[] {400}, hollow.getYData());
        assertEquals(java.awt.Color.WHITE, hollow.getMarkerColor());
        assertTrue(!hollow.isShowInLegend());
        assertArrayEquals(new double[] {0, 0.6, 1}, chart.getSeries("DPDK").getXData(), "the point stays on the driver's line");
        assertTrue(figure.caption().getFirst().contains("Above the driver's measured maximum, so the latency is an overloaded "
                + "queue's (hollow markers): DPDK at 1."), figure.caption().getFirst());
        assertTrue(chart.getSeriesCollection().stream().noneMatch(sr -> sr.getName().equals("DPDK overloaded") && sr != hollow));
        final Figure none = LatencyLoadChart.draw(Plots.LATENCY_LOAD.getFirst(), summary(lines.subList(0, 4)), "run").orElseThrow();
        assertTrue(!none.caption().getFirst().contains("overloaded"));
        assertEquals(null, ((XYChart) none.chart()).getSeries("DPDK overloaded"));
    }

    private static CcdfResults.Curve curve(final int repetition, final double[] latency, final double[] fraction) {
        return new CcdfResults.Curve("nop-2way", Set.of("fig11"), "tinynf", "nop", repetition, 2, 0.003, "0", 0, latency, fraction);
    }

    @Test
    void aCcdfIsReadAsTheLatencyBelowWhichAllButAFractionOfProbesWere() {
        final CcdfResults.Curve c = curve(1, new double[] {10, 20, 30}, new double[] {0.5, 0.01, 0});
        assertEquals(10, c.latencyAt(1));
        assertEquals(10, c.latencyAt(0.5));
        assertEquals(20, c.latencyAt(0.4));
        assertEquals(20, c.latencyAt(0.01));
        assertEquals(30, c.latencyAt(1e-4));
        assertTrue(Double.isNaN(curve(1, new double[] {10}, new double[] {0.2}).latencyAt(0.1)), "the curve stops above 0.1");
    }

    @Test
    void theBandIsTheRepetitionsMedianMinAndMaxAndStopsWhereOneOfThemStops() {
        final CcdfChart.Band band = CcdfChart.band("tinynf", List.of(
                curve(1, new double[] {10, 40}, new double[] {0.001, 0}),
                curve(2, new double[] {12, 50}, new double[] {0.001, 0.0005}),
                curve(3, new double[] {14, 60}, new double[] {0.001, 0}))).orElseThrow();
        assertEquals(1.0, band.probability()[0]);
        assertEquals(12, band.median()[0]);
        assertEquals(10, band.low()[0]);
        assertEquals(14, band.high()[0]);
        final int last = band.probability().length - 1;
        assertEquals(Math.pow(10, -3.3), band.probability()[last], 1e-12, "repetition 2 has no point below 5e-4");
        assertEquals(50, band.median()[last]);
        assertEquals(40, band.low()[last]);
        assertEquals(60, band.high()[last]);
        assertEquals(3 * CcdfChart.POINTS_PER_DECADE + 7, band.probability().length, "1 down to 10^-3.3 at 20 per decade");
    }

    @Test
    void straightRunsLoseTheirInnerPoints() {
        final double[][] kept = ChartSeries.withoutStraightRuns(new double[] {1, 2, 2, 2, 2, 3, 4}, new double[] {0, -1, -2, -3, -4, -4, -4});
        assertArrayEquals(new double[] {1, 2, 2, 4}, kept[0]);
        assertArrayEquals(new double[] {0, -1, -4, -4}, kept[1]);
    }

    @Test
    void barAxesEndAtARoundNumberAboveTheHighestWhisker() {
        assertEquals(2.5, BarChart.niceCeiling(2.08));
        assertEquals(4, BarChart.niceCeiling(3.5));
        assertEquals(600, BarChart.niceCeiling(571.6));
        assertEquals(1, BarChart.niceCeiling(0));
        assertEquals(0.15, BarChart.niceCeiling(0.146), 1e-12);
    }

    @Test
    void aTitleTooWideForTheColumnIsSetSmaller() {
        final XYChart chart = new org.knowm.xchart.XYChartBuilder().width(PaperStyle.WIDTH).height(PaperStyle.HEIGHT)
                .title("A title far too long to fit in one column of a two-column paper at its size").build();
        PaperStyle.apply(chart.getStyler());
        new Figure("t", chart, List.of(), List.of(), List.of());
        assertTrue(chart.getStyler().getChartTitleFont().getSize() < PaperStyle.TITLE_FONT);
    }
}
