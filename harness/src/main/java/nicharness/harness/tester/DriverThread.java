package nicharness.harness.tester;

import nicharness.driver.Driver;
import nicharness.env.linux.SchedStat;
import nicharness.env.linux.ThreadAffinity;
import nicharness.env.linux.ThreadPriority;

/**
 * The driver's own thread, pinned to its own CPU, started for each period of traffic and stopped
 * after it, so that the driver's counters can be read exactly (the join orders them before the
 * read) and cross-checked against the tester's.
 */
final class DriverThread extends SinglePoller {

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final Driver driver;
    private final int cpu;
    private volatile boolean stop;
    private volatile Throwable failure;
    private volatile long kernelThreadId = -1;
    private volatile boolean prioritised;
    private volatile Runnable whenPolling;
    private volatile String priorityRefused;
    private Thread thread;

    /**
     * @param driver the opened driver
     * @param cpu    the CPU to pin to, or -1
     */
    DriverThread(final Driver driver, final int cpu) {
        this.driver = driver;
        this.cpu = cpu;
    }

    /** The running thread's id, or -1 when stopped. */
    long threadId() {
        final Thread t = thread;
        return t == null ? -1 : t.threadId();
    }

    @Override
    public long cpuNanos() {
        final long id = threadId();
        return id < 0 ? -1 : THREADS.getThreadCpuTime(id);
    }

    @Override
    public nicharness.driver.DriverCounters counters() {
        return driver.counters();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            driver.close();
        }
    }

    /** The running thread's wait for a CPU so far, or -1 when unknown (no {@code gettid}, or no schedstat). */
    @Override
    protected long waitingNanos() {
        final long tid = kernelThreadId;
        return tid < 0 ? -1 : SchedStat.ofThread(tid).map(SchedStat::waitingNanos).orElse(-1L);
    }

    /** Why the last thread could not be given the highest priority, or null. */
    @Override
    public String priorityRefused() {
        return priorityRefused;
    }

    /** Whether the running thread's loop ended with an exception (or the thread died early). */
    @Override
    public boolean failed() {
        final Thread t = thread;
        return failure != null || (t != null && !t.isAlive() && !stop);
    }

    /**
     * Starts the driver's loop, and returns at once.
     *
     * @param highestPriority whether the thread runs at {@link ThreadPriority#HIGHEST} (measured periods)
     * @param whenPolling     run by the new thread once it is on its CPU, just before its first poll:
     *                        where the period's traffic starts, so that none arrives before the driver
     *                        polls (a new thread can wait milliseconds for its first CPU on a busy
     *                        machine, and a 128-descriptor ring overflows long before)
     */
    @Override
    public void start(final boolean highestPriority, final Runnable whenPolling) {
        if (thread != null) {
            throw new IllegalStateException("the driver thread is already running");
        }
        stop = false;
        kernelThreadId = -1;
        failure = null;
        priorityRefused = null;
        clearLoopStart();
        this.whenPolling = whenPolling;
        prioritised = highestPriority;
        thread = new Thread(this::run, "driver");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            try {
                kernelThreadId = SchedStat.currentThreadId();
            } catch (final RuntimeException | LinkageError e) {
                kernelThreadId = -1; // not Linux on x86-64: the wait stays unknown
            }
            if (cpu >= 0) {
                try {
                    ThreadAffinity.pin(cpu);
                } catch (final RuntimeException | LinkageError e) {
                    // Unpinned is still a measurement: the CPU-share columns show what it cost.
                    System.out.println("the driver's thread stays unpinned: " + e.getMessage());
                }
            }
            if (prioritised) {
                priorityRefused = ThreadPriority.set(0, ThreadPriority.HIGHEST);
            }
            markLoopStart(THREADS.getCurrentThreadCpuTime(), waitingNanos());
            whenPolling.run();
            driver.run(() -> stop);
        } catch (final Throwable t) {
            failure = t;
        }
    }

    /**
     * Stops the loop and waits for it.
     *
     * @throws IllegalStateException if the loop failed or did not stop within 10 s
     */
    @Override
    public void stop() {
        if (thread == null) {
            return;
        }
        stop = true;
        try {
            thread.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the driver thread", e);
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the driver thread did not stop within 10 s of being asked to");
        }
        thread = null;
        if (failure != null) {
            throw new IllegalStateException("the driver's loop failed: " + failure, failure);
        }
    }
}
