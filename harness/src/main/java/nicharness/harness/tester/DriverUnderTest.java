package nicharness.harness.tester;

import nicharness.driver.DriverCounters;

/**
 * The driver a {@link ModelTestbed} measures, as its periods of traffic see it: one of ours on a
 * thread of this JVM ({@link DriverThread}), or a driver in another process on the model file
 * ({@link ExternalDriver}). Everything the testbed's books and its judgement of the machine need.
 */
interface DriverUnderTest {

    /**
     * Begins a period.
     *
     * @param measured    whether the period is measured (its busy threads then run at the highest priority)
     * @param whenPolling run once the driver polls: where the period's traffic starts
     */
    void start(boolean measured, Runnable whenPolling);

    /**
     * Ends the period; afterwards {@link #counters()} is exact.
     *
     * @throws IllegalStateException if the driver failed or did not stop
     */
    void stop();

    /** Whether the driver failed during the period (stopping it then says why). */
    boolean failed();

    /** When the period's polling began ({@link System#nanoTime}), or -1 before. */
    long loopStartNanos();

    /** The driver's CPU time when its polling began, in ns, or -1 if unknown. */
    long cpuAtLoopStart();

    /** The driver's CPU time now, in ns, or -1 if unknown. */
    long cpuNanos();

    /** How long the driver was runnable but waiting for a CPU since its polling began, in ns, or -1 if unknown. */
    long runQueueWaitNanos();

    /** Why the driver could not be given the highest priority, or null. */
    String priorityRefused();

    /** The driver's own counts of frames it dropped or could not send; possibly stale while it runs. */
    DriverCounters counters();

    /** Stops the driver for good and releases what it holds. */
    void close();
}
