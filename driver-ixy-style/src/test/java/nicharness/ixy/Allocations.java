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

    /** Bytes {@code work} allocated on this thread; run it once before to warm it up. */
    static long measure(final Runnable work) {
        final long before = allocatedBytes();
        work.run();
        return allocatedBytes() - before;
    }
}
