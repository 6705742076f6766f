package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a poll is charged, on a scripted machine: the clock moves only when a poll says so. */
class MeasuredCpuTimeTest {

    /** A clock the test moves, a canary the test sets, a JIT that compiles nothing. */
    private static final class ScriptedMachine implements MeasuredCpuTime.Machine {
        long now;
        boolean free = true;
        double slowdown = 1;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public boolean canaryFree() {
            return free;
        }

        @Override
        public double canarySlowdown() {
            return slowdown;
        }

        @Override
        public long canaryBaselineNanos() {
            return 200;
        }

        @Override
        public long compiledMillis() {
            return 0;
        }
    }

    private final ScriptedMachine machine = new ScriptedMachine();
    private final MeasuredCpuTime cpu = new MeasuredCpuTime(machine);

    /** One stretch between two canaries: {@value MeasuredCpuTime#CANARY_PERIOD} polls of one packet, each taking {@code nanos}; returns the last charge. */
    private long stretch(final boolean canaryFree, final long nanos) {
        machine.free = canaryFree;
        long charged = -1;
        for (int i = 0; i < MeasuredCpuTime.CANARY_PERIOD; i++) {
            cpu.start();
            machine.now += nanos;
            charged = cpu.stop(1);
        }
        return charged;
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
