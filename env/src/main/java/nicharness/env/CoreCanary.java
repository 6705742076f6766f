package nicharness.env;

/**
 * A fixed piece of work that tells whether this CPU is running at its full speed right now.
 *
 * <p>Why it exists: on the virtual machines this project is built and checked on, another
 * tenant's work comes and goes on the physical core behind our virtual CPU (its other hardware
 * thread, or whatever else the host shares between them). While it runs, code that keeps the
 * core's execution ports and L1 busy (loads, stores, independent arithmetic: a driver's poll)
 * takes 1.6 to 1.9 times as long, in phases of about ten milliseconds to seconds, while a chain of
 * dependent multiplications barely changes (within 4 %). Nothing inside the guest sees it: the
 * thread is running, so neither its run-queue wait nor steal time move. It is what made the
 * driver-only rounds of one configuration measure 16.5 ns per packet in one JVM and 30 ns in the
 * next (see {@code docs/measurement-noise.md} for the measurements).
 *
 * <p>The canary is work of that same kind: four independent load-add-store streams over a 16 KiB
 * array, which stays in L1. Timed between two pieces of measured work, a canary that takes longer
 * than its usual time by more than {@link #CONTENDED_RATIO} says the measured work was slowed by
 * the machine. Its usual time is learnt as the run goes ({@link #baselineNanos()}: the
 * {@link #BASELINE_QUANTILE} quantile of every canary so far, robust both to the odd fast canary
 * and to contended phases, as long as the core ran free for that share of the time). A JVM that
 * is contended from its first moment to its last cannot tell on its own: the baseline is reported
 * with the results so that such a JVM shows against the others, and a launcher that knows the
 * free-core time from earlier JVMs passes it down ({@link #FREE_CORE_PROPERTY}), which caps the
 * baseline.
 *
 * <p>Not thread-safe: one per measuring thread. Allocates only at construction.
 */
public final class CoreCanary {
    /**
     * A canary slower than the baseline by more than this ratio was slowed by the machine: above the
     * canary's own spread on a free core (its 95th percentile is within 1.15 of its 5th here) and
     * above the 1.25 to 1.45 it sometimes shows for minutes while a driver's polls run at their
     * usual speed (the canary's mix of work is not a driver's, and not every neighbour slows both
     * alike), below the 1.6 to 2.2 of the phases that slow a driver's polls 1.6 to 1.9 times.
     */
    public static final double CONTENDED_RATIO = 1.5;
    /**
     * A canary within this ratio of the baseline ran on a free core. Between this and
     * {@link #CONTENDED_RATIO} the core is neither: measured beside driver-only rounds of TinyNF's
     * no-op (17.5 ns per packet free, 31 to 34 shared), rounds next to a canary at 1.0 to 1.1 times
     * the baseline took 17.4 to 17.6 ns (median), at 1.1 to 1.2 times 17.9 to 18.8, at 1.2 to 1.3
     * times 22 to 27, and at 1.3 to 1.5 times 31 to 32: a mixture, mostly shared.
     */
    public static final double FREE_RATIO = 1.15;
    /**
     * The quantile of all canary times that stands for the core's full speed: low, since the core
     * can be shared for most of a minute (a JVM measured 40 to 80 % of its canaries slow while
     * other tenants were busy), but not the minimum, which one lucky run would set.
     */
    public static final double BASELINE_QUANTILE = 0.01;
    /** Iterations of one canary: about 0.5 to 1 microsecond on a current x86 core. */
    public static final int ITERATIONS = 256;

    private static final int WORDS = 2048;
    /** Canary times are counted in 1 ns buckets up to this; slower ones count in the last. */
    private static final int HISTOGRAM_NANOS = 16384;
    /** Canaries between two updates of the baseline. */
    private static final int BASELINE_PERIOD = 256;
    private final long[] lines = new long[WORDS];
    private final int[] histogram = new int[HISTOGRAM_NANOS];
    /**
     * The system property that tells a JVM the canary's time on a free core as earlier JVMs of the
     * same run measured it, in ns: a JVM whose core is shared from its first canary on would
     * otherwise learn a contended time as its baseline and take contended work for clean.
     */
    public static final String FREE_CORE_PROPERTY = "nicharness.canary.freeCoreNanos";
    private final long freeCoreHint = Long.getLong(FREE_CORE_PROPERTY, Long.MAX_VALUE);
    private long count;
    private long baseline = freeCoreHint;
    private long last;
    /** Keeps the work alive, so that C2 cannot remove it. */
    private long sink;

    /**
     * Runs the canary once untimed, to bring its array back into L1 after whatever ran before it,
     * then once timed; returns the timed run's time in ns and remembers it.
     */
    public long measure() {
        sink += work(lines, ITERATIONS);
        final long start = System.nanoTime();
        sink += work(lines, ITERATIONS);
        final long nanos = System.nanoTime() - start;
        record(nanos);
        return nanos;
    }

    /** Remembers one canary time: the last one, and one more for the baseline's quantile. */
    void record(final long nanos) {
        last = nanos;
        histogram[(int) Math.min(Math.max(nanos, 0), HISTOGRAM_NANOS - 1)]++;
        if (++count % BASELINE_PERIOD == 0 || count == 1) {
            baseline = Math.min(freeCoreHint, quantile(BASELINE_QUANTILE));
        }
    }

    /** Runs the canary {@code times} times, to learn the baseline (say, during a warm-up). */
    public void learn(final int times) {
        for (int i = 0; i < times; i++) {
            measure();
        }
    }

    /** Whether the last canary ran slower than the baseline allows: the core was shared. */
    public boolean contended() {
        return isContended(last);
    }

    /** Whether the last canary ran at the core's full speed (within {@link #FREE_RATIO} of the baseline). */
    public boolean free() {
        return baseline != Long.MAX_VALUE && last <= FREE_RATIO * baseline;
    }

    /** Whether a canary of {@code nanos} ran slower than the baseline allows. */
    public boolean isContended(final long nanos) {
        return baseline != Long.MAX_VALUE && nanos > CONTENDED_RATIO * baseline;
    }

    /** The last canary's time over the baseline: about 1 at full speed, 1.6 to 1.9 on a shared core. */
    public double slowdown() {
        return baseline == Long.MAX_VALUE ? Double.NaN : (double) last / baseline;
    }

    private long quantile(final double q) {
        final long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int nanos = 0; nanos < HISTOGRAM_NANOS; nanos++) {
            seen += histogram[nanos];
            if (seen >= rank && seen > 0) {
                return Math.max(1, nanos);
            }
        }
        return HISTOGRAM_NANOS - 1;
    }

    /** The canary's time on a free core, in ns ({@link #BASELINE_QUANTILE}); {@link Long#MAX_VALUE} before the first. */
    public long baselineNanos() {
        return baseline;
    }

    /**
     * The canary's work: {@code iterations} 64-byte lines, each two loads, two xor-or-add chains and
     * four stores, eight lines per trip. Written out eight times so that the method is larger than
     * HotSpot inlines into a hot caller (FreqInlineSize, 325 bytes of bytecode): it is compiled once,
     * on its own, and runs the same machine code wherever it is called from. Inlined, its speed
     * depended on the caller's compiled code: in a trial JVM the same canary took 480 ns before
     * its caller was compiled by C2 and 800 ns after, which read as a shared core for the rest of
     * the trial.
     */
    private static long work(final long[] a, final int iterations) {
        long w = 1;
        long x = 2;
        long y = 3;
        long z = 4;
        for (int i = 0; i < iterations; i += 8) {
            final int k = (i << 3) & (WORDS - 64);
            w += a[k + 0];
            x ^= a[k + 1];
            y += a[k + 2];
            z ^= a[k + 3];
            a[k + 4] = w;
            a[k + 5] = x;
            a[k + 6] = y;
            a[k + 7] = z;
            w += a[k + 8];
            x ^= a[k + 9];
            y += a[k + 10];
            z ^= a[k + 11];
            a[k + 12] = w;
            a[k + 13] = x;
            a[k + 14] = y;
            a[k + 15] = z;
            w += a[k + 16];
            x ^= a[k + 17];
            y += a[k + 18];
            z ^= a[k + 19];
            a[k + 20] = w;
            a[k + 21] = x;
            a[k + 22] = y;
            a[k + 23] = z;
            w += a[k + 24];
            x ^= a[k + 25];
            y += a[k + 26];
            z ^= a[k + 27];
            a[k + 28] = w;
            a[k + 29] = x;
            a[k + 30] = y;
            a[k + 31] = z;
            w += a[k + 32];
            x ^= a[k + 33];
            y += a[k + 34];
            z ^= a[k + 35];
            a[k + 36] = w;
            a[k + 37] = x;
            a[k + 38] = y;
            a[k + 39] = z;
            w += a[k + 40];
            x ^= a[k + 41];
            y += a[k + 42];
            z ^= a[k + 43];
            a[k + 44] = w;
            a[k + 45] = x;
            a[k + 46] = y;
            a[k + 47] = z;
            w += a[k + 48];
            x ^= a[k + 49];
            y += a[k + 50];
            z ^= a[k + 51];
            a[k + 52] = w;
            a[k + 53] = x;
            a[k + 54] = y;
            a[k + 55] = z;
            w += a[k + 56];
            x ^= a[k + 57];
            y += a[k + 58];
            z ^= a[k + 59];
            a[k + 60] = w;
            a[k + 61] = x;
            a[k + 62] = y;
            a[k + 63] = z;
        }
        return w + x + y + z;
    }

    @Override
    public String toString() {
        return "CoreCanary[baseline=" + baseline + " ns, last=" + last + " ns]";
    }
}
