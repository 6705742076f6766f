package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * Sees every frame on one port's wire: those arriving from it (before the L2 filter) and those the
 * port transmits, each with its time in the {@link System#nanoTime()} domain. Called on the
 * thread that runs the engine; in synchronous mode receive and transmit may come from two
 * threads.
 */
public interface WireTap extends AutoCloseable {

    /** A frame arrived from the wire (without FCS). */
    void received(MemorySegment data, long offset, int length, long nanoTime);

    /** The port transmitted a frame (without FCS, padded as on the wire). */
    void transmitted(MemorySegment data, long offset, int length, long nanoTime);

    /** Flushes and releases whatever the tap holds. */
    @Override
    void close();
}
