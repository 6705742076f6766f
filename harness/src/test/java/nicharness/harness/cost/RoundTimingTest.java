package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How long Table 4's timing waits for clean rounds ({@link RoundTiming#keepTiming}): a shared core
 * for a fraction of a second must not fail a run, a machine shared for a minute must.
 */
class RoundTimingTest {
    private static final int ROUNDS = 2000;
    private static final int BUDGET = RoundTiming.MAX_ATTEMPTS_FACTOR * ROUNDS;
    private static final long WAIT = RoundTiming.WAIT_FOR_A_FREE_CORE_NANOS;

    @Test
    void stopsOnceEveryRoundAskedForIsClean() {
        assertFalse(RoundTiming.keepTiming(ROUNDS, ROUNDS, ROUNDS, 0));
        assertFalse(RoundTiming.keepTiming(3 * BUDGET, ROUNDS, ROUNDS, 0));
    }

    @Test
    void timesUpToTheAttemptBudgetWhateverTheShare() {
        assertTrue(RoundTiming.keepTiming(BUDGET - 1, ROUNDS - 1, ROUNDS, WAIT));
        assertTrue(RoundTiming.keepTiming(BUDGET - 1, 0, ROUNDS, WAIT));
    }

    @Test
    void pastTheBudgetGoesOnOnlyWhileFewerThanATenthAreCleanAndNotForLonger() {
        assertTrue(RoundTiming.keepTiming(BUDGET, 0, ROUNDS, 0), "every attempt shared: wait for a free core");
        assertTrue(RoundTiming.keepTiming(5 * BUDGET, ROUNDS / 10 - 1, ROUNDS, WAIT - 1));
        assertFalse(RoundTiming.keepTiming(BUDGET, ROUNDS / 10, ROUNDS, 0), "a tenth clean: a median to report");
        assertFalse(RoundTiming.keepTiming(BUDGET, 0, ROUNDS, WAIT), "a minute shared: give up, loudly");
    }
}
