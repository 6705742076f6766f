package nicharness.env.linux;

import static nicharness.env.linux.Messages.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.env.linux.HardwareCounters.Event;
import nicharness.env.linux.HardwareCounters.Opened;
import nicharness.env.linux.HardwareCounters.Opening;
import nicharness.env.linux.HardwareCounters.Reading;
import nicharness.env.linux.HardwareCounters.Unavailable;
import org.junit.jupiter.api.Test;

/**
 * perf_event_open for the calling thread: the software task clock works on any Linux machine;
 * hardware events either count or are reported unavailable with the kernel's reason (as in a VM).
 */
class HardwareCountersTest {

    private static long spin(final long iterations) {
        long x = 1;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    @Test
    void theTaskClockCountsTheThreadsWork() {
        final Opening opening = HardwareCounters.open(Event.TASK_CLOCK, Event.CONTEXT_SWITCHES);
        final Opened opened = assertInstanceOf(Opened.class, opening,
                () -> opening instanceof Unavailable u ? u.message() : String.valueOf(opening));
        try (HardwareCounters counters = opened.counters()) {
            counters.reset();
            assertEquals(0, counters.read().value(Event.TASK_CLOCK), "disabled and reset: nothing counted");
            counters.enable();
            final long result = spin(20_000_000);
            counters.disable();
            final Reading reading = counters.read();
            assertTrue(result != 0);
            assertTrue(reading.value(Event.TASK_CLOCK) > 1_000_000, () -> "at least 1 ms of work: " + reading);
            assertTrue(reading.timeEnabledNanos() > 0 && reading.timeRunningNanos() > 0, reading::toString);
            assertTrue(reading.value(Event.CONTEXT_SWITCHES) >= 0);
            final long stopped = reading.value(Event.TASK_CLOCK);
            spin(1_000_000);
            assertEquals(stopped, counters.read().value(Event.TASK_CLOCK), "disabled: the count stays");
            counters.reset();
            assertEquals(0, counters.read().value(Event.TASK_CLOCK), "reset zeroes it");
            assertThrows(IllegalArgumentException.class, () -> reading.value(Event.INSTRUCTIONS));
        }
    }

    @Test
    void hardwareCountersCountOrSayWhyNot() {
        final Opening opening = HardwareCounters.openTable4();
        switch (opening) {
            case Opened opened -> {
                try (HardwareCounters counters = opened.counters()) {
                    counters.reset();
                    counters.enable();
                    spin(1_000_000);
                    counters.disable();
                    final Reading reading = counters.read();
                    assertTrue(reading.value(Event.INSTRUCTIONS) > 1_000_000, reading::toString);
                    assertTrue(reading.value(Event.CYCLES) > 0, reading::toString);
                }
            }
            case Unavailable unavailable -> {
                // a VM without a PMU, like the reference machine: a clean report, not a failure
                assertTrue(unavailable.event().hardware());
                assertTrue(unavailable.errno() > 0);
                assertFalse(unavailable.errnoName().startsWith("errno"), unavailable.message());
                assertContains(unavailable.message(), "unavailable", "perf_event_open failed with",
                        unavailable.errnoName());
                if (unavailable.errno() == Errno.ENOENT.number()) {
                    assertContains(unavailable.meaning(), "no hardware PMU", "virtual machine", "callgrind");
                }
            }
        }
    }

    @Test
    void errnoMeaningsSayWhatToDo() {
        assertContains(HardwareCounters.meaning(2, Event.INSTRUCTIONS), "no hardware PMU");
        assertContains(HardwareCounters.meaning(13, Event.CYCLES), "perf_event_paranoid", "run as root");
        assertContains(HardwareCounters.meaning(1, Event.CYCLES), "perf_event_paranoid");
        assertContains(HardwareCounters.meaning(38, Event.CYCLES), "without perf events");
        assertContains(HardwareCounters.meaning(95, Event.CACHE_MISSES), "cannot count");
        assertContains(HardwareCounters.meaning(4242, Event.CYCLES), "perf_event_open(2)");
        final Unavailable unavailable = new Unavailable(Event.INSTRUCTIONS, 2, HardwareCounters.meaning(2, Event.INSTRUCTIONS));
        assertEquals("ENOENT", unavailable.errnoName());
        assertContains(unavailable.message(), "INSTRUCTIONS", "ENOENT (2, no such file, directory or event)");
    }

    @Test
    void closedCountersRefuseUse() {
        final Opening opening = HardwareCounters.open(Event.TASK_CLOCK);
        final HardwareCounters counters = assertInstanceOf(Opened.class, opening).counters();
        counters.close();
        counters.close();
        assertContains(assertThrows(IllegalStateException.class, counters::read).getMessage(), "closed");
        assertThrows(IllegalArgumentException.class, HardwareCounters::open);
    }
}
