package nicharness.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The id copy does what System.arraycopy does, on both sides of its loop threshold. */
class IdCopyTest {

    @Test
    void copiesAsArraycopyForEveryCountAndOffset() {
        final SplittableRandom random = new SplittableRandom(20261208);
        for (int trial = 0; trial < 2_000; trial++) {
            final int[] from = random.ints(48).toArray();
            final int n = random.nextInt(0, 41);
            final int fromIndex = random.nextInt(0, from.length - n + 1);
            final int toIndex = random.nextInt(0, 48 - n + 1);
            final int[] expected = random.ints(48).toArray();
            final int[] actual = expected.clone();
            System.arraycopy(from, fromIndex, expected, toIndex, n);
            IdCopy.copy(from, fromIndex, actual, toIndex, n);
            assertArrayEquals(expected, actual, "n=" + n + " from " + fromIndex + " to " + toIndex);
        }
    }

    @Test
    void copiesWithinOneArrayAsArraycopyDoesForwards() {
        final int[] a = {1, 2, 3, 4, 5, 6};
        final int[] b = a.clone();
        System.arraycopy(a, 2, a, 0, 3);
        IdCopy.copy(b, 2, b, 0, 3);
        assertArrayEquals(a, b);
    }
}
