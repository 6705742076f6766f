package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How a calibration's polls become a table of costs by packet count. */
class PollCostTableTest {
    private static final int BUCKETS = 9;

    private final long[][] kept = new long[BUCKETS][1000];
    private final long[] seen = new long[BUCKETS];

    /** {@code n} polls of {@code packets} packets, with the given times in turn. */
    private void polls(final int packets, final int n, final long... nanos) {
        for (int i = 0; i < n; i++) {
            kept[packets][(int) seen[packets]] = nanos[i % nanos.length];
            seen[packets]++;
        }
    }

    @Test
    void aCountSeenOftenEnoughIsChargedItsMedian() {
        polls(0, 100, 20, 21, 900); // a third of them interrupted: the median does not see it
        polls(4, 100, 400);
        polls(8, 100, 790, 800, 810);
        final PollCostTable table = PollCostTable.of(kept, seen);
        assertEquals(21, table.nanosFor(0));
        assertEquals(400, table.nanosFor(4));
        assertEquals(800, table.nanosFor(8));
        assertEquals(800, table.nanosFor(50), "larger polls share the last count");
        assertEquals(3, table.measuredCounts());
    }

    @Test
    void countsBetweenMeasuredOnesLieOnTheLineBetweenThem() {
        polls(0, 100, 20);
        polls(4, 100, 420);
        polls(8, 100, 820);
        final PollCostTable table = PollCostTable.of(kept, seen);
        assertArrayEquals(new long[] {20, 120, 220, 320, 420, 520, 620, 720, 820}, table.nanos());
    }

    @Test
    void countsBeyondTheMeasuredOnesFollowTheCostPerPacket() {
        polls(2, 100, 300);
        polls(3, 100, 400);
        polls(4, 100, 500); // 100 ns per packet from 1 up
        final PollCostTable table = PollCostTable.of(kept, seen);
        assertEquals(900, table.nanosFor(8), "the largest measured count's cost plus 100 ns per packet more");
        assertEquals(100, table.nanosFor(0), "below the smallest, the same slope down");
    }

    @Test
    void countsSeenTooRarelyAreNotTrustedButReported() {
        polls(0, 100, 20);
        polls(8, 100, 820);
        polls(4, PollCostTable.MIN_SAMPLES - 1, 5000); // a few slow polls do not make a median
        final PollCostTable table = PollCostTable.of(kept, seen);
        assertEquals(420, table.nanosFor(4));
        assertEquals(PollCostTable.MIN_SAMPLES - 1, table.samples()[4]);
        assertEquals(2, table.measuredCounts());
    }

    @Test
    void aSingleMeasuredCountScalesFromTheOrigin() {
        polls(8, 100, 800);
        final PollCostTable table = PollCostTable.of(kept, seen);
        assertEquals(400, table.nanosFor(4));
        assertEquals(1, table.nanosFor(0), "never below 1 ns: the simulation needs every poll to take time");
    }

    @Test
    void aCalibrationWithNothingLearntGivesNoTable() {
        polls(3, PollCostTable.MIN_SAMPLES - 1, 100);
        assertNull(PollCostTable.of(kept, seen));
    }

    @Test
    void theTableIsAFunctionOfThePollsAlone() {
        // Randomised with a fixed seed: shuffling the polls of each count changes nothing.
        final SplittableRandom random = new SplittableRandom(42);
        for (int k = 0; k < BUCKETS; k++) {
            final int n = PollCostTable.MIN_SAMPLES + random.nextInt(500);
            for (int i = 0; i < n; i++) {
                polls(k, 1, 50 + 100L * k + random.nextInt(40));
            }
        }
        final long[] first = PollCostTable.of(kept, seen).nanos();
        for (int k = 0; k < BUCKETS; k++) {
            for (int i = (int) seen[k] - 1; i > 0; i--) {
                final int j = random.nextInt(i + 1);
                final long t = kept[k][i];
                kept[k][i] = kept[k][j];
                kept[k][j] = t;
            }
        }
        assertArrayEquals(first, PollCostTable.of(kept, seen).nanos());
    }

    @Test
    void emptyPollsAloneGiveNoTable() {
        polls(0, 100, 20);
        assertNull(PollCostTable.of(kept, seen), "nothing says what a packet costs");
    }

    @Test
    void aCostBelowOneNanosecondIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PollCostTable(new long[] {0}, new long[] {100}));
    }

    @Test
    void costsAndCountsOfDifferentLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PollCostTable(new long[] {1, 2}, new long[] {100}));
    }
}
