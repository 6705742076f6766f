package nicharness.harness.sim;

import java.util.Arrays;
import nicharness.env.CoreCanary;
import nicharness.harness.trial.JitQuiet;

/**
 * The CPU side of simulated time: each poll timed on the real CPU with {@link System#nanoTime()},
 * less the cost of the timing itself, unless the machine disturbed it.
 *
 * <p>Two kinds of disturbance are recognised, and a disturbed poll is charged the median time of
 * the last {@value #CLEAN_WINDOW} polls with the same packet count that ran on a free core instead of
 * its own:
 * <ul>
 * <li>a core that was not free: a {@link CoreCanary} runs every {@value #CANARY_PERIOD} polls or
 *     {@value #CANARY_INTERVAL_NANOS} ns of polling, whichever comes first, and
 *     unless it ran within {@link CoreCanary#FREE_RATIO} of its free-core time, the polls up to
 *     the next canary are disturbed. Not only the canaries past {@link CoreCanary#CONTENDED_RATIO}:
 *     between the two, the driver's own time is a mixture of free and shared speeds (see
 *     {@code docs/measurement-noise.md}, "Free, shared and in between");</li>
 * <li>an outlier: a poll longer than {@value #OUTLIER_FACTOR} times that median and
 *     {@value #OUTLIER_MARGIN_NANOS} ns more (an interrupt, a preemption, a safepoint, a
 *     deoptimisation: the thread's run-queue wait shows up here as time, at no cost per poll).</li>
 * </ul>
 * The medians learn only from polls with a free canary on both sides: a stretch of polls is held
 * back until the next canary, and forgotten if the core was shared by then, since a neighbour
 * that arrived in the middle of it slowed its later polls.
 *
 * <p>While a packet count has fewer than {@value #CLEAN_MIN_SAMPLES} free polls, a disturbed poll is
 * charged its own time (divided by the canary's slowdown when the core was shared), and counted
 * as scaled. The share of polls replaced is reported per period.
 *
 * <p>A median stands only for the code that made it: whenever the JIT has compiled for a few
 * milliseconds since the medians were learnt (a deoptimisation and recompilation, a new path's
 * first compilation), every packet count's free polls are forgotten and learnt again. Without
 * that, on a core shared for most of a period, polls were charged medians learnt during the
 * warm-up from code that was still half interpreted.
 *
 * <p>The canary runs between polls, outside any timed region; it takes about 0.3 us every few
 * tens of microseconds of real time. One thread; allocation-free after construction.
 */
public final class MeasuredCpuTime implements CpuTime {
    /** Polls between two canaries. */
    static final int CANARY_PERIOD = 256;
    /**
     * Polling time, in ns, after which a canary runs even before {@value #CANARY_PERIOD} polls: the
     * polls between a neighbour's arrival and the next canary are charged their own, slowed time,
     * and 256 full polls of TinyNF (about 280 us) slowed 1.7 times stalled the simulated driver
     * longer than its receive ring lasts at 5 Gb/s (1,024 descriptors, 140 us, with SRRCTL.DROP_EN
     * set, so no packet buffer behind them). Not much shorter: each canary takes 16 KiB of the
     * driver's L1 for the polls after it.
     */
    static final long CANARY_INTERVAL_NANOS = 50_000;
    /** Polls remembered per packet count for telling an outlier before there are undisturbed ones. */
    static final int WINDOW = 255;
    /**
     * Undisturbed polls remembered per packet count: about 4 ms of TinyNF's full polls at
     * saturation, more for the packet counts a step sees less often, since the median of a short
     * window is no estimate of the free core. A
     * shared core's neighbour comes and goes faster than the canaries can tell, so a stretch of
     * "undisturbed" polls is a mixture; a window of the last 255 held medians 25 % above the
     * packet count's median over the step (1,204 against 955 ns for TinyNF's full bridge polls), and
     * a shared phase charged that for milliseconds overflowed the receive ring.
     */
    static final int CLEAN_WINDOW = 4095;
    /** Samples between two recomputations of a full clean window's median. */
    static final int CLEAN_RECOMPUTE = 1024;
    /** Polls of a packet count needed before their median tells an outlier, while there are too few undisturbed ones. */
    static final int MIN_SAMPLES = 16;
    /**
     * Undisturbed polls a packet count needs before their median stands in for its disturbed polls.
     * More than for telling outliers: the first polls after the medians were forgotten (at the start
     * of a step, when the JIT has just compiled the period's bookkeeping) find the NF's tables out of
     * the cache, where the period between two steps left them, and run up to three times as long as
     * later ones; a median of sixteen of them, charged to a shared phase that followed, stalled the
     * simulated driver for milliseconds (3,060 ns charged for a full TinyNF bridge poll that took 970).
     */
    static final int CLEAN_MIN_SAMPLES = 256;
    /** A poll this many times its packet count's median, ... */
    static final long OUTLIER_FACTOR = 4;
    /** ... and this many ns longer, was interrupted. */
    static final long OUTLIER_MARGIN_NANOS = 2_000;
    /** Compilation, in ms of the JIT's total, that makes the medians stale. */
    static final long RECOMPILED_MILLIS = 5;
    /**
     * A window's polls within this many ns of each other have their median counted rather than
     * selected: a packet count's undisturbed polls spread over hundreds of ns, rarely thousands.
     */
    static final int MEDIAN_COUNTED_RANGE = 8192;
    /** Packet counts are told apart up to this; larger polls share the last bucket. */
    static final int MAX_BUCKET = 64;

    /**
     * What the CPU time needs from the machine, apart from the polls: a clock, the core's state and
     * the JIT's work so far. The real one is {@link #machine()}; tests script their own.
     */
    interface Machine {
        /** The time, in ns. */
        long nanoTime();

        /** Runs the core canary (between polls) and returns whether the core ran free. */
        boolean canaryFree();

        /** The last canary's time over its free-core time, NaN before there is one. */
        double canarySlowdown();

        /** The canary's free-core time in ns, for the results. */
        long canaryBaselineNanos();

        /** The JIT's total compilation time so far in ms, or -1 when the JVM cannot tell. */
        long compiledMillis();
    }

    /**
     * Told of every poll learnt as undisturbed (a free canary before and after it), with its packet
     * bucket and its time: how {@link CalibratedCpuTime} builds its table from the same polls the
     * medians learn from.
     */
    interface UndisturbedPolls {
        /** A poll was learnt. */
        void learnt(int bucket, long nanos);

        /** The JIT has compiled since the polls learnt so far: they stand for code that is gone. */
        void forgotten();

        /**
         * A canary has run: the polls it closed, if free, have been passed to {@link #learnt}, and
         * {@link #forgotten} has been called if the JIT compiled since the canary before.
         */
        void canary();
    }

    /** Learns nothing: a measured CPU time on its own. */
    private static final UndisturbedPolls NOBODY = new UndisturbedPolls() {
        @Override
        public void learnt(final int bucket, final long nanos) {
        }

        @Override
        public void forgotten() {
        }

        @Override
        public void canary() {
        }
    };

    private final Machine machine;
    private final UndisturbedPolls undisturbed;
    private long compiledMillis = -1;
    /** Per packet count: the undisturbed polls since the JIT last compiled anything. */
    private final Window[] clean = new Window[MAX_BUCKET + 1];
    /** Per packet count: every poll, for telling an outlier when there is no undisturbed median yet. */
    private final Window[] any = new Window[MAX_BUCKET + 1];
    /** The windows' medians' counting space, shared: one thread, one median at a time. */
    private final int[] medianCounts = new int[MEDIAN_COUNTED_RANGE];
    private long timerOverhead;
    /**
     * The cost of timing, sampled where the polls are timed: two readings of the clock at each
     * canary, in {@link #start()}, which the JIT compiles with the polls' own timing. A separate
     * calibration is not: interpreted, two readings cost 70 ns here, 42 with its loop compiled on
     * stack, and 22 once compiled, so calibrating before each period subtracted 20 to 50 ns too
     * much from every poll of a trial's first few periods, a different number of them in each
     * trial JVM (and, on a loaded machine, for longer).
     */
    private final long[] timerSamples = new long[TIMER_SAMPLES];
    private final long[] timerSorted = new long[TIMER_SAMPLES];
    private int timerNext;
    private boolean timerFilled;
    private long started;
    private int untilCanary;
    /** Measured polling time since the last canary. */
    private long sinceCanaryNanos;
    private boolean contendedNow;
    /** The polls since the last canary, waiting for the next one to say whether they ran free. */
    private final int[] heldBuckets = new int[CANARY_PERIOD];
    private final long[] heldNanos = new long[CANARY_PERIOD];
    private int held;
    private long polls;
    private long contended;
    private long outliers;
    private long scaled;
    private long cpuNanos;

    /** Calibrates the cost of timing and starts the canary. */
    public MeasuredCpuTime() {
        this(machine());
    }

    MeasuredCpuTime(final Machine machine) {
        this(machine, NOBODY);
    }

    MeasuredCpuTime(final Machine machine, final UndisturbedPolls undisturbed) {
        this.machine = machine;
        this.undisturbed = undisturbed;
        timerOverhead = calibrateTimer();
        for (int b = 0; b <= MAX_BUCKET; b++) {
            clean[b] = new Window(CLEAN_WINDOW, CLEAN_RECOMPUTE, CLEAN_MIN_SAMPLES, medianCounts);
            any[b] = new Window(WINDOW, WINDOW, MIN_SAMPLES, medianCounts);
        }
    }

    /** This JVM on this CPU: {@link System#nanoTime()}, a {@link CoreCanary} that has learnt its baseline, the JIT's bean. */
    static Machine machine() {
        final CoreCanary canary = new CoreCanary();
        canary.learn(2 * CANARY_PERIOD);
        return new Machine() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public boolean canaryFree() {
                canary.measure();
                return canary.free();
            }

            @Override
            public double canarySlowdown() {
                return canary.slowdown();
            }

            @Override
            public long canaryBaselineNanos() {
                return canary.baselineNanos();
            }

            @Override
            public long compiledMillis() {
                return JitQuiet.compiledMillisOfThisJvm();
            }
        };
    }

    /** The median cost of two back-to-back readings of the machine's clock, in ns. */
    private long calibrateTimer() {
        final long[] pairs = new long[1001];
        for (int round = 0; round < 3; round++) { // the first rounds run interpreted
            for (int i = 0; i < pairs.length; i++) {
                final long t0 = machine.nanoTime();
                pairs[i] = machine.nanoTime() - t0;
            }
        }
        Arrays.sort(pairs);
        return pairs[pairs.length / 2];
    }

    /** Another core's polls are timed apart from this one's, with medians and a canary of their own. */
    @Override
    public CpuTime forAnotherCore() {
        return new MeasuredCpuTime();
    }

    @Override
    public void start() {
        if (--untilCanary <= 0 || sinceCanaryNanos >= CANARY_INTERVAL_NANOS) {
            untilCanary = CANARY_PERIOD;
            sinceCanaryNanos = 0;
            final boolean free = machine.canaryFree();
            // The polls held since the last canary had a free one before them (or they would not
            // be held); they are learnt only if this one is free too.
            if (free) {
                for (int i = 0; i < held; i++) {
                    clean[heldBuckets[i]].add(heldNanos[i]);
                    undisturbed.learnt(heldBuckets[i], heldNanos[i]);
                }
            }
            held = 0;
            contendedNow = !free;
            forgetIfRecompiled();
            undisturbed.canary();
            sampleTimer();
        }
        started = machine.nanoTime();
    }

    /**
     * Samples the cost of timing ({@link #timerSamples}); every {@value #TIMER_SAMPLES} samples (at
     * each canary until there are that many), their median becomes it.
     */
    private void sampleTimer() {
        for (int i = 0; i < TIMER_PAIRS_PER_CANARY; i++) {
            final long t0 = machine.nanoTime();
            timerSamples[timerNext++] = machine.nanoTime() - t0;
        }
        // The first median as soon as one canary's samples are in: until then the constructor's
        // calibration, interpreted, stands, and it is the one this sampling replaces.
        final int samples = timerFilled ? TIMER_SAMPLES : timerNext;
        if (timerNext == TIMER_SAMPLES || !timerFilled) {
            System.arraycopy(timerSamples, 0, timerSorted, 0, samples);
            Arrays.sort(timerSorted, 0, samples);
            timerOverhead = timerSorted[samples / 2];
        }
        if (timerNext == TIMER_SAMPLES) {
            timerNext = 0;
            timerFilled = true;
        }
    }

    /** Timer samples per median. */
    static final int TIMER_SAMPLES = 64;
    /** Timer samples taken at each canary. */
    static final int TIMER_PAIRS_PER_CANARY = 4;

    @Override
    public long stop(final int packets) {
        final long charged = charge(packets);
        cpuNanos += charged;
        return charged;
    }

    private long charge(final int packets) {
        final long measured = Math.max(0, machine.nanoTime() - started - timerOverhead);
        sinceCanaryNanos += measured;
        polls++;
        final int bucket = Math.min(packets, MAX_BUCKET);
        final long typical = clean[bucket].median();
        final long anyTypical = any[bucket].median();
        any[bucket].add(measured);
        if (contendedNow) {
            contended++;
            if (typical >= 0) {
                return typical;
            }
            scaled++;
            // No undisturbed poll of this size since the last compilation: its own time (or, if it was
            // interrupted too, the typical one) less the slowdown the canary saw.
            final long own = anyTypical >= 0 && isOutlier(measured, anyTypical) ? anyTypical : measured;
            final double slowdown = machine.canarySlowdown();
            return slowdown > 1 ? Math.round(own / slowdown) : own;
        }
        if (typical >= 0 && isOutlier(measured, typical)) {
            outliers++;
            return typical;
        }
        if (typical < 0 && anyTypical >= 0 && isOutlier(measured, anyTypical)) {
            outliers++;
            scaled++;
            return anyTypical;
        }
        heldBuckets[held] = bucket;
        heldNanos[held] = measured;
        held++;
        return measured;
    }

    private static boolean isOutlier(final long measured, final long typical) {
        return measured > OUTLIER_FACTOR * typical + OUTLIER_MARGIN_NANOS;
    }

    /**
     * Forgets every packet count's undisturbed polls if the JIT has spent {@value #RECOMPILED_MILLIS}
     * ms or more compiling since they were learnt: a recompilation of the data path (C2 takes
     * milliseconds for the driver's loop), not the trickle of sub-millisecond C1 compilations of the
     * trial's bookkeeping that goes on all trial long.
     */
    private void forgetIfRecompiled() {
        final long now = machine.compiledMillis();
        if (now < 0) {
            return;
        }
        if (compiledMillis < 0 || now - compiledMillis >= RECOMPILED_MILLIS) {
            if (compiledMillis >= 0) {
                undisturbed.forgotten();
            }
            compiledMillis = now;
            for (final Window w : clean) {
                w.clear();
            }
        }
    }

    /** The last times of one packet count, and their median once there are enough. */
    private static final class Window {
        private final long[] samples;
        private final long[] scratch;
        private final int recomputeEvery;
        private final int minSamples;
        private final int[] counts;
        private int count;
        private int next;
        private int sinceMedian;
        private long median = -1;

        Window(final int size, final int recomputeEvery, final int minSamples, final int[] counts) {
            samples = new long[size];
            scratch = new long[size];
            this.counts = counts;
            this.recomputeEvery = recomputeEvery;
            this.minSamples = minSamples;
        }

        void add(final long nanos) {
            samples[next] = nanos;
            // Not a remainder: a division on every poll, the window's length being no power of two.
            if (++next == samples.length) {
                next = 0;
            }
            if (count < samples.length) {
                count++;
            }
            // Recomputed as soon as there are enough samples, each time their number has doubled, and
            // then every recomputeEvery samples.
            sinceMedian++;
            final int atLastMedian = count - sinceMedian;
            final int due = count < samples.length ? Math.min(atLastMedian, recomputeEvery) : recomputeEvery;
            if (count >= minSamples && (median < 0 || sinceMedian >= due)) {
                sinceMedian = 0;
                median = OrderStatistic.select(samples, count, count / 2, scratch, counts);
            }
        }

        /** The median, or -1 with fewer samples than the window needs. */
        long median() {
            return median;
        }

        void clear() {
            count = 0;
            next = 0;
            sinceMedian = 0;
            median = -1;
        }
    }

    @Override
    public long emptyPollNanos() {
        final long typical = clean[0].median() >= 0 ? clean[0].median() : any[0].median();
        return Math.max(1, typical);
    }

    @Override
    public void beginPeriod() {
        polls = 0;
        contended = 0;
        outliers = 0;
        scaled = 0;
        cpuNanos = 0;
        // The timer is not calibrated again: its cost is the compiled code's and the clock
        // source's, which a period does not change, and a calibration between two periods is
        // itself disturbed now and then (28 ns instead of 22 in one period of four JVMs here).
    }

    @Override
    public PollStatistics statistics() {
        return new PollStatistics(polls, contended, outliers, scaled, 0, machine.canaryBaselineNanos(), cpuNanos);
    }

    @Override
    public String describe() {
        return "measured: System.nanoTime around each poll, less " + timerOverhead + " ns of timing; disturbed polls"
                + " (a core canary not within " + CoreCanary.FREE_RATIO + " of its free-core time, outliers) charged the median"
                + " of their packet count's polls between two free canaries";
    }
}
