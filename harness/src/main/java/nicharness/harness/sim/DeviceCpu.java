package nicharness.harness.sim;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Where the device's work of a simulated-time testbed runs.
 *
 * <p>{@link #SAME_THREAD} (the default): between two polls, on the driver's own thread. Cheapest,
 * and exactly one thread's worth of CPU; but the driver then finds the descriptors and frames the
 * model just wrote in its own core's L1, where a card's DMA writes reach the last-level cache.
 *
 * <p>{@link #OTHER_CPU}: on a thread of its own, in lock-step with the driver (the driver's thread
 * hands over "catch up to now" and waits until it is done, so the order of events is exactly the
 * same), so that what the device writes comes to the driver's core from another core's cache, as
 * DMA data comes from the last-level cache. Costs a hand-over per poll in real time, and a second CPU.
 */
public enum DeviceCpu {
    SAME_THREAD, OTHER_CPU;

    /** Runs {@code advance(now)} where this placement says, and returns once it is done. */
    interface Runner extends AutoCloseable {
        void advanceTo(long now);

        @Override
        void close();
    }

    /** A runner for this placement. */
    Runner runner(final LongConsumer advance, final int pinCpu) {
        return this == SAME_THREAD ? new Runner() {
            @Override
            public void advanceTo(final long now) {
                advance.accept(now);
            }

            @Override
            public void close() {
            }
        } : new LockStep(advance, pinCpu);
    }

    /** The device's thread, told each time how far to catch up, spinning in between. */
    private static final class LockStep implements Runner {
        private final LongConsumer advance;
        private final Thread thread;
        private volatile long requested = Long.MIN_VALUE;
        private volatile long done = Long.MIN_VALUE;
        private volatile boolean closed;
        private volatile Throwable failure;

        LockStep(final LongConsumer advance, final int pinCpu) {
            this.advance = advance;
            this.thread = new Thread(() -> loop(pinCpu), "simulated-device");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop(final int pinCpu) {
            if (pinCpu >= 0) {
                nicharness.harness.Placement.pinCurrentThread(pinCpu, "the simulated device's thread");
            }
            long seen = Long.MIN_VALUE;
            try {
                while (!closed) {
                    final long now = requested;
                    if (now != seen) {
                        advance.accept(now);
                        seen = now;
                        done = now;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            } catch (final Throwable t) {
                failure = t;
                done = requested;
            }
        }

        @Override
        public void advanceTo(final long now) {
            // Asked again for the time already done, there is nothing to do: the poll in between only
            // added events later than now.
            requested = now;
            while (done != now) {
                Thread.onSpinWait();
            }
            if (failure != null) {
                throw new IllegalStateException("the simulated device's thread failed: " + failure, failure);
            }
        }

        @Override
        public void close() {
            closed = true;
            LockSupport.unpark(thread);
            try {
                thread.join(10_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
