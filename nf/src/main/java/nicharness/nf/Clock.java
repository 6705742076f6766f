package nicharness.nf;

/**
 * The time NFs see, in nanoseconds; it never goes backwards. A driver reads it only for an NF that
 * {@linkplain NetworkFunction#needsTime() needs time}, where its original reads it: per packet
 * (TinyNF's Vigor shim) or once per loop round (Vigor's DPDK {@code nf.c}); each driver's README
 * says which.
 */
@FunctionalInterface
public interface Clock {

    /** The current time in nanoseconds. */
    long nanoTime();

    /** The JVM's monotonic clock ({@link System#nanoTime()}), the counterpart of CLOCK_MONOTONIC. */
    Clock SYSTEM = System::nanoTime;
}
