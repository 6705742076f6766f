package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * What is plugged into one port's wire: the link partner that takes the frames the port sends (a
 * {@link FrameSink}), a {@link WireTap} that records both directions, and the listener that hears
 * the port's pause frames. The model's caller replaces each at any time ({@link NicModel#connect},
 * {@link NicModel#tap}, {@link NicModel#flowControlListener}); the engines read them on their
 * thread, hence volatile.
 */
final class Wire {
    private final int port;
    private volatile FrameSink sink = (data, offset, length) -> { };
    private volatile WireTap tap;
    /** Told when this port sends XOFF or XON (link flow control); null: nobody listens. */
    private volatile NicModel.FlowControlListener flowControl;

    Wire(final int port) {
        this.port = port;
    }

    void connect(final FrameSink newSink) {
        sink = newSink;
    }

    /** Replaces the tap, closing the previous one. */
    void tap(final WireTap newTap) {
        final WireTap old = tap;
        tap = newTap;
        if (old != null && old != newTap) {
            old.close();
        }
    }

    void flowControlListener(final NicModel.FlowControlListener listener) {
        flowControl = listener;
    }

    /** A frame arrived from the wire: tell the tap, with its arrival time (0: now). */
    void arrived(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        final WireTap t = tap;
        if (t != null) {
            t.received(frame, offset, length, arrivalNanos != 0 ? arrivalNanos : System.nanoTime());
        }
    }

    /** A frame at address {@code frame} arrived from the wire: tell the tap, with its arrival time (0: now). */
    void arrived(final long frame, final int length, final long arrivalNanos) {
        final WireTap t = tap;
        if (t != null) {
            t.received(RawMemory.EVERYWHERE, frame, length, arrivalNanos != 0 ? arrivalNanos : System.nanoTime());
        }
    }

    /** A frame left the port: tell the tap. */
    void transmitted(final MemorySegment data, final long offset, final int length, final long nowNanos) {
        final WireTap t = tap;
        if (t != null) {
            t.transmitted(data, offset, length, nowNanos);
        }
    }

    /** Hands a transmitted frame to the link partner. */
    void deliver(final MemorySegment data, final long offset, final int length, final long transmitNanos) {
        sink.frame(data, offset, length, transmitNanos);
    }

    /** The receive engine sent XOFF ({@code true}) or XON. */
    void pause(final boolean pause) {
        final NicModel.FlowControlListener l = flowControl;
        if (l != null) {
            l.pause(port, pause);
        }
    }

    /** Closes the tap, if any. */
    void close() {
        final WireTap t = tap;
        if (t != null) {
            t.close();
        }
    }
}
