package nicharness.harness.sim;

import java.util.Arrays;

/**
 * What one of the driver's polls costs the simulated CPU, by the number of packets it received:
 * the median of the undisturbed polls of that packet count in a calibration
 * ({@link CalibratedCpuTime}), or, for a count the calibration saw too rarely, a line through the
 * counts it saw often enough.
 *
 * @param nanos   per packet count, 0 to {@link MeasuredCpuTime#MAX_BUCKET} (larger polls share the last), the ns charged
 * @param samples per packet count, how many undisturbed polls the calibration saw (its median is
 *                of a uniform sample of at most {@link CalibratedCpuTime#KEPT_PER_BUCKET} of them);
 *                below {@link #MIN_SAMPLES}, the cost was interpolated or extrapolated
 * @param p10     per packet count, the 10th percentile of its undisturbed polls, 0 where not measured: with
 *                {@code p25}, how widely a packet count's polls spread below the median charged
 * @param p25     per packet count, the 25th percentile, 0 where not measured
 */
public record PollCostTable(long[] nanos, long[] samples, long[] p10, long[] p25) {

    /** Undisturbed polls of a packet count needed for their median to stand for it. */
    public static final int MIN_SAMPLES = 64;

    /**
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or a cost is below 1 ns
     */
    public PollCostTable {
        if (nanos.length == 0 || nanos.length != samples.length || p10.length != nanos.length
                || p25.length != nanos.length) {
            throw new IllegalArgumentException("one cost and one sample count per packet count, from 0: " + nanos.length
                    + " costs, " + samples.length + " counts");
        }
        for (final long n : nanos) {
            if (n < 1) {
                throw new IllegalArgumentException("a poll costs at least 1 ns: " + Arrays.toString(nanos));
            }
        }
        nanos = nanos.clone();
        samples = samples.clone();
        p10 = p10.clone();
        p25 = p25.clone();
    }

    /** A table without percentiles (a test's, or one given rather than learnt). */
    public PollCostTable(final long[] nanos, final long[] samples) {
        this(nanos, samples, new long[nanos.length], new long[nanos.length]);
    }

    /** The ns charged for a poll that received {@code packets}. */
    public long nanosFor(final int packets) {
        return nanos[Math.min(packets, nanos.length - 1)];
    }

    /** The packet counts whose cost is a median of their own polls, not a line through others. */
    public int measuredCounts() {
        int n = 0;
        for (final long s : samples) {
            n += s >= MIN_SAMPLES ? 1 : 0;
        }
        return n;
    }

    /**
     * The table of a calibration's polls: {@code kept[k]} holds undisturbed polls' times with k
     * packets, the first {@code seen[k]} of them or, once {@code seen[k]} exceeds its length, a
     * uniform sample of that many (a full array), and each count seen at least
     * {@link #MIN_SAMPLES} times is charged their median. The others lie on the line between the
     * nearest measured counts below and above; beyond the largest measured count, on that count's
     * cost plus the least-squares cost per packet of the measured counts from 1 up; below the
     * smallest (an empty poll never seen alone), on the same slope down from it.
     *
     * @return the table, or null if no packet count from 1 up was seen {@link #MIN_SAMPLES} times
     *         (empty polls alone say nothing of what a packet costs)
     */
    static PollCostTable of(final long[][] kept, final long[] seen) {
        final int buckets = kept.length;
        final long[] medians = new long[buckets];
        final long[] p10 = new long[buckets];
        final long[] p25 = new long[buckets];
        final boolean[] measured = new boolean[buckets];
        int measuredCount = 0;
        for (int k = 0; k < buckets; k++) {
            if (seen[k] >= MIN_SAMPLES) {
                final long[] sorted = Arrays.copyOf(kept[k], (int) Math.min(seen[k], kept[k].length));
                Arrays.sort(sorted);
                medians[k] = sorted[sorted.length / 2];
                p10[k] = sorted[sorted.length / 10];
                p25[k] = sorted[sorted.length / 4];
                measured[k] = true;
                measuredCount++;
            }
        }
        if (measuredCount == 0 || measuredCount == 1 && measured[0]) {
            return null;
        }
        final double slope = perPacketSlope(medians, measured);
        final long[] nanos = new long[buckets];
        for (int k = 0; k < buckets; k++) {
            if (measured[k]) {
                nanos[k] = medians[k];
                continue;
            }
            final int below = nearest(measured, k, -1);
            final int above = nearest(measured, k, +1);
            final double cost;
            if (below >= 0 && above >= 0) {
                cost = medians[below] + (double) (medians[above] - medians[below]) * (k - below) / (above - below);
            } else if (below >= 0) {
                cost = medians[below] + slope * (k - below);
            } else {
                cost = medians[above] - slope * (above - k);
            }
            nanos[k] = Math.max(1, Math.round(cost));
        }
        for (int k = 0; k < buckets; k++) {
            nanos[k] = Math.max(1, nanos[k]);
        }
        return new PollCostTable(nanos, seen, p10, p25);
    }

    /** The nearest measured count from {@code k} in direction {@code step}, or -1. */
    private static int nearest(final boolean[] measured, final int k, final int step) {
        for (int j = k + step; j >= 0 && j < measured.length; j += step) {
            if (measured[j]) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The cost per packet: the least-squares slope through the measured counts from 1 up, or, with
     * one of them only, the line from the empty poll (if measured) or from the origin to it; 0
     * without any.
     */
    private static double perPacketSlope(final long[] medians, final boolean[] measured) {
        int n = 0;
        double sumK = 0;
        double sumC = 0;
        for (int k = 1; k < medians.length; k++) {
            if (measured[k]) {
                n++;
                sumK += k;
                sumC += medians[k];
            }
        }
        if (n == 0) {
            return 0;
        }
        if (n == 1) {
            final int k = (int) sumK;
            return measured[0] ? (double) (medians[k] - medians[0]) / k : (double) medians[k] / k;
        }
        final double meanK = sumK / n;
        final double meanC = sumC / n;
        double covariance = 0;
        double variance = 0;
        for (int k = 1; k < medians.length; k++) {
            if (measured[k]) {
                covariance += (k - meanK) * (medians[k] - meanC);
                variance += (k - meanK) * (k - meanK);
            }
        }
        return covariance / variance;
    }

    /** For the trial's log: the measured counts and a few costs. */
    @Override
    public String toString() {
        final StringBuilder s = new StringBuilder("PollCostTable[").append(measuredCounts()).append(" of ")
                .append(nanos.length).append(" packet counts measured;");
        for (int k = 0; k < nanos.length; k++) {
            if (samples[k] >= MIN_SAMPLES) {
                s.append(' ').append(k).append(':').append(nanos[k]).append(" ns");
            }
        }
        return s.append(']').toString();
    }
}
