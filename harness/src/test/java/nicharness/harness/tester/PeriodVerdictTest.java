package nicharness.harness.tester;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The real-time rules of who set a period's pace: the tester, the machine, or the driver. */
class PeriodVerdictTest {

    @Test
    void testerLimitedRule() {
        final Period p = new Period(1, 1.0, 0b11, 100_000_000L, 0, 0, 1); // 148,809 frames per direction
        final long full = 148_809;
        assertFalse(PeriodVerdict.testerLimited(p, new long[] {full, full}, 0, 0, 1, 1));
        assertTrue(PeriodVerdict.testerLimited(p, new long[] {full, (long) (0.98 * full)}, 0, 0, 1, 1), "short of the rate");
        assertFalse(PeriodVerdict.testerLimited(p, new long[] {full, full}, 0, 1_000_000, 0.2, 0.2), "no loss: nothing to blame");
        assertTrue(PeriodVerdict.testerLimited(p, new long[] {full, full}, 10, 43_100, 1, 1), "loss after a 64-frame burst");
        assertTrue(PeriodVerdict.testerLimited(p, new long[] {full, full}, 10, 0, 0.6, 1), "loss, driver thread starved");
        assertTrue(PeriodVerdict.testerLimited(p, new long[] {full, full}, 10, 0, 1, 0.6), "loss, tester thread starved");
        assertFalse(PeriodVerdict.testerLimited(p, new long[] {full, full}, 10, 40_000, 0.95, Double.NaN), "loss, all on time");
    }

    @Test
    void aBusyEngineThreadThatKeptItsScheduleIsNoExcuse() {
        // Issue 20: a pass that did any work counts as busy, so 1 Gb/s read as 99 % busy; the loss
        // of a period whose tester kept its rate and its schedule is the driver's.
        final Period p = new Period(1, 1.0, 0b11, 100_000_000L, 0, 0, 1);
        final long full = 148_809;
        final PeriodBooks books = new PeriodBooks(new long[] {full, full}, new long[] {full - 10, full}, 0, 10, 0, 0, 0);
        final PeriodVerdict verdict = PeriodVerdict.realTime(p, books, 1_000, 0, 1, 1, -1);
        assertFalse(verdict.testerLimited(), "on schedule (1.5 frames behind at most), at the full rate");
        assertFalse(verdict.driverPreempted());
    }

    @Test
    void aLossNoLargerThanWhatArrivedWhileTheDriverWaitedForACpuIsTheMachines() {
        // 1 Gb/s on each of two directions: 1/672 frames per ns per direction, 2/672 in all.
        final Period p = new Period(1, 1.0, 0b11, 100_000_000L, 0, 0, 1);
        assertTrue(PeriodVerdict.preempted(p, 297, 100_000), "a 0.1 ms wait: 297.6 frames arrived");
        assertFalse(PeriodVerdict.preempted(p, 298, 100_000), "more lost than arrived while waiting");
        assertFalse(PeriodVerdict.preempted(p, 0, 100_000), "no loss: nothing to explain");
        assertFalse(PeriodVerdict.preempted(p, 10, 0), "never waited");
        assertFalse(PeriodVerdict.preempted(p, 10, -1), "unknown wait: the loss stays the driver's");
        final Period oneWayWithProbes = new Period(2, 1.0, 0b01, 100_000_000L, 1_000_000, 0, 1);
        assertTrue(PeriodVerdict.preempted(oneWayWithProbes, 248, 100_000), "148.8 background frames and 100 probes");
        assertFalse(PeriodVerdict.preempted(oneWayWithProbes, 250, 100_000));
    }
}
