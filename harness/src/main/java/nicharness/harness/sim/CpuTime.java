package nicharness.harness.sim;

/**
 * What a poll costs the simulated CPU, apart from its register accesses: the CPU side of simulated
 * time. {@link MeasuredCpuTime} times each poll on the real CPU; {@link #fixed} charges a
 * given cost, for tests whose answer must be exact.
 *
 * <p>The testbed calls {@link #start()} right before {@code pollOnce()} and {@link #stop(int)}
 * right after, on the same thread.
 */
public interface CpuTime {

    /** A poll begins. */
    void start();

    /**
     * The poll has ended, having received {@code packets}.
     *
     * @return the nanoseconds of CPU time to charge for it
     */
    long stop(int packets);

    /** What an empty poll typically costs, in ns, for skipping runs of identical empty polls; at least 1. */
    long emptyPollNanos();

    /** A period of traffic begins (statistics are per period). */
    void beginPeriod();

    /** What happened to the polls of the current period. */
    PollStatistics statistics();

    /** A name for the results: how the CPU's time was obtained. */
    String describe();

    /**
     * A CPU time of the same kind for another simulated core, with statistics of its own: each core
     * of a driver on several cores has its own measured polls.
     */
    CpuTime forAnotherCore();

    /** Whether this CPU time learns a table of poll costs ({@link #beginCalibration}); false unless it does. */
    default boolean calibrates() {
        return false;
    }

    /**
     * Begins learning what a poll costs by its packet count, for {@link #chargeFromCalibration()};
     * polls are charged as usual meanwhile. Nothing, for a CPU time that does not calibrate.
     *
     * @param forgetOnRecompilation whether to forget what was learnt when the JIT compiles the data
     *                              path again ({@link #calibrationRestarted()}); false for a last
     *                              attempt, which keeps every poll rather than a table of the last
     *                              few packet counts it saw
     */
    default void beginCalibration(final boolean forgetOnRecompilation) {
    }

    /**
     * Ends the calibration: until {@link #chargeMeasured()}, every poll is charged its packet
     * count's cost in the returned table.
     *
     * @return the table now charged; null if this CPU time does not calibrate, or the calibration
     *         learnt no packet count well enough (polls are then charged as before)
     */
    default PollCostTable chargeFromCalibration() {
        return null;
    }

    /**
     * Whether the JIT compiled the data path again during the calibration begun last: if it was to
     * forget then, its table stands on the polls after that only; if not, on polls of old code too.
     */
    default boolean calibrationRestarted() {
        return false;
    }

    /** Charges each poll as before the calibration again. */
    default void chargeMeasured() {
    }

    /** The setting that measures every poll on this CPU: {@link MeasuredCpuTime}. */
    String MEASURED = "measured";

    /**
     * The setting that measures every poll on this CPU except in throughput searches, which charge
     * a table calibrated on this CPU just before: {@link CalibratedCpuTime}, the default.
     */
    String CALIBRATED = "calibrated";

    /**
     * The CPU a setting names: {@value #CALIBRATED}, {@value #MEASURED}, or {@code fixed:POLL_NS,PACKET_NS} for
     * {@link #fixed} (a check of the harness itself: every result then has an analytic answer and is
     * the same to the digit on every machine and in every run).
     *
     * @throws IllegalArgumentException naming the setting and the accepted forms
     */
    static CpuTime of(final String setting) {
        if (MEASURED.equals(setting)) {
            return new MeasuredCpuTime();
        }
        if (CALIBRATED.equals(setting)) {
            return new CalibratedCpuTime();
        }
        final long[] fixed = parseFixed(setting);
        return fixed(fixed[0], fixed[1]);
    }

    /** Whether a setting times each poll on this CPU ({@value #MEASURED}, {@value #CALIBRATED}), as opposed to a fixed cost. */
    static boolean timesPolls(final String setting) {
        return MEASURED.equals(setting) || CALIBRATED.equals(setting);
    }

    /** Checks a setting for {@link #of} without building anything (a {@link MeasuredCpuTime} calibrates its timer). */
    static String check(final String setting) {
        if (!timesPolls(setting)) {
            parseFixed(setting);
        }
        return setting;
    }

    private static long[] parseFixed(final String setting) {
        final String form = "the CPU cost is 'calibrated' (each poll timed on this CPU, throughput searches charged a table"
                + " of each packet count's typical poll learnt just before), 'measured' (each poll timed on this CPU) or"
                + " 'fixed:POLL_NS,PACKET_NS'"
                + " (every poll charged POLL_NS plus PACKET_NS per packet, e.g. fixed:1,100)";
        if (setting == null || !setting.startsWith("fixed:")) {
            throw new IllegalArgumentException(form + ", was '" + setting + "'");
        }
        final String[] parts = setting.substring("fixed:".length()).split(",", -1);
        try {
            if (parts.length == 2) {
                final long poll = Long.parseLong(parts[0].strip());
                final long packet = Long.parseLong(parts[1].strip());
                if (poll >= 1 && packet >= 0) {
                    return new long[] {poll, packet};
                }
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(form + " with POLL_NS >= 1 and PACKET_NS >= 0 whole nanoseconds, was '" + setting + "'");
    }

    /**
     * A CPU on which every poll costs exactly {@code perPollNanos} plus {@code perPacketNanos} per
     * packet received: a driver of known cost, so that throughput and latency have an analytic answer.
     */
    static CpuTime fixed(final long perPollNanos, final long perPacketNanos) {
        if (perPollNanos < 1 || perPacketNanos < 0) {
            throw new IllegalArgumentException("a poll costs at least 1 ns and a packet no less than 0: perPollNanos="
                    + perPollNanos + " perPacketNanos=" + perPacketNanos);
        }
        return new CpuTime() {
            private long polls;
            private long cpuNanos;

            @Override
            public void start() {
            }

            @Override
            public long stop(final int packets) {
                polls++;
                final long nanos = perPollNanos + packets * perPacketNanos;
                cpuNanos += nanos;
                return nanos;
            }

            @Override
            public long emptyPollNanos() {
                return perPollNanos;
            }

            @Override
            public void beginPeriod() {
                polls = 0;
                cpuNanos = 0;
            }

            @Override
            public PollStatistics statistics() {
                return new PollStatistics(polls, 0, 0, 0, 0, Double.NaN, cpuNanos);
            }

            @Override
            public CpuTime forAnotherCore() {
                return fixed(perPollNanos, perPacketNanos);
            }

            @Override
            public String describe() {
                return "fixed: " + perPollNanos + " ns per poll + " + perPacketNanos + " ns per packet";
            }
        };
    }

    /**
     * What happened to a period's polls.
     *
     * @param polls             polls run (skipped empty polls not included)
     * @param contended         polls run while the core canary said the core was shared, charged an estimate
     * @param outliers          polls far outside the time of polls with the same packet count (an interrupt,
     *                          a preemption, a deoptimisation), charged an estimate
     * @param scaled            disturbed polls with no estimate yet for their packet count, charged their own time
     *                          divided by the canary's slowdown (contended) or as measured (outliers)
     * @param skippedEmptyPolls empty polls the simulation did not run, since nothing could change before the next
     *                          event (counted by the testbed)
     * @param canaryBaselineNanos the core canary's time on a free core, NaN without a canary
     * @param cpuNanos          the CPU time charged for the polls run (register accesses not included)
     */
    record PollStatistics(long polls, long contended, long outliers, long scaled, long skippedEmptyPolls,
                          double canaryBaselineNanos, long cpuNanos) {

        /** The share of polls run whose own time was not used. */
        public double replacedShare() {
            return polls == 0 ? 0 : (double) (contended + outliers) / polls;
        }

        /** The statistics of two cores' polls together; the canary's baseline is this core's. */
        public PollStatistics plus(final PollStatistics other) {
            return new PollStatistics(polls + other.polls, contended + other.contended, outliers + other.outliers,
                    scaled + other.scaled, skippedEmptyPolls + other.skippedEmptyPolls, canaryBaselineNanos,
                    cpuNanos + other.cpuNanos);
        }

        /** These statistics with the testbed's count of skipped empty polls. */
        public PollStatistics withSkipped(final long skipped) {
            return new PollStatistics(polls, contended, outliers, scaled, skipped, canaryBaselineNanos, cpuNanos);
        }
    }
}
