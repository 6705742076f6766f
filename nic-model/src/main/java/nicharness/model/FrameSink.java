package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * Where a port puts the frames it transmits: the wire. Frames come without FCS (the card would
 * append it when IFCS is set), already padded to 60 bytes when the card pads.
 *
 * <p>The bytes are only valid during the call (they may be the driver's buffer in host memory):
 * copy what you keep. The call happens on the thread that runs the transmit engine, before the
 * descriptor is written back, and must not block.
 */
@FunctionalInterface
public interface FrameSink {

    /** One frame of {@code length} bytes at {@code data[offset]}. */
    void frame(MemorySegment data, long offset, int length);

    /**
     * One frame with the time it left the port: with line-rate pacing, the scheduled end of its
     * transmission on the wire, otherwise the engine's clock when it was sent. The default
     * ignores the time.
     */
    default void frame(final MemorySegment data, final long offset, final int length, final long transmitNanos) {
        frame(data, offset, length);
    }
}
