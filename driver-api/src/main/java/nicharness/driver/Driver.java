package nicharness.driver;

import nicharness.env.IdleStrategy;

/**
 * An opened driver with its NF: the duty cycle the harness hosts, either on the caller's thread
 * ({@link #pollOnce()}, for lock-step tests and benchmarks) or on a dedicated thread
 * ({@link #run(StopCondition)}).
 *
 * <p>Threading: a driver is used by one thread at a time; {@link #counters()} may be read by
 * another thread after that thread has stopped (joined).
 */
public interface Driver extends AutoCloseable {

    /**
     * Processes whatever has arrived, up to the model's batch, on every input: receive, run the
     * NF on each packet, transmit. Never throws on the data path.
     *
     * @return the number of packets received by this call; 0 is an empty poll
     */
    int pollOnce();

    /**
     * Calls {@link #pollOnce()} until {@code until} says stop, handing each result to the set-up's
     * {@link IdleStrategy}. The condition is checked every {@link StopCondition#CHECK_PERIOD} polls.
     */
    default void run(final StopCondition until) {
        final IdleStrategy idle = idleStrategy();
        int polls = 0;
        while (true) {
            idle.idle(pollOnce());
            if (++polls == StopCondition.CHECK_PERIOD) {
                polls = 0;
                if (until.shouldStop()) {
                    return;
                }
            }
        }
    }

    /**
     * The independent pollers of this driver, one per core ({@link Cores}): each may be polled on
     * its own thread or simulated core. A driver on one core is its own only poller.
     */
    default java.util.List<Driver> cores() {
        return java.util.List.of(this);
    }

    /** The idle strategy this driver was opened with. */
    IdleStrategy idleStrategy();

    /** What this driver has done so far. */
    DriverCounters counters();

    /** Stops using the ports; the rings and buffers stay allocated until the DMA memory is closed. */
    @Override
    default void close() {
    }
}
