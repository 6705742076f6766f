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
    void theBaselineIsALowQuantileNeitherTheFastestRunNorAContendedOne() {
        final CoreCanary canary = new CoreCanary();
        for (int i = 0; i < 5; i++) {
            canary.record(100); // the odd lucky run
        }
        for (int i = 0; i < 700; i++) {
            canary.record(300); // a free core
        }
        for (int i = 0; i < 295; i++) {
            canary.record(500); // a shared one
        }
        assertEquals(300, canary.baselineNanos());
        assertTrue(canary.contended(), "the last run, at 500 ns, was on a shared core");
        assertFalse(canary.isContended(300));
        assertFalse(canary.isContended(400), "1.33 times the baseline: within what a free core's canary shows");
        assertTrue(canary.isContended(460));
        assertEquals(500.0 / 300, canary.slowdown(), 1e-9);
    }

    @Test
    void freeIsWithinTheFreeRatioOfTheBaselineAndBetweenThatAndContendedIsNeither() {
        final CoreCanary canary = new CoreCanary();
        assertFalse(canary.free(), "no baseline yet: nothing is known to be free");
        for (int i = 0; i < 1000; i++) {
            canary.record(300);
        }
        assertTrue(canary.free());
        canary.record(345); // 1.15 times
        assertTrue(canary.free());
        canary.record(360); // 1.2 times: a mixture of free and shared, neither
        assertFalse(canary.free());
        assertFalse(canary.contended());
        canary.record(600);
        assertFalse(canary.free());
        assertTrue(canary.contended());
    }

    @Test
    void aFreeCoreTimeFromEarlierJvmsCapsTheBaselineOfAJvmSharedFromItsStart() {
        final String before = System.getProperty(CoreCanary.FREE_CORE_PROPERTY);
        System.setProperty(CoreCanary.FREE_CORE_PROPERTY, "300");
        try {
            final CoreCanary canary = new CoreCanary();
            assertEquals(300, canary.baselineNanos(), "known before the first canary");
            for (int i = 0; i < 1000; i++) {
                canary.record(500); // shared from the first canary on
            }
            assertEquals(300, canary.baselineNanos());
            assertTrue(canary.isContended(500), "500 ns is 1.67 times the free core's 300");
            canary.record(200);
            for (int i = 0; i < 1000; i++) {
                canary.record(200); // a free core faster than the hint: the JVM's own baseline wins
            }
            assertEquals(200, canary.baselineNanos());
        } finally {
            if (before == null) {
                System.clearProperty(CoreCanary.FREE_CORE_PROPERTY);
            } else {
                System.setProperty(CoreCanary.FREE_CORE_PROPERTY, before);
            }
        }
    }
}
