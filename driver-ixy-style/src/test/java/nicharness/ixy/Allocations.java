package nicharness.ixy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

/** Heap bytes allocated by the current thread, from {@code com.sun.management.ThreadMXBean}. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Runs of the work before measuring: enough for the JIT to compile it and remove what escapes nowhere. */
    private static final int WARM_UP_RUNS = 3;

    private Allocations() {
    }

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    /**
     * Fails if {@code work}, which handles {@code packets} packets, allocates something per packet
     * once warm: the last of {@link #WARM_UP_RUNS} + 1 runs must allocate fewer bytes than it
     * handles packets. One object per packet would be 16 bytes or more each; what is left below
     * one byte each is the JVM's own occasional work on this thread (a deoptimisation, a class
     * initialisation), which an exact "0" would turn into a flaky test.
     */
    static void assertNonePerPacket(final Runnable work, final long packets) {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            work.run();
            allocatedBytes(); // its own first calls may allocate
        }
        final long before = allocatedBytes();
        work.run();
        final long allocated = allocatedBytes() - before;
        assertTrue(allocated < packets, "allocated " + allocated + " bytes over " + packets + " packets");
    }
}
