package nicharness.harness.trial;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * The one rule for when a measuring JVM's JIT has stopped compiling, used by every warm-up: a trial's
 * ({@link JitWarmUp}) and a Table 4 configuration's ({@code RoundTiming}). The caller offers its
 * traffic in chunks and tells the rule after each one; the JIT is quiet once its total compilation
 * time has grown by at most {@value #QUIET_COMPILATION_MILLIS} ms in each of {@value #QUIET_CHUNKS}
 * consecutive chunks.
 *
 * <p>Not zero: the data path's C2 work takes hundreds of ms per chunk; what goes on after it is a
 * trickle of C1 compilations of the per-period bookkeeping (streams, management beans, collections)
 * reaching their thresholds a few calls at a time, under a millisecond each, which never ends
 * within a trial. A compilation is counted when it finishes, so a chunk must be long enough for
 * one to finish within it: the callers' chunks last at least tens of milliseconds.
 */
public final class JitQuiet {
    /** Consecutive quiet chunks that end a warm-up. */
    public static final int QUIET_CHUNKS = 2;
    /** The most compilation a chunk may see and still count as quiet. */
    public static final long QUIET_COMPILATION_MILLIS = 10;
    /**
     * The length of a chunk of traffic, at most (a trial in simulated time makes its chunks shorter,
     * in proportion to its search steps). A C2 compilation of a data-path method takes up to a few
     * hundred ms on a busy 2-CPU machine and is counted only when it ends, so a shorter chunk can
     * pass as quiet in the middle of one: with 40 ms chunks, Table 4's driver-only rounds measured
     * dpdk's write at 149 and 189 ns per packet in two JVMs of three, against 98 to 100 with these.
     */
    public static final double CHUNK_SECONDS = 0.15;

    /** This JVM's compiler, if it reports its compilation time; null otherwise. */
    private static final CompilationMXBean THIS_JVM = timedCompiler();

    private final LongSupplier compilationMillis;
    private long compiled;
    private int quietChunks;

    /** @param compilationMillis the JIT's total compilation time so far, in ms */
    public JitQuiet(final LongSupplier compilationMillis) {
        this.compilationMillis = compilationMillis;
        this.compiled = compilationMillis.getAsLong();
    }

    /** The rule on this JVM's compiler, or null if the JVM does not report compilation time. */
    public static JitQuiet ofThisJvm() {
        return THIS_JVM == null ? null : new JitQuiet(JitQuiet::compiledMillisOfThisJvm);
    }

    /**
     * This JVM's total compilation time so far, in ms, or -1 when the JVM does not report it: what
     * every reader of the JIT's progress in the harness reads (the warm-ups, the trial's steps,
     * simulated time's medians).
     */
    public static long compiledMillisOfThisJvm() {
        return THIS_JVM == null ? -1 : THIS_JVM.getTotalCompilationTime();
    }

    private static CompilationMXBean timedCompiler() {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit : null;
    }

    /** Records the end of a chunk of traffic; returns whether the JIT is now quiet. */
    public boolean chunkEnded() {
        final long now = compilationMillis.getAsLong();
        quietChunks = now - compiled <= QUIET_COMPILATION_MILLIS ? quietChunks + 1 : 0;
        compiled = now;
        return quiet();
    }

    /** Whether the last {@value #QUIET_CHUNKS} chunks were quiet. */
    public boolean quiet() {
        return quietChunks >= QUIET_CHUNKS;
    }

    /** The JIT's total compilation time at the end of the last chunk, in ms. */
    public long compiledMillis() {
        return compiled;
    }
}
