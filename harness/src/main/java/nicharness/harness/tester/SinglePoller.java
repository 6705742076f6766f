package nicharness.harness.tester;

/**
 * A driver under test that polls on one kernel thread (a thread of this JVM, or a driver process's
 * main thread), as the testbed judges the machine by it: when its polling began in this period,
 * its CPU time then, and how long it has since waited for a CPU while runnable (schedstat). The
 * one who starts the period marks the start; the testbed's thread reads it.
 */
abstract class SinglePoller implements DriverUnderTest {
    /**
     * When a period's polling began, and the driver's CPU time and run-queue wait then; -1 where
     * not yet, or unknown. One object, so that a reader sees the three of one mark.
     */
    private record LoopStart(long wallNanos, long cpuNanos, long waitNanos) {
    }

    private static final LoopStart NOT_YET = new LoopStart(-1, -1, -1);

    private volatile LoopStart start = NOT_YET;

    /** Forgets the last period's start. */
    protected final void clearLoopStart() {
        start = NOT_YET;
    }

    /**
     * Marks the period's start now, the driver having had {@code cpuNanos} of CPU time and
     * {@code waitNanos} of run-queue wait so far (either -1 if unknown).
     */
    protected final void markLoopStart(final long cpuNanos, final long waitNanos) {
        start = new LoopStart(System.nanoTime(), cpuNanos, waitNanos);
    }

    /** How long the driver has been runnable but waiting for a CPU so far, in ns, or -1 if unknown. */
    protected abstract long waitingNanos();

    /** When the period's polling began ({@link System#nanoTime}), or -1 before. */
    @Override
    public final long loopStartNanos() {
        return start.wallNanos();
    }

    /** The driver's CPU time when the period's polling began, in ns, or -1 before or if unknown. */
    @Override
    public final long cpuAtLoopStart() {
        return start.cpuNanos();
    }

    /**
     * How long the driver has been runnable but waiting for a CPU since the period's polling began,
     * in ns, or -1 when unknown (no {@code gettid}, or a kernel without schedstat).
     */
    @Override
    public final long runQueueWaitNanos() {
        final long base = start.waitNanos();
        if (base < 0) {
            return -1;
        }
        final long now = waitingNanos();
        return now < 0 ? -1 : now - base;
    }
}
