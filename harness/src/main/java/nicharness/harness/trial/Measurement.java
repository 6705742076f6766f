package nicharness.harness.trial;

import org.HdrHistogram.Histogram;

/**
 * What the tester saw during one {@link Load}, after the frames still in flight came back.
 *
 * @param offered            frames put on the wire per direction (background and probes)
 * @param returned           frames that came back per direction
 * @param offeredGbps        the wire rate achieved, total over the directions, preamble and gap included
 * @param cardDropped        frames the cards' statistics registers counted as dropped (missed and no-descriptor drops)
 * @param nfDropped          frames the driver counted as dropped by the NF or refused by a full transmit ring
 * @param scheduleLagMaxNs   the most the tester was behind its schedule when it sent a frame
 * @param engineBusyFraction the fraction of its time the tester-and-model thread was working, in [0, 1]
 * @param testerLimited      whether the tester or the model, not the driver, limited this period
 * @param latency            the probes' latencies in ns (null without probes)
 * @param probesSent         probes sent in the measured part
 * @param probesLost         probes that did not come back within the paper's 1 ms
 * @param gcCount            garbage collections during the period (0 is the rule)
 * @param driverCpuShare     the share of the period the driver's thread was on a CPU (it busy-polls,
 *                           so anything well below 1 means the machine took the CPU away); NaN if unknown
 * @param wireCpuShare       likewise for the tester's and model's thread
 * @param driverRunQueueWaitNs how long the driver's thread was runnable but waiting for a CPU during the period,
 *                           in ns (the kernel's schedstat); -1 if unknown
 * @param driverPreempted    whether the tester and the model kept up and frames were lost, but the driver's thread
 *                           lost its CPU for long enough to explain them: every frame lost could have arrived while
 *                           it waited for a CPU, or it had a CPU for less than {@link #CPU_SHARE_LIMIT} of the
 *                           period; whether that spoils the period depends on the loss threshold, which the
 *                           trial knows
 * @param simulated          in simulated time, how the virtual clock was kept; null in real time
 * @param pausedNs           how long the tester held its traffic back because a port sent XOFF (802.3x flow
 *                           control, off unless the driver enables it), summed over the directions
 */
public record Measurement(long[] offered, long[] returned, double offeredGbps, long cardDropped, long nfDropped,
                          long scheduleLagMaxNs, double engineBusyFraction, boolean testerLimited, Histogram latency,
                          long probesSent, long probesLost, long gcCount, double driverCpuShare, double wireCpuShare,
                          long driverRunQueueWaitNs, boolean driverPreempted, Simulated simulated, long pausedNs) {

    /** A measurement without pauses. */
    public Measurement(final long[] offered, final long[] returned, final double offeredGbps, final long cardDropped,
                       final long nfDropped, final long scheduleLagMaxNs, final double engineBusyFraction,
                       final boolean testerLimited, final Histogram latency, final long probesSent, final long probesLost,
                       final long gcCount, final double driverCpuShare, final double wireCpuShare,
                       final long driverRunQueueWaitNs, final boolean driverPreempted, final Simulated simulated) {
        this(offered, returned, offeredGbps, cardDropped, nfDropped, scheduleLagMaxNs, engineBusyFraction, testerLimited,
                latency, probesSent, probesLost, gcCount, driverCpuShare, wireCpuShare, driverRunQueueWaitNs,
                driverPreempted, simulated, 0);
    }

    /** A measurement in real time. */
    public Measurement(final long[] offered, final long[] returned, final double offeredGbps, final long cardDropped,
                       final long nfDropped, final long scheduleLagMaxNs, final double engineBusyFraction,
                       final boolean testerLimited, final Histogram latency, final long probesSent, final long probesLost,
                       final long gcCount, final double driverCpuShare, final double wireCpuShare,
                       final long driverRunQueueWaitNs, final boolean driverPreempted) {
        this(offered, returned, offeredGbps, cardDropped, nfDropped, scheduleLagMaxNs, engineBusyFraction, testerLimited,
                latency, probesSent, probesLost, gcCount, driverCpuShare, wireCpuShare, driverRunQueueWaitNs,
                driverPreempted, null, 0);
    }

    /**
     * How a period in simulated time kept its clock.
     *
     * @param virtualNanos the period's length in simulated time, drain included
     * @param realNanos    how long it took on this machine
     * @param polls        what happened to the driver's polls
     */
    public record Simulated(long virtualNanos, long realNanos, nicharness.harness.sim.CpuTime.PollStatistics polls) {

        /** Real seconds per simulated second. */
        public double slowdown() {
            return virtualNanos == 0 ? Double.NaN : (double) realNanos / virtualNanos;
        }
    }

    /**
     * The share of a period's polls whose own time a simulated-time trial may replace and still call
     * the period clean: more than this, and the machine disturbed too much of it.
     */
    public static final double REPLACED_POLLS_LIMIT = 0.2;

    /** Whether the clock was virtual and too many polls had to be charged an estimate instead of their own time. */
    public boolean disturbed() {
        return simulated != null && simulated.polls().replacedShare() > REPLACED_POLLS_LIMIT;
    }

    /** Garbage collections in this JVM so far, all collectors. */
    public static long collectionsSoFar() {
        long sum = 0;
        for (final java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionCount());
        }
        return sum;
    }

    /** A busy-polling thread on a CPU for less of a period than this was starved by the machine. */
    public static final double CPU_SHARE_LIMIT = 0.9;

    /**
     * Whether a thread that busy-polls had the CPU for less than {@link #CPU_SHARE_LIMIT} of the
     * period: the machine, not the driver, set the pace (other processes, or too few CPUs).
     */
    public static boolean starved(final double cpuShare) {
        return cpuShare < CPU_SHARE_LIMIT; // false for NaN: unknown is not starved
    }

    /** All directions' offered frames. */
    public long offeredTotal() {
        long sum = 0;
        for (final long o : offered) {
            sum += o;
        }
        return sum;
    }

    /** All directions' returned frames. */
    public long returnedTotal() {
        long sum = 0;
        for (final long r : returned) {
            sum += r;
        }
        return sum;
    }

    /**
     * Loss as the paper computes it: (tx - rx) / tx per active direction, averaged
     * ({@code bench-moongen.lua:218, 290-295}).
     */
    public double lossFraction() {
        double sum = 0;
        int directions = 0;
        for (int d = 0; d < offered.length; d++) {
            if (offered[d] > 0) {
                sum += (double) (offered[d] - returned[d]) / offered[d];
                directions++;
            }
        }
        return directions == 0 ? 0 : sum / directions;
    }

    /** The highest total rate the tester could have offered, extrapolated from how busy it was; NaN if unknown. */
    public double testerCeilingGbps() {
        return engineBusyFraction > 0.05 ? offeredGbps / engineBusyFraction : Double.NaN;
    }
}
