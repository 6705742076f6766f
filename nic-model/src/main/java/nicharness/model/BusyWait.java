package nicharness.model;

/**
 * Burns a given number of nanoseconds on the calling thread without sleeping, allocating or
 * calling {@link System#nanoTime()} each time: a loop of dependent xorshift steps whose speed is
 * measured against {@code System.nanoTime()} once per JVM (the way JMH's
 * {@code Blackhole.consumeCPU} gives a linear knob). The result is kept in a field so the JIT
 * cannot remove the loop.
 */
public final class BusyWait {
    private static final int CALIBRATION_ROUNDS = 25;
    private static final int CALIBRATION_ITERATIONS = 1 << 18;

    /** Loop iterations per microsecond on this machine, measured when the class is first used. */
    private static final long ITERATIONS_PER_MICROSECOND = calibrate();

    private long state = 0x9E3779B97F4A7C15L;

    /** The measured speed of the loop, for the record of a run. */
    public static long iterationsPerMicrosecond() {
        return ITERATIONS_PER_MICROSECOND;
    }

    /** Spins for about {@code nanos} nanoseconds (nothing for 0 or less). Not thread-safe: one per thread. */
    public void spin(final long nanos) {
        if (nanos > 0) {
            state = work(state, nanos * ITERATIONS_PER_MICROSECOND / 1000);
        }
    }

    private static long work(final long seed, final long iterations) {
        long x = seed;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }

    /**
     * Runs the loop until the JIT has compiled it, then keeps the fastest of the remaining rounds
     * (the one least disturbed by other threads) as the loop's speed.
     */
    private static long calibrate() {
        long x = 1;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < CALIBRATION_ROUNDS; round++) {
            final long start = System.nanoTime();
            x = work(x, CALIBRATION_ITERATIONS);
            final long elapsed = System.nanoTime() - start;
            if (round >= CALIBRATION_ROUNDS / 2 && elapsed < best) {
                best = elapsed;
            }
        }
        if (x == 0) { // never true (xorshift never reaches 0 from 1); keeps x alive
            best++;
        }
        return Math.max(1, CALIBRATION_ITERATIONS * 1000L / Math.max(1, best));
    }
}
