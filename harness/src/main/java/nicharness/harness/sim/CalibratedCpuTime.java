package nicharness.harness.sim;

/**
 * The CPU side of simulated time with a calibration: polls are timed on the real CPU as
 * {@link MeasuredCpuTime} times them, except from {@link #chargeFromCalibration()} to
 * {@link #chargeMeasured()}, when each poll is charged the cost its packet count had in a
 * calibration run just before ({@link PollCostTable}): the median of the undisturbed polls with
 * that many packets.
 *
 * <p>Why a throughput search charges a table and not each poll's own time: the search's answer is
 * the rate at which a step first loses more than the threshold, and on a core shared with another
 * tenant a poll's own time moves by 1.2 to 1.9 times from one millisecond to the next, in ways a
 * canary between polls cannot always see (a neighbour that evicted the NF's tables leaves no trace
 * in the canary). A few slow milliseconds overflow a receive ring and fail a step the driver
 * forwards at its own speed, so repetitions of one configuration ended their searches up to 30 %
 * apart with measured polls ({@code docs/measurement-noise.md}). With a table, the simulation is a
 * function of the table: the same table gives the same search, step for step, and repetitions
 * differ only as much as their calibrations do. What it gives up is the poll-to-poll variation of
 * a real core during the search (its queueing effect on the loss); the calibration keeps the
 * typical cost of each packet count, at the rates the calibration offered.
 *
 * <p>The table learns from the polls {@link MeasuredCpuTime} learns its medians from: those with a
 * free core canary on both sides, since the JIT last compiled for a few milliseconds (it forgets
 * the polls before: {@link #calibrationRestarted()}). Each packet count keeps a uniform sample of
 * {@value #KEPT_PER_BUCKET} of them (reservoir sampling, a fixed seed per calibration). Latency
 * periods are measured poll by poll, as before: their distributions are the polls' own.
 *
 * <p>One thread; allocation-free except in {@link #chargeFromCalibration()}.
 */
public final class CalibratedCpuTime implements CpuTime {
    /** Undisturbed polls kept per packet count for its median. */
    static final int KEPT_PER_BUCKET = 8192;
    /** The reservoir's seed: the same polls give the same sample. */
    static final long SEED = 0x82599L;

    private final MeasuredCpuTime measured;
    private final long[][] kept = new long[MeasuredCpuTime.MAX_BUCKET + 1][KEPT_PER_BUCKET];
    private final long[] seen = new long[MeasuredCpuTime.MAX_BUCKET + 1];
    /** The reservoir's generator state: the same polls give the same sample. */
    private long reservoir = SEED;
    /** From {@link #beginCalibration} to the next canary, whose held polls were timed before it. */
    private boolean beforeFirstCanary;
    private boolean calibrating;
    private boolean restarted;
    private boolean forgetOnRecompilation;
    /** While not null, what every poll is charged. */
    private PollCostTable table;
    private long polls;
    private long cpuNanos;

    /** Times polls on this CPU, with a core canary of its own. */
    public CalibratedCpuTime() {
        this(MeasuredCpuTime.machine());
    }

    CalibratedCpuTime(final MeasuredCpuTime.Machine machine) {
        this.measured = new MeasuredCpuTime(machine, new MeasuredCpuTime.UndisturbedPolls() {
            @Override
            public void learnt(final int bucket, final long nanos) {
                CalibratedCpuTime.this.learnt(bucket, nanos);
            }

            @Override
            public void forgotten() {
                // Only what the JIT did during the calibration counts: a compilation noticed at its
                // first canary happened before it, and its first polls are not in it yet.
                if (calibrating && !beforeFirstCanary) {
                    restarted = true;
                    if (forgetOnRecompilation) {
                        forget();
                    }
                }
            }

            @Override
            public void canary() {
                beforeFirstCanary = false;
            }
        });
    }

    private void forget() {
        java.util.Arrays.fill(seen, 0);
        reservoir = SEED;
    }

    /** A uniform draw in [0, bound) from the reservoir's generator (SplitMix64), without allocating. */
    private long nextBelow(final long bound) {
        reservoir += 0x9E3779B97F4A7C15L;
        long z = reservoir;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return Long.remainderUnsigned(z, bound);
    }

    private void learnt(final int bucket, final long nanos) {
        // Polls held from before the calibration began are closed by its first canary: not its own.
        if (!calibrating || beforeFirstCanary) {
            return;
        }
        final long n = seen[bucket]++;
        if (n < KEPT_PER_BUCKET) {
            kept[bucket][(int) n] = nanos;
        } else {
            final long slot = nextBelow(n + 1);
            if (slot < KEPT_PER_BUCKET) {
                kept[bucket][(int) slot] = nanos;
            }
        }
    }

    @Override
    public void beginCalibration(final boolean forgetOnRecompilation) {
        this.forgetOnRecompilation = forgetOnRecompilation;
        forget();
        table = null;
        restarted = false;
        beforeFirstCanary = true;
        calibrating = true;
    }

    /**
     * Whether the JIT compiled during the calibration: it then forgot the polls before (they timed
     * code that is gone) and learnt from the rest only, unless told to keep them.
     */
    @Override
    public boolean calibrationRestarted() {
        return restarted;
    }

    @Override
    public PollCostTable chargeFromCalibration() {
        calibrating = false;
        table = PollCostTable.of(kept, seen);
        return table;
    }

    @Override
    public boolean calibrates() {
        return true;
    }

    @Override
    public void chargeMeasured() {
        calibrating = false;
        table = null;
    }

    @Override
    public void start() {
        if (table == null) {
            measured.start();
        }
    }

    @Override
    public long stop(final int packets) {
        if (table == null) {
            return measured.stop(packets);
        }
        polls++;
        final long charged = table.nanosFor(packets);
        cpuNanos += charged;
        return charged;
    }

    @Override
    public long emptyPollNanos() {
        return table == null ? measured.emptyPollNanos() : table.nanosFor(0);
    }

    @Override
    public void beginPeriod() {
        polls = 0;
        cpuNanos = 0;
        measured.beginPeriod();
    }

    @Override
    public PollStatistics statistics() {
        final PollStatistics own = measured.statistics();
        // Polls charged from the table had no time of their own to replace.
        return table == null ? own : new PollStatistics(polls, 0, 0, 0, 0, own.canaryBaselineNanos(), cpuNanos);
    }

    @Override
    public String describe() {
        return "calibrated: throughput searches charge each poll the median of its packet count's undisturbed polls in a"
                + " calibration before the search; other periods as " + measured.describe();
    }

    @Override
    public CpuTime forAnotherCore() {
        return new CalibratedCpuTime();
    }
}
