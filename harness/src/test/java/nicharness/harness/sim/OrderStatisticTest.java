package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The selection that replaced sorting for the medians gives the value the sort gave, rank for rank. */
class OrderStatisticTest {

    /** Every rank of {@code values[0, n)} against the sorted copy. */
    private static void assertEveryRank(final long[] values, final int n, final String what) {
        final long[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        for (int k = 0; k < n; k++) {
            final long[] scratch = values.clone();
            assertEquals(sorted[k], OrderStatistic.select(scratch, n, k), what + ", n " + n + ", rank " + k);
            final long[] rest = Arrays.copyOf(scratch, n);
            Arrays.sort(rest);
            assertEquals(Arrays.toString(sorted), Arrays.toString(rest), "a permutation of the values: " + what);
        }
    }

    @Test
    void randomPollTimesGiveTheSortsValueAtEveryRank() {
        final SplittableRandom random = new SplittableRandom(0x82599L);
        for (int round = 0; round < 300; round++) {
            final int n = 1 + random.nextInt(300);
            final long[] values = new long[n + random.nextInt(4)]; // a longer array: only the first n count
            // Poll-like: a narrow spread of whole nanoseconds with repeats, and a tail of slow ones.
            final int spread = 1 + random.nextInt(round % 3 == 0 ? 4 : 400);
            for (int i = 0; i < values.length; i++) {
                values[i] = 200 + random.nextInt(spread) + (random.nextInt(50) == 0 ? random.nextLong(100_000) : 0);
            }
            assertEveryRank(values, n, "round " + round);
        }
    }

    @Test
    void theMediansOfFullWindowsAreTheSorts() {
        final SplittableRandom random = new SplittableRandom(7);
        for (final int n : new int[] {MeasuredCpuTime.WINDOW, MeasuredCpuTime.CLEAN_WINDOW, CalibratedCpuTime.KEPT_PER_BUCKET}) {
            for (int round = 0; round < 20; round++) {
                final long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = round % 2 == 0 ? random.nextLong() : 900 + random.nextInt(1 + round * 10);
                }
                final long[] sorted = values.clone();
                Arrays.sort(sorted);
                for (final int k : new int[] {0, n / 10, n / 4, n / 2, n - 1}) {
                    assertEquals(sorted[k], OrderStatistic.select(values.clone(), n, k), "n " + n + ", rank " + k);
                }
            }
        }
    }

    @Test
    void orderedAndConstantValuesOnesThatDefeatAMedianOfThree() {
        final int n = 4095;
        final long[] ascending = new long[n];
        final long[] descending = new long[n];
        final long[] constant = new long[n];
        final long[] organPipe = new long[n];
        final long[] twoValues = new long[n];
        for (int i = 0; i < n; i++) {
            ascending[i] = i;
            descending[i] = n - i;
            constant[i] = 42;
            organPipe[i] = Math.min(i, n - i);
            twoValues[i] = i % 2 == 0 ? 5 : -5;
        }
        for (final long[] values : new long[][] {ascending, descending, constant, organPipe, twoValues}) {
            final long[] sorted = values.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < n; k += 97) {
                assertEquals(sorted[k], OrderStatistic.select(values.clone(), n, k), "rank " + k);
            }
        }
    }

    @Test
    void countingGivesTheSortsValueAndLeavesTheValuesAsTheyWere() {
        final SplittableRandom random = new SplittableRandom(0x82599L);
        final int[] counts = new int[MeasuredCpuTime.MEDIAN_COUNTED_RANGE];
        for (int round = 0; round < 400; round++) {
            final int n = 1 + random.nextInt(round % 4 == 0 ? MeasuredCpuTime.CLEAN_WINDOW : 300);
            final long[] values = new long[n + random.nextInt(4)];
            final long[] scratch = new long[values.length];
            // Spreads on both sides of the counted range (those beyond it are selected), negative
            // values, and the widest spread a long can hold.
            final long spread = switch (round % 5) {
                case 0 -> 1;
                case 1 -> 300;
                case 2 -> MeasuredCpuTime.MEDIAN_COUNTED_RANGE;
                case 3 -> MeasuredCpuTime.MEDIAN_COUNTED_RANGE + 1 + random.nextInt(3);
                default -> 1_000_000;
            };
            for (int i = 0; i < values.length; i++) {
                values[i] = (round % 7 == 0 ? -500 : 200) + random.nextLong(spread);
            }
            if (round % 31 == 0 && n >= 2) {
                values[0] = Long.MIN_VALUE;
                values[1] = Long.MAX_VALUE;
            }
            final long[] before = values.clone();
            final long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            for (final int k : new int[] {0, n / 10, n / 4, n / 2, n - 1, random.nextInt(n)}) {
                assertEquals(sorted[k], OrderStatistic.select(values, n, k, scratch, counts), "round " + round + ", n " + n
                        + ", rank " + k);
                assertEquals(Arrays.toString(before), Arrays.toString(values), "the values untouched");
            }
        }
    }

    @Test
    void aRankOutsideTheValuesIsRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> OrderStatistic.select(new long[4], 4, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> OrderStatistic.select(new long[4], 5, 0));
    }
}
