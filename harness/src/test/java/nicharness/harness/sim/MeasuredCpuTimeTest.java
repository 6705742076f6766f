package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a poll is charged, on a scripted machine: the clock moves only when a poll says so. */
class MeasuredCpuTimeTest {

    private final ScriptedMachine machine = new ScriptedMachine();
    private final MeasuredCpuTime cpu = new MeasuredCpuTime(machine);

    /** One stretch between two canaries: {@value MeasuredCpuTime#CANARY_PERIOD} polls of one packet, each taking {@code nanos}; returns the last charge. */
    private long stretch(final boolean canaryFree, final long nanos) {
        machine.free = canaryFree;
        return machine.polls(cpu, MeasuredCpuTime.CANARY_PERIOD, 1, nanos);
    }

    @Test
    void aPollOnAFreeCoreIsChargedItsOwnTime() {
        assertEquals(100, stretch(true, 100));
        assertEquals(130, stretch(true, 130), "a free core's poll is never replaced, whatever the median");
    }

    @Test
    void onASharedCoreAPollIsChargedTheMedianOfFreePolls() {
        stretch(true, 100);
        stretch(true, 100); // its canary, free, lets the first stretch be learnt
        assertEquals(100, stretch(false, 180), "the core was shared: the free polls' median, not the 180 ns measured");
        assertEquals(MeasuredCpuTime.CANARY_PERIOD, cpu.statistics().contended());
    }

    @Test
    void aCanaryBetweenFreeAndContendedIsNotFree() {
        // The canary's verdict is the machine's: anything but free (here 1.3 times the baseline,
        // below CONTENDED_RATIO) replaces the polls.
        stretch(true, 100);
        stretch(true, 100);
        machine.slowdown = 1.3;
        assertEquals(100, stretch(false, 140));
    }

    @Test
    void aStretchThatEndsOnASharedCoreIsNotLearnt() {
        stretch(true, 100);
        // Opened by a free canary (which lets the stretch above be learnt), but a neighbour arrived
        // part-way: its polls took 170 ns, and the next canary says the core is shared.
        stretch(true, 170);
        assertEquals(100, stretch(false, 170),
                "the 170 ns polls, with a shared canary after them, must not have moved the median");
    }

    @Test
    void withoutFreePollsOfItsSizeASharedPollIsScaledByTheCanary() {
        machine.slowdown = 2;
        assertEquals(90, stretch(false, 180), "no free poll yet: its own time over the canary's slowdown");
        assertEquals(MeasuredCpuTime.CANARY_PERIOD, cpu.statistics().scaled());
    }

    /** {@code n} polls of {@code packets} packets, each taking {@code nanos}; returns the last charge. */
    private long polls(final int n, final int packets, final long nanos) {
        return machine.polls(cpu, n, packets, nanos);
    }

    @Test
    void aFewFreePollsOfASizeDoNotStandInForItsSharedOnes() {
        // One stretch between two free canaries: 100 polls of two packets (a cold start: 300 ns),
        // the rest of one packet. A hundred is not enough to stand for the free core.
        polls(100, 2, 300);
        polls(MeasuredCpuTime.CANARY_PERIOD - 100, 1, 100);
        stretch(true, 100);
        machine.free = false;
        machine.slowdown = 2;
        polls(MeasuredCpuTime.CANARY_PERIOD, 1, 100); // the canary that opens this says shared
        assertEquals(200, polls(1, 2, 400), "no median of two-packet polls yet: its own time over the canary's slowdown");
    }

    @Test
    void theMedianOfFreePollsIsOfSeveralThousand() {
        for (int i = 0; i < 8; i++) {
            stretch(true, 100);
        }
        stretch(true, 200);
        stretch(true, 200);
        stretch(true, 200); // its canary lets the second 200 ns stretch be learnt
        assertEquals(100, stretch(false, 300),
                "2,048 polls of 100 ns and 512 of 200: the median is 100 (a window of the last 255 said 200)");
    }

    @Test
    void aCanaryRunsAfterFiftyMicrosecondsOfPolling() {
        polls(1, 8, 1000); // the first poll's canary
        assertEquals(1, machine.canaries);
        polls((int) (MeasuredCpuTime.CANARY_INTERVAL_NANOS / 1000), 8, 1000);
        assertEquals(2, machine.canaries, "50 polls of 1 us: a canary, long before 256 polls");
    }

    @Test
    void statisticsArePerPeriod() {
        stretch(true, 100);
        stretch(false, 100);
        cpu.beginPeriod();
        stretch(true, 100);
        assertEquals(MeasuredCpuTime.CANARY_PERIOD, cpu.statistics().polls());
        assertEquals(0, cpu.statistics().contended());
        assertEquals(100L * MeasuredCpuTime.CANARY_PERIOD, cpu.statistics().cpuNanos());
    }
}
