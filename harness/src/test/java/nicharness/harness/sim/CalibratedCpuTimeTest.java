package nicharness.harness.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A calibrated CPU time on a scripted machine: learnt from undisturbed polls, then charged from the table. */
class CalibratedCpuTimeTest {
    private final ScriptedMachine machine = new ScriptedMachine();
    private final CalibratedCpuTime cpu = new CalibratedCpuTime(machine);

    /** {@code n} polls of {@code packets} packets taking {@code nanos} each, on a core whose canaries say {@code free}; the last charge. */
    private long polls(final int n, final int packets, final long nanos, final boolean free) {
        machine.free = free;
        return machine.polls(cpu, n, packets, nanos);
    }

    /** Enough polls of each size for a median, each followed by a free canary so that they are learnt. */
    private void calibrateOn(final boolean free, final long perPoll, final long perPacket) {
        cpu.beginCalibration(true);
        for (final int packets : new int[] {0, 4, 8}) {
            polls(2 * MeasuredCpuTime.CANARY_PERIOD, packets, perPoll + packets * perPacket, free);
        }
        polls(MeasuredCpuTime.CANARY_PERIOD, 0, perPoll, free); // the canary after the last stretch
    }

    @Test
    void afterTheCalibrationEveryPollIsChargedItsPacketCountsCost() {
        calibrateOn(true, 30, 100);
        final PollCostTable table = cpu.chargeFromCalibration();
        assertEquals(830, table.nanosFor(8));
        assertEquals(330, polls(1, 3, 5_000, false), "3 packets: between 4's and 0's cost, whatever the poll took");
        assertEquals(830, polls(1, 8, 1, true));
        assertEquals(30, cpu.emptyPollNanos());
    }

    @Test
    void theSearchsPollsHaveNothingReplaced() {
        calibrateOn(true, 30, 100);
        cpu.chargeFromCalibration();
        cpu.beginPeriod();
        polls(1000, 8, 3_000, false);
        final CpuTime.PollStatistics s = cpu.statistics();
        assertEquals(1000, s.polls());
        assertEquals(0, s.contended());
        assertEquals(830_000, s.cpuNanos());
    }

    @Test
    void pollsOnASharedCoreAreNotLearnt() {
        calibrateOn(false, 30, 100);
        assertNull(cpu.chargeFromCalibration(), "no poll had a free canary on both sides");
        assertEquals(3_000, polls(1, 8, 3_000, true), "without a table, polls are charged as measured");
    }

    @Test
    void pollsBeforeTheCalibrationAreNotInIt() {
        polls(4 * MeasuredCpuTime.CANARY_PERIOD + 17, 8, 5_000, true); // 17 still held at its start
        calibrateOn(true, 30, 100);
        final PollCostTable table = cpu.chargeFromCalibration();
        assertEquals(830, table.nanosFor(8));
        assertEquals(2 * MeasuredCpuTime.CANARY_PERIOD, table.samples()[8], "the calibration's own polls of 8, no more");
    }

    @Test
    void aCompilationBeforeTheCalibrationDoesNotRestartIt() {
        polls(MeasuredCpuTime.CANARY_PERIOD, 8, 5_000, true);
        machine.compiledMillis += MeasuredCpuTime.RECOMPILED_MILLIS; // noticed at the calibration's first canary
        calibrateOn(true, 30, 100);
        assertEquals(false, cpu.calibrationRestarted());
    }

    @Test
    void theTimingsOwnCostIsSampledWhereThePollsAreTimed() {
        machine.tick = 40; // every reading of the clock takes 40 ns, from after the CPU time was made
        polls(2 * MeasuredCpuTime.CANARY_PERIOD, 1, 100, true);
        assertEquals(100, polls(1, 1, 100, true), "the 40 ns of the second reading is not the poll's");
        polls(20 * MeasuredCpuTime.CANARY_PERIOD, 1, 100, true);
        assertEquals(100, polls(1, 1, 100, true), "and stays not the poll's");
    }

    @Test
    void afterTheSearchPollsAreMeasuredAgain() {
        calibrateOn(true, 30, 100);
        cpu.chargeFromCalibration();
        cpu.chargeMeasured();
        assertEquals(2_000, polls(1, 8, 2_000, true));
    }

    @Test
    void whenTheJitCompilesMeanwhileTheCalibrationKeepsOnlyThePollsAfter() {
        calibrateOn(true, 30, 100);
        assertEquals(false, cpu.calibrationRestarted());
        cpu.beginCalibration(true); // polls of code about to be replaced:
        polls(4 * MeasuredCpuTime.CANARY_PERIOD, 8, 5_000, true);
        machine.compiledMillis += MeasuredCpuTime.RECOMPILED_MILLIS;
        for (final int packets : new int[] {0, 4, 8}) {
            polls(2 * MeasuredCpuTime.CANARY_PERIOD, packets, 30 + packets * 100, true);
        }
        polls(MeasuredCpuTime.CANARY_PERIOD, 0, 30, true);
        assertEquals(true, cpu.calibrationRestarted());
        assertEquals(830, cpu.chargeFromCalibration().nanosFor(8), "the 5,000 ns polls before the compilation are forgotten");
    }

    @Test
    void aLastAttemptKeepsThePollsBeforeACompilation() {
        cpu.beginCalibration(false);
        polls(4 * MeasuredCpuTime.CANARY_PERIOD, 1, 130, true);
        polls(MeasuredCpuTime.CANARY_PERIOD, 0, 30, true);
        machine.compiledMillis += MeasuredCpuTime.RECOMPILED_MILLIS;
        polls(4 * MeasuredCpuTime.CANARY_PERIOD, 8, 830, true);
        polls(MeasuredCpuTime.CANARY_PERIOD, 8, 830, true);
        assertEquals(true, cpu.calibrationRestarted());
        final PollCostTable table = cpu.chargeFromCalibration();
        assertEquals(130, table.nanosFor(1), "one packet's polls, from before the compilation, are kept");
        assertEquals(830, table.nanosFor(8));
    }
}
