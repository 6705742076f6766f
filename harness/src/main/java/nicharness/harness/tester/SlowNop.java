package nicharness.harness.tester;

import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;

/**
 * The "slow" no-op of Figure 10: the no-op plus a fixed amount of extra work per packet, standing
 * in for the paper's DUT clocked down to 2 GHz (TinyNF osdi20
 * {@code experiments/perf-endtoend/bench-all.py:45}). The work is a chain of dependent
 * multiply-adds that the JIT can neither remove nor overlap (JMH's {@code Blackhole.consumeCPU}
 * idea), a fixed count of them per packet, calibrated once at set-up to the requested nanoseconds;
 * the count is what stays fixed, so the work is the same instructions in every trial.
 */
public final class SlowNop implements NetworkFunction {

    private final NetworkFunction nop;
    private final long iterations;
    private long state = 1;

    /**
     * @param nop        the no-op to slow down
     * @param iterations multiply-adds per packet
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

    /** The work: {@code n} dependent 64-bit multiply-adds (a linear congruential step). */
    static long burn(final long seed, final long n) {
        long x = seed;
        for (long i = 0; i < n; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    /** The multiply-adds per packet for the requested extra time, measured on this machine, JIT-compiled. */
    public static long calibrate(final double extraNanos) {
        if (extraNanos <= 0) {
            return 0;
        }
        long sink = 0;
        final long chunk = 1_000_000;
        for (int i = 0; i < 20; i++) { // warm-up: let C2 compile burn()
            sink += burn(i, chunk);
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            final long t0 = System.nanoTime();
            sink += burn(sink, chunk);
            best = Math.min(best, (double) (System.nanoTime() - t0) / chunk);
        }
        if (sink == 42) { // keeps the result alive; never true in practice
            System.out.print("");
        }
        return Math.max(1, Math.round(extraNanos / best));
    }

    /** The multiply-adds per packet. */
    public long iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        return "slow(" + nop + ", " + iterations + " multiply-adds per packet)";
    }
}
