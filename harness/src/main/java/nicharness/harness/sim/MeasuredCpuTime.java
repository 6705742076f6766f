package nicharness.harness.sim;

import java.util.Arrays;
import nicharness.env.CoreCanary;

/**
 * The CPU side of simulated time: each poll timed on the real CPU with {@link System#nanoTime()},
 * less the cost of the timing itself, unless the machine disturbed it.
 *
 * <p>Two kinds of disturbance are recognised, and a disturbed poll is charged the median time of
 * the last {@value #WINDOW} undisturbed polls with the same packet count instead of its own:
 * <ul>
 * <li>a shared core: a {@link CoreCanary} runs every {@value #CANARY_PERIOD} polls, and while it
 *     says another tenant shares the physical core (which slows a poll 1.6 to 1.9 times, see
 *     {@code docs/measurement-noise.md}), the polls up to the next canary are disturbed;</li>
 * <li>an outlier: a poll longer than {@value #OUTLIER_FACTOR} times that median and
 *     {@value #OUTLIER_MARGIN_NANOS} ns more (an interrupt, a preemption, a safepoint, a
 *     deoptimisation: the thread's run-queue wait shows up here as time, at no cost per poll).</li>
 * </ul>
 * While a packet count has fewer than {@value #MIN_SAMPLES} undisturbed polls, a disturbed poll
 * is charged its own time (divided by the canary's slowdown when the core was shared), and
 * counted as scaled. The share of polls replaced is reported per period.
 *
 * <p>A median stands only for the code that made it: whenever the JIT has compiled for a few
 * milliseconds since the medians were learnt (a deoptimisation and recompilation, a new path's
 * first compilation), every packet count's undisturbed polls are forgotten and learnt again. Without that, on a core shared
 * for most of a period, polls were charged medians learnt during the warm-up from code that was
 * still half interpreted.
 *
 * <p>The canary runs between polls, outside any timed region; it takes about 0.3 us every few
 * tens of microseconds of real time. One thread; allocation-free after construction.
 */
public final class MeasuredCpuTime implements CpuTime {
    /** Polls between two canaries. */
    static final int CANARY_PERIOD = 256;
    /** Undisturbed polls remembered per packet count. */
    static final int WINDOW = 255;
    /** Undisturbed polls a packet count needs before its median stands in for disturbed ones. */
    static final int MIN_SAMPLES = 16;
    /** A poll this many times its packet count's median, ... */
    static final long OUTLIER_FACTOR = 4;
    /** ... and this many ns longer, was interrupted. */
    static final long OUTLIER_MARGIN_NANOS = 2_000;
    /** Compilation, in ms of the JIT's total, that makes the medians stale. */
    static final long RECOMPILED_MILLIS = 5;
    /** Packet counts are told apart up to this; larger polls share the last bucket. */
    static final int MAX_BUCKET = 64;

    private final CoreCanary canary = new CoreCanary();
    private final java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    private long compiledMillis = -1;
    /** Per packet count: the undisturbed polls since the JIT last compiled anything. */
    private final Window[] clean = new Window[MAX_BUCKET + 1];
    /** Per packet count: every poll, for telling an outlier when there is no undisturbed median yet. */
    private final Window[] any = new Window[MAX_BUCKET + 1];
    private long timerOverhead;
    private long started;
    private int untilCanary;
    private boolean contendedNow;
    private long polls;
    private long contended;
    private long outliers;
    private long scaled;
    private long cpuNanos;

    /** Calibrates the cost of timing and starts the canary. */
    public MeasuredCpuTime() {
        timerOverhead = calibrateTimer();
        canary.learn(2 * CANARY_PERIOD);
        for (int b = 0; b <= MAX_BUCKET; b++) {
            clean[b] = new Window();
            any[b] = new Window();
        }
    }

    /** The median cost of two back-to-back {@link System#nanoTime()} calls, in ns. */
    private static long calibrateTimer() {
        final long[] pairs = new long[1001];
        for (int round = 0; round < 3; round++) { // the first rounds run interpreted
            for (int i = 0; i < pairs.length; i++) {
                final long t0 = System.nanoTime();
                pairs[i] = System.nanoTime() - t0;
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
        if (--untilCanary <= 0) {
            untilCanary = CANARY_PERIOD;
            canary.measure();
            contendedNow = canary.contended();
            forgetIfRecompiled();
        }
        started = System.nanoTime();
    }

    @Override
    public long stop(final int packets) {
        final long charged = charge(packets);
        cpuNanos += charged;
        return charged;
    }

    private long charge(final int packets) {
        final long measured = Math.max(0, System.nanoTime() - started - timerOverhead);
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
            final double slowdown = canary.slowdown();
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
        clean[bucket].add(measured);
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
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        final long now = jit.getTotalCompilationTime();
        if (compiledMillis < 0 || now - compiledMillis >= RECOMPILED_MILLIS) {
            compiledMillis = now;
            for (final Window w : clean) {
                w.clear();
            }
        }
    }

    /** The last {@value #WINDOW} times of one packet count, and their median once there are {@value #MIN_SAMPLES}. */
    private static final class Window {
        private final long[] samples = new long[WINDOW];
        private final long[] scratch = new long[WINDOW];
        private int count;
        private int next;
        private int sinceMedian;
        private long median = -1;

        void add(final long nanos) {
            samples[next] = nanos;
            next = (next + 1) % WINDOW;
            if (count < WINDOW) {
                count++;
            }
            // Recomputed every WINDOW new samples, and as soon as there are enough.
            if (++sinceMedian >= WINDOW || (median < 0 && count >= MIN_SAMPLES)) {
                sinceMedian = 0;
                System.arraycopy(samples, 0, scratch, 0, count);
                Arrays.sort(scratch, 0, count);
                median = scratch[count / 2];
            }
        }

        /** The median, or -1 with fewer than {@value #MIN_SAMPLES} samples. */
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
        timerOverhead = calibrateTimer();
    }

    @Override
    public PollStatistics statistics() {
        return new PollStatistics(polls, contended, outliers, scaled, 0, canary.baselineNanos(), cpuNanos);
    }

    @Override
    public String describe() {
        return "measured: System.nanoTime around each poll, less " + timerOverhead + " ns of timing; disturbed polls"
                + " (core canary, outliers) charged the median of their packet count";
    }
}
