package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * Sees every frame on one port's wire: those arriving from it (before the L2 filter) and those the
 * port transmits. Called on the thread that runs the engine; must not block for long.
 */
public interface WireTap extends AutoCloseable {

    /** A frame arrived from the wire (without FCS). */
    void received(MemorySegment data, long offset, int length);

    /** The port transmitted a frame (without FCS, padded as on the wire). */
    void transmitted(MemorySegment data, long offset, int length);

    /** Flushes and releases whatever the tap holds. */
    @Override
    void close();
}
