package nicharness.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyStatisticsTest {

    private static Histogram of(final long... values) {
        final Histogram h = LatencyStatistics.newHistogram();
        for (final long v : values) {
            h.recordValue(v);
        }
        return h;
    }

    @Test
    void percentilesAreThePapersOrderStatistics() {
        // 1..1000 ns, all exact (below 2048): median = element floor(n/2)+1 = 501, p99 = element 990.
        final Histogram h = LatencyStatistics.newHistogram();
        for (long v = 1; v <= 1000; v++) {
            h.recordValue(v);
        }
        final LatencySummary s = LatencyStatistics.summarize(h);
        assertEquals(1000, s.samples());
        assertEquals(1, s.minNs());
        assertEquals(501, s.p50Ns());
        assertEquals(990, s.p99Ns());
        assertEquals(999, s.p999Ns());
        assertEquals(999, s.p9999Ns()); // floor(0.9999 * 1000) = 999
        assertEquals(1000, s.maxNs());
        assertEquals(500.5, s.meanNs(), 1e-9);
    }

    @Test
    void aSmallSampleUsesTheFirstElementAtLeast() {
        final LatencySummary s = LatencyStatistics.summarize(of(700, 100, 300));
        assertEquals(300, s.p50Ns()); // element floor(3/2)+1 = 2 of [100, 300, 700]
        assertEquals(300, s.p99Ns()); // element floor(2.97) = 2
        assertEquals(100, s.minNs());
        assertEquals(700, s.maxNs());
    }

    @Test
    void emptyHistogramGivesZeros() {
        final LatencySummary s = LatencyStatistics.summarize(LatencyStatistics.newHistogram());
        assertEquals(0, s.samples());
        assertEquals(0, s.p99Ns());
    }

    @Test
    void largeValuesAreWithinThePrecisionOfTheExactOrderStatistic() {
        final Random random = new Random(42);
        final long[] samples = new long[100_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = 3_000 + (long) (Math.abs(random.nextGaussian()) * 2_000) + (i % 1000 == 0 ? 500_000 : 0);
        }
        final Histogram h = of(samples);
        final long[] sorted = samples.clone();
        Arrays.sort(sorted);
        final LatencySummary s = LatencyStatistics.summarize(h);
        assertClose(sorted[samples.length / 2], s.p50Ns());
        assertClose(sorted[(int) Math.floor(0.99 * samples.length) - 1], s.p99Ns());
        assertClose(sorted[(int) Math.floor(0.999 * samples.length) - 1], s.p999Ns());
        assertClose(sorted[sorted.length - 1], s.maxNs());
    }

    private static void assertClose(final long exact, final long reported) {
        assertTrue(reported >= exact && reported <= exact + exact / 1000 + 1, "exact " + exact + ", reported " + reported);
    }

    @Test
    void ccdfGivesTheFractionAboveEachValueAndStopsAtTheFourNines() {
        // 10,000 samples: 9,000 at 1,000 ns, 999 at 1,500 ns, 1 at 1,900 ns.
        final Histogram h = LatencyStatistics.newHistogram();
        h.recordValueWithCount(1_000, 9_000);
        h.recordValueWithCount(1_500, 999);
        h.recordValueWithCount(1_900, 1);
        final List<LatencyStatistics.CcdfPoint> ccdf = LatencyStatistics.ccdf(h);
        assertEquals(List.of(new LatencyStatistics.CcdfPoint(1_000, 0.1), new LatencyStatistics.CcdfPoint(1_500, 0.0001)), ccdf);
    }

    @Test
    void ccdfIsNonIncreasingAndEndsAtOrBelowTheFloor() {
        final Random random = new Random(7);
        final Histogram h = LatencyStatistics.newHistogram();
        for (int i = 0; i < 50_000; i++) {
            h.recordValue(2_000 + random.nextInt(5_000));
        }
        final List<LatencyStatistics.CcdfPoint> ccdf = LatencyStatistics.ccdf(h);
        for (int i = 1; i < ccdf.size(); i++) {
            assertTrue(ccdf.get(i).fractionAbove() <= ccdf.get(i - 1).fractionAbove());
            assertTrue(ccdf.get(i).latencyNs() > ccdf.get(i - 1).latencyNs());
        }
        assertTrue(ccdf.getLast().fractionAbove() <= LatencyStatistics.CCDF_FLOOR);
        assertTrue(ccdf.get(ccdf.size() - 2).fractionAbove() > LatencyStatistics.CCDF_FLOOR);
    }

    @Test
    void orderStatisticRejectsRanksOutsideTheSample() {
        assertThrows(IllegalArgumentException.class, () -> LatencyStatistics.orderStatistic(of(5), 0));
        assertThrows(IllegalArgumentException.class, () -> LatencyStatistics.orderStatistic(of(5), 2));
    }
}
