package nicharness.ixy;

import java.lang.management.ManagementFactory;

/** Heap bytes allocated by the current thread, from {@code com.sun.management.ThreadMXBean}. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    /** Runs of the work before measuring: enough for the JIT to compile it and remove what escapes nowhere. */
    private static final int WARM_UP_RUNS = 3;

    /**
     * Bytes {@code work} allocated on this thread, measured on its last run after
     * {@link #WARM_UP_RUNS} runs (the interpreter and the first compilations may allocate what
     * the compiled data path does not).
     */
    static long measure(final Runnable work) {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            work.run();
            allocatedBytes(); // its own first calls may allocate
        }
        final long before = allocatedBytes();
        work.run();
        return allocatedBytes() - before;
    }
}
