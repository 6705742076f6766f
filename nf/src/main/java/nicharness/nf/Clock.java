package nicharness.nf;

/**
 * The time NFs see, in nanoseconds. Drivers read it once per packet or once per batch, as their
 * loop decides; it never goes backwards.
 */
@FunctionalInterface
public interface Clock {

    /** The current time in nanoseconds. */
    long nanoTime();

    /** The JVM's monotonic clock ({@link System#nanoTime()}), the counterpart of CLOCK_MONOTONIC. */
    Clock SYSTEM = System::nanoTime;
}
