package nicharness.harness.sim;

import java.util.Arrays;

/**
 * The k-th smallest of an array's first values, found by counting or partitioning rather than sorting.
 *
 * <p>The measured CPU time takes a median of thousands of poll times every thousand polls, on the
 * thread whose real time the simulation is measured against; a sort for it was a twentieth of a
 * trial's samples. A value of rank k is the same number however it is found, so a selection
 * changes no charge, only what finding it costs.
 */
final class OrderStatistic {
    /** Ranges this short are sorted: partitioning them costs more than it saves. */
    private static final int SORT_BELOW = 16;

    private OrderStatistic() {
    }

    /**
     * The value of rank {@code k} (0 the smallest) among {@code values[0, n)}, which this reorders:
     * {@code values[k]} after {@code Arrays.sort(values, 0, n)}.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= k < n <= values.length}
     */
    static long select(final long[] values, final int n, final int k) {
        java.util.Objects.checkIndex(k, n);
        java.util.Objects.checkFromToIndex(0, n, values.length);
        int low = 0;
        int high = n - 1;
        // A run of bad pivots (values arranged against the median of three) ends in a sort, so a
        // selection never costs more than a few partitions and the sort it replaced.
        int partitions = 2 * (32 - Integer.numberOfLeadingZeros(n)) + 4;
        while (high - low >= SORT_BELOW) {
            if (--partitions < 0) {
                break;
            }
            final long pivot = medianOfThree(values[low], values[(low + high) >>> 1], values[high]);
            // Three ways: [low, less) below the pivot, [less, i) equal, (greater, high] above. Poll
            // times repeat (whole nanoseconds, a narrow spread), and the equal ones are done with.
            int less = low;
            int i = low;
            int greater = high;
            while (i <= greater) {
                final long v = values[i];
                if (v < pivot) {
                    values[i++] = values[less];
                    values[less++] = v;
                } else if (v > pivot) {
                    values[i] = values[greater];
                    values[greater--] = v;
                } else {
                    i++;
                }
            }
            if (k < less) {
                high = less - 1;
            } else if (k > greater) {
                low = greater + 1;
            } else {
                return pivot;
            }
        }
        Arrays.sort(values, low, high + 1);
        return values[k];
    }

    /**
     * The value of rank {@code k} among {@code values[0, n)}, which this leaves as they are: counted
     * in {@code counts} when they lie within its length of each other, as a window of one packet
     * count's undisturbed polls does (outliers are kept out of it), else {@link #select(long[], int, int)}
     * on a copy in {@code scratch}. Counting reads the values twice and needs no copy: a third of
     * the partitions' time for a window of 4,095 polls.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= k < n <= values.length, scratch.length}
     */
    static long select(final long[] values, final int n, final int k, final long[] scratch, final int[] counts) {
        java.util.Objects.checkIndex(k, n);
        java.util.Objects.checkFromToIndex(0, n, values.length);
        long min = values[0];
        long max = min;
        for (int i = 1; i < n; i++) {
            final long v = values[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        final long range = max - min; // negative if it overflowed
        if (range < 0 || range >= counts.length) {
            System.arraycopy(values, 0, scratch, 0, n);
            return select(scratch, n, k);
        }
        Arrays.fill(counts, 0, (int) range + 1, 0);
        for (int i = 0; i < n; i++) {
            counts[(int) (values[i] - min)]++;
        }
        int below = 0;
        for (int b = 0; ; b++) {
            below += counts[b];
            if (below > k) {
                return min + b;
            }
        }
    }

    private static long medianOfThree(final long a, final long b, final long c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
