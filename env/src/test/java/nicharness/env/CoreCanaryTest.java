package nicharness.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CoreCanaryTest {

    @Test
    void knowsNothingBeforeItsFirstRun() {
        final CoreCanary canary = new CoreCanary();
        assertEquals(Long.MAX_VALUE, canary.baselineNanos());
        assertFalse(canary.isContended(1_000_000), "no baseline yet: nothing can be called contended");
        assertTrue(Double.isNaN(canary.slowdown()));
    }

    @Test
    void callsContendedWhatIsSlowerThanTheRatioAllows() {
        final CoreCanary canary = new CoreCanary();
        canary.learn(2_000);
        final long baseline = canary.baselineNanos();
        assertTrue(baseline > 0 && baseline < Long.MAX_VALUE, "baseline " + baseline);
        assertFalse(canary.isContended(baseline));
        assertFalse(canary.isContended((long) Math.floor(baseline * CoreCanary.CONTENDED_RATIO)));
        assertTrue(canary.isContended((long) Math.ceil(baseline * CoreCanary.CONTENDED_RATIO) + 1));
        assertTrue(canary.isContended(2 * baseline), "a shared core slows the canary 1.6 to 1.9 times");
    }

    @Test
    void theBaselineIsALowQuantileNotTheFastestRun() {
        // Compile the canary first, on an instance of its own: in a cold JVM the first thousand runs
        // can be interpreted (about 1000 ns where compiled ones take 280), and the baseline would
        // then move with the JIT, not with the quantile this test is about.
        new CoreCanary().learn(50_000);
        final CoreCanary canary = new CoreCanary();
        canary.learn(1_000);
        final long before = canary.baselineNanos();
        // The baseline moves only with the quantile: more runs at the same speed leave it within the canary's spread.
        canary.learn(1_000);
        final long after = canary.baselineNanos();
        assertTrue(after <= before * CoreCanary.CONTENDED_RATIO && before <= after * CoreCanary.CONTENDED_RATIO,
                "baseline " + before + " then " + after);
    }
}
