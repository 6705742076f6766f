package nicharness.harness.cost;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import nicharness.bench.driver.DriverRig;

/**
 * Keeps a rig's rounds running until the JIT has stopped compiling, so that timing starts on the
 * code that will run from then on. A fixed warm-up is not enough on a busy machine, where the
 * compiler threads get little CPU and a method may still run in its first-tier form long after it
 * was queued for C2: a round count that warms up one variant (thousands of polls per thousand
 * rounds with burst 1) leaves another (two polls per round with burst 32) half compiled.
 */
final class JitQuiescence {
    /** Rounds between two looks at the compilation time. */
    private static final int CHUNK = 250;
    /** Consecutive chunks without compilation that count as quiet. */
    private static final int QUIET_CHUNKS = 4;
    /** The longest wait, after which timing starts anyway. */
    private static final long MAX_NANOS = 20_000_000_000L;

    private JitQuiescence() {
    }

    /**
     * Runs rounds (and refills) until {@value #QUIET_CHUNKS} chunks of {@value #CHUNK} rounds pass
     * without the JIT's total compilation time moving, or 20 s have passed.
     *
     * @return whether the JIT went quiet (false: timed out, or the JVM does not report compilation time)
     */
    static boolean await(final DriverRig rig) {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return false;
        }
        final long deadline = System.nanoTime() + MAX_NANOS;
        long last = jit.getTotalCompilationTime();
        int quiet = 0;
        while (quiet < QUIET_CHUNKS && System.nanoTime() < deadline) {
            for (int i = 0; i < CHUNK; i++) {
                rig.round();
                rig.refill();
            }
            final long now = jit.getTotalCompilationTime();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        return quiet >= QUIET_CHUNKS;
    }
}
