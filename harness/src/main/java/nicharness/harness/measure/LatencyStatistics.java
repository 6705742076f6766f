package nicharness.harness.measure;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latency distributions as the paper reports them, from an HdrHistogram of nanoseconds.
 *
 * <p>Percentiles follow the paper's scripts (TinyNF osdi20
 * {@code experiments/perf-endtoend/tabulate-verified-nf-perf.sh:14-17}): of n sorted samples,
 * the median is element floor(n/2)+1 and the p-th percentile element floor(p n) (counting from 1;
 * at least the first). The histogram keeps 3 significant digits: values below 2,048 ns are exact,
 * and a larger value is reported as the highest value of its bucket (at most 0.1 % above the
 * sample), as HdrHistogram's own percentiles are. The CCDF stops at the 99.99th percentile, beyond
 * which the paper considers timestamps unreliable (Primorac et al., KBNets'17).
 */
public final class LatencyStatistics {

    /** The histogram's range and precision: 1 ns to 10 s, 3 significant digits. */
    public static final long HIGHEST_TRACKABLE_NS = 10_000_000_000L;
    /** Significant digits kept. */
    public static final int SIGNIFICANT_DIGITS = 3;
    /** The CCDF is drawn down to this fraction: the 99.99th percentile. */
    public static final double CCDF_FLOOR = 1e-4;

    private LatencyStatistics() {
    }

    /** An empty histogram with the project's range and precision. */
    public static Histogram newHistogram() {
        return new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    /** The paper's summary of a distribution; all zeros for an empty one. */
    public static LatencySummary summarize(final Histogram histogram) {
        final long n = histogram.getTotalCount();
        if (n == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(n,
                histogram.lowestEquivalentValue(histogram.getMinValue()),
                orderStatistic(histogram, n / 2 + 1),
                orderStatistic(histogram, percentileRank(n, 0.99)),
                orderStatistic(histogram, percentileRank(n, 0.999)),
                orderStatistic(histogram, percentileRank(n, 0.9999)),
                histogram.getMaxValue(),
                histogram.getMean());
    }

    /** floor(p n), at least 1: the paper's rank of the p-th percentile. */
    static long percentileRank(final long n, final double p) {
        return Math.max(1, (long) Math.floor(p * n));
    }

    /**
     * The k-th smallest sample (k from 1), as the highest value of its bucket.
     *
     * @throws IllegalArgumentException if k is not in [1, count]
     */
    public static long orderStatistic(final Histogram histogram, final long k) {
        final long n = histogram.getTotalCount();
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("rank must be in [1, " + n + "]: k=" + k);
        }
        long cumulative = 0;
        for (final HistogramIterationValue v : histogram.recordedValues()) {
            cumulative += v.getCountAtValueIteratedTo();
            if (cumulative >= k) {
                return histogram.highestEquivalentValue(v.getValueIteratedTo());
            }
        }
        throw new IllegalStateException("histogram counts disagree with its total: total=" + n + " cumulative=" + cumulative);
    }

    /**
     * The complementary CDF: for each recorded value (highest of its bucket), the fraction of
     * samples strictly above it, from the smallest value up to the first whose fraction is at most
     * {@link #CCDF_FLOOR}.
     */
    public static List<CcdfPoint> ccdf(final Histogram histogram) {
        final long n = histogram.getTotalCount();
        final List<CcdfPoint> points = new ArrayList<>();
        long cumulative = 0;
        for (final HistogramIterationValue v : histogram.recordedValues()) {
            cumulative += v.getCountAtValueIteratedTo();
            final double above = (double) (n - cumulative) / n;
            points.add(new CcdfPoint(histogram.highestEquivalentValue(v.getValueIteratedTo()), above));
            if (above <= CCDF_FLOOR) {
                break;
            }
        }
        return points;
    }

    /**
     * One point of a CCDF.
     *
     * @param latencyNs a latency
     * @param fractionAbove the fraction of samples above it
     */
    public record CcdfPoint(long latencyNs, double fractionAbove) {
    }
}
