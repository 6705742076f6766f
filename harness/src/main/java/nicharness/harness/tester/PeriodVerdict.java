package nicharness.harness.tester;

import nicharness.harness.trial.Measurement;

/**
 * Who set the pace of a period, as both clocks judge it once its {@link PeriodBooks} balance: the
 * tester or the model (then the period says nothing about the driver), the machine taking the
 * driver's CPU away, or the driver itself. Whether the loss is within the workload's threshold is
 * the trial's to judge; whether a simulated period's polls were disturbed is
 * {@link Measurement#disturbed()}.
 *
 * <p>In real time ({@link #realTime}) the tester, the model and the driver share the machine. A
 * period is tester-limited when the tester offered less than 99 % of the frames its schedule asked
 * for, or when frames were lost while the tester's and model's thread had fallen 64 frames or more
 * behind its schedule (a burst it did not mean to send), or while either thread, which both
 * busy-poll, had a CPU for less than 90 % of the period: then the machine (other processes, too
 * few CPUs) set the pace. How busy the engine thread was is not part of the rule: a pass that did
 * any work counts as busy, so periods at 1 to 2 Gb/s read as 97.5 to 99 % busy while the tester
 * kept its schedule; a tester that cannot keep up shows as lag and as a rate short of the
 * schedule, and the engines serve transmit and receive alike at overload ({@code
 * EngineFairnessTest}), so a saturated engine thread does not starve the driver's transmissions. Separately, a period in which the tester kept up
 * but the frames lost are no more than arrived while the driver's thread was runnable but waiting
 * for a CPU ({@link #preempted}), or in which the driver's thread had a CPU for less than 90 % of
 * it, is {@code driverPreempted}.
 *
 * <p>In simulated time ({@link #SIMULATED}) neither can happen: the tester and the model stand for
 * hardware beside the CPU and run on the virtual clock, so they never fall behind, and the driver's
 * polls are timed on this CPU with the disturbed ones replaced, so nothing takes its CPU away.
 *
 * @param testerLimited   whether the tester or the model, not the driver, limited the period
 * @param driverPreempted whether the tester and the model kept up and frames were lost, but the
 *                        driver's thread lost its CPU for long enough to explain them
 */
public record PeriodVerdict(boolean testerLimited, boolean driverPreempted) {

    /** Offered below this share of the schedule: the tester could not keep up. */
    static final double RATE_SHORTFALL = 0.99;
    /** A lag of this many frames while frames were lost: the tester sent a burst. */
    static final double LAG_FRAMES_LIMIT = 64;

    /** Every period in simulated time: the driver alone set the pace. */
    public static final PeriodVerdict SIMULATED = new PeriodVerdict(false, false);

    /**
     * The verdict on a period in real time: the tester's and the model's own limits first; only
     * when they kept up can the driver's lost CPU be what spoiled the period, and only then is
     * offering it again worth it.
     *
     * @param books       the period's balanced books
     * @param lagNanos    the most the tester was behind its schedule when it sent a frame
     * @param pausedNanos how long flow control held the tester's traffic back
     * @param driverShare the share of the period the driver's thread had a CPU, NaN if unknown
     * @param wireShare   likewise for the tester's and model's thread
     * @param driverWait  how long the driver's thread was runnable but waiting for a CPU, -1 if unknown
     */
    static PeriodVerdict realTime(final Period period, final PeriodBooks books, final long lagNanos,
                                  final long pausedNanos, final double driverShare, final double wireShare,
                                  final long driverWait) {
        final long lost = books.offeredTotal() - books.returnedTotal();
        // Frames held back by flow control are the driver's doing, not a tester that fell short.
        final boolean testerShort = pausedNanos == 0
                ? testerLimited(period, books.offered(), lost, lagNanos, Double.NaN, wireShare)
                : lost > 0 && (lagFrames(period, lagNanos) >= LAG_FRAMES_LIMIT || Measurement.starved(wireShare));
        final boolean preempted = !testerShort && lost > 0
                && (preempted(period, lost, driverWait) || Measurement.starved(driverShare));
        return new PeriodVerdict(testerShort, preempted);
    }

    /** The tester-limited rule of the class comment. */
    static boolean testerLimited(final Period period, final long[] offered, final long lost, final long lagNanos,
                                 final double driverCpuShare, final double wireCpuShare) {
        final double framesPerNanoPerDirection = period.gbpsPerDirection() / WireTester.FRAME_WIRE_BITS;
        final double expected = framesPerNanoPerDirection * period.nanos();
        for (int d = 0; d < offered.length; d++) {
            if ((period.directionMask() & (1 << d)) != 0 && expected >= 1) {
                final double background = offered[d] - (d == 0 ? (double) period.probesPerSecond() * period.nanos() / 1e9 : 0);
                if (background < RATE_SHORTFALL * Math.floor(expected)) {
                    return true;
                }
            }
        }
        // Without loss, a tester that kept its schedule is no excuse: the driver coped regardless.
        return lost > 0 && (lagFrames(period, lagNanos) >= LAG_FRAMES_LIMIT
                || Measurement.starved(driverCpuShare) || Measurement.starved(wireCpuShare));
    }

    /** How many frames of one direction the tester's largest lag behind its schedule is worth. */
    private static double lagFrames(final Period period, final long lagNanos) {
        return lagNanos * period.gbpsPerDirection() / WireTester.FRAME_WIRE_BITS;
    }

    /**
     * Whether the frames lost could all have arrived while the driver's thread waited for a CPU:
     * then the machine's scheduler, not the driver, may have lost them (its receive ring filled
     * while another thread held the CPU). The wait is a sum, and a ring only overflows during one
     * long wait, so this errs towards blaming the machine; a loss larger than everything that
     * arrived while the driver waited is the driver's, or the model's, for certain.
     */
    static boolean preempted(final Period period, final long lost, final long driverWaitNanos) {
        if (lost <= 0 || driverWaitNanos <= 0) {
            return false;
        }
        final double framesPerNano = period.gbpsPerDirection() / WireTester.FRAME_WIRE_BITS
                * Integer.bitCount(period.directionMask()) + period.probesPerSecond() / 1e9;
        return lost <= driverWaitNanos * framesPerNano;
    }
}
