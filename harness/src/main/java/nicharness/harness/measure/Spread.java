package nicharness.harness.measure;

import java.util.Arrays;
import java.util.Collection;

/**
 * The repetitions of one measurement summarised as the paper reports them: the median, with the
 * smallest and largest as its spread.
 *
 * @param count  how many repetitions
 * @param median the median (the mean of the middle two for an even count)
 * @param min    the smallest
 * @param max    the largest
 */
public record Spread(int count, double median, double min, double max) {

    /** The spread of {@code values}; at least one value. */
    public static Spread of(final Collection<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        final int n = sorted.length;
        final double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(n, median, sorted[0], sorted[n - 1]);
    }

    /** (max - min) / median, or 0 when the median is 0. */
    public double relativeRange() {
        return median == 0 ? 0 : (max - min) / median;
    }
}
