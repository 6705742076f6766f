package nicharness.harness.tester;

import nicharness.driver.Driver;
import nicharness.env.linux.ThreadAffinity;

/**
 * The driver's own thread, pinned to its own CPU, started for each period of traffic and stopped
 * after it, so that the driver's counters can be read exactly (the join orders them before the
 * read) and cross-checked against the tester's.
 */
final class DriverThread {

    private final Driver driver;
    private final int cpu;
    private volatile boolean stop;
    private volatile Throwable failure;
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

    /** Starts the driver's loop. */
    void start() {
        if (thread != null) {
            throw new IllegalStateException("the driver thread is already running");
        }
        stop = false;
        thread = new Thread(this::run, "driver");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            if (cpu >= 0) {
                try {
                    ThreadAffinity.pin(cpu);
                } catch (final RuntimeException | LinkageError e) {
                    // Unpinned is still a measurement: the CPU-share columns show what it cost.
                    System.out.println("the driver's thread stays unpinned: " + e.getMessage());
                }
            }
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
    void stop() {
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
