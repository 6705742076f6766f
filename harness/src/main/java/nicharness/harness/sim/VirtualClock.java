package nicharness.harness.sim;

import nicharness.nf.Clock;

/**
 * The one time of a simulated-time testbed, in nanoseconds: what the NF is given as the current
 * time, what the tester schedules frames by and stamps latencies with, and what the device's
 * latencies are added to. Only the CPU's work moves it forward ({@link #advance}); the device and
 * the tester act at instants of it.
 */
public final class VirtualClock implements Clock {
    private long now;

    /** A clock at {@code start} ns. */
    public VirtualClock(final long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    /** Moves the clock forward by {@code nanos} (never back). */
    public void advance(final long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("time does not go backwards: nanos=" + nanos);
        }
        now += nanos;
    }

    @Override
    public String toString() {
        return "VirtualClock[" + now + " ns]";
    }
}
