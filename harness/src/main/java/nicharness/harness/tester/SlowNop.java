package nicharness.harness.tester;

import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;

/**
 * The "slow" no-op of Figure 10: the no-op plus a fixed amount of extra work per packet, standing
 * in for the paper's DUT clocked down to 2 GHz (TinyNF osdi20
 * {@code experiments/perf-endtoend/bench-all.py:45}). The work is a chain of dependent steps that
 * the JIT can neither remove, overlap nor fold together (JMH's {@code Blackhole.consumeCPU} idea),
 * a fixed count of them per packet for the requested nanoseconds. Each step is a shift, an xor and
 * a multiplication of the previous one (a mixing step): non-linear, so that C2 cannot fold several
 * steps into one, as it did with the linear congruential step this used to be (C2's unrolled code
 * ran it at 0.02 to 0.08 ns a step, depending on where it was compiled, against several cycles
 * for the chain of multiplications it stands for). The count is what stays fixed, so the work is
 * the same instructions in every trial: a run measures one step's time once and passes it to its
 * trial JVMs ({@link #NANOS_PER_STEP_PROPERTY}). Each trial JVM used to measure it at set-up: the
 * three repetitions of TinyNF on the slow no-op found 2.7, 4.8 and 7.7 Gb/s per direction, three
 * different amounts of work.
 */
public final class SlowNop implements NetworkFunction {

    /**
     * The system property that gives a trial JVM one step's time in ns, as the run measured
     * it ({@link #nanosPerStep()}); without it, the JVM measures it itself.
     */
    public static final String NANOS_PER_STEP_PROPERTY = "nicharness.slowNop.nanosPerStep";
    /** Rounds at most, about 10 ms each: the interpreter's first rounds are ten times slower. */
    private static final int MAX_ROUNDS = 200;

    private final NetworkFunction nop;
    private final long iterations;
    private long state = 1;

    /**
     * @param nop        the no-op to slow down
     * @param iterations steps per packet
     */
    public SlowNop(final NetworkFunction nop, final long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be non-negative: iterations=" + iterations);
        }
        this.nop = nop;
        this.iterations = iterations;
    }

    @Override
    public int process(final Packet packet, final int inputPort, final long nowNanos) {
        state = burn(state, iterations);
        return nop.process(packet, inputPort, nowNanos);
    }

    /** As the no-op it slows down: the extra work stands for a slower CPU, not for a clock. */
    @Override
    public boolean needsTime() {
        return nop.needsTime();
    }

    /** The work: {@code n} dependent mixing steps (shift, xor, multiply: SplitMix64's finaliser constant). */
    static long burn(final long seed, final long n) {
        long x = seed;
        for (long i = 0; i < n; i++) {
            x = (x ^ (x >>> 31)) * 0x9E3779B97F4A7C15L;
        }
        return x;
    }

    /**
     * The steps per packet for the requested extra time: one step's time from
     * {@link #NANOS_PER_STEP_PROPERTY} when the run passed it down, else measured here.
     *
     * @throws IllegalArgumentException when the property is not a positive number of ns
     */
    public static long calibrate(final double extraNanos) {
        if (extraNanos <= 0) {
            return 0;
        }
        final String given = System.getProperty(NANOS_PER_STEP_PROPERTY);
        final double perStep;
        if (given == null) {
            perStep = nanosPerStep();
        } else {
            try {
                perStep = Double.parseDouble(given);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException(NANOS_PER_STEP_PROPERTY + " must be a number of ns, was '" + given + "'", e);
            }
            if (!(perStep > 0)) {
                throw new IllegalArgumentException(NANOS_PER_STEP_PROPERTY + " must be positive, was '" + given + "'");
            }
        }
        return Math.max(1, Math.round(extraNanos / perStep));
    }

    /**
     * One step's time on this machine, compiled: the fastest of many timed chunks of a million
     * steps, in at least {@value #MIN_ROUNDS} rounds of five and until {@value #SETTLED_ROUNDS}
     * rounds in a row found nothing 1 % faster. A chain of dependent steps runs at the core's
     * latency, which a neighbour on the core hardly changes (docs/measurement-noise.md), so the
     * fastest chunk is the compiled code's time. It used to stop at the first two rounds that
     * agreed within 2 %, which two rounds of C1's code (about 2.4 ns a step here, against 1.6 for
     * C2's) also do: the run's JVM compiles with tiered compilation, and two reference runs of the
     * same commit gave the slow no-op 37 and 25 steps per packet for its 60 ns.
     */
    public static double nanosPerStep() {
        return nanosPerStep(System::nanoTime);
    }

    /** {@link #nanosPerStep()} on the given clock (ns). */
    static double nanosPerStep(final java.util.function.LongSupplier clock) {
        long sink = 0;
        final long chunk = 1_000_000;
        double fastest = Double.MAX_VALUE;
        int settled = 0;
        for (int round = 0; round < MAX_ROUNDS && (round < MIN_ROUNDS || settled < SETTLED_ROUNDS); round++) {
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                final long t0 = clock.getAsLong();
                sink += burn(sink + i, chunk);
                best = Math.min(best, (double) (clock.getAsLong() - t0) / chunk);
            }
            settled = best < fastest * (1 - SETTLED_GAIN) ? 0 : settled + 1;
            fastest = Math.min(fastest, best);
        }
        if (sink == 42) { // keeps the result alive; never true in practice
            System.out.print("");
        }
        return fastest;
    }

    /** Rounds {@link #nanosPerStep()} runs at least, about 8 ms each once compiled. */
    static final int MIN_ROUNDS = 20;
    /** Rounds in a row without a faster chunk that end it. */
    static final int SETTLED_ROUNDS = 10;
    /** What counts as faster. */
    private static final double SETTLED_GAIN = 0.01;

    /** The steps per packet. */
    public long iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        return "slow(" + nop + ", " + iterations + " mixing steps per packet)";
    }
}
