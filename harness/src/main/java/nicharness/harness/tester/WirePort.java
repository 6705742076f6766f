package nicharness.harness.tester;

import java.lang.foreign.MemorySegment;
import nicharness.model.FrameSink;
import nicharness.model.NicModel;

/**
 * One port as the tester sees it: a wire in and a wire out. On the model it is a {@link NicModel};
 * tests use a plain loop-back.
 */
public interface WirePort {

    /** Puts a frame (without FCS) on the wire into the port; false if the port dropped it at once. */
    boolean receiveFromWire(MemorySegment frame, long offset, int length);

    /** The frames just put on the wire are a burst: the port may process them now (see {@link NicModel#endOfWireBurst}). */
    default void endOfBurst() {
    }

    /** Where the frames the port transmits go. */
    void connect(FrameSink sink);

    /** Who hears the port's flow control (XOFF and XON, 802.3x); a port without flow control never calls it. */
    default void hearPauses(final NicModel.FlowControlListener listener) {
    }

    /** A model port. */
    static WirePort of(final NicModel model) {
        return new WirePort() {
            @Override
            public boolean receiveFromWire(final MemorySegment frame, final long offset, final int length) {
                return model.receiveFromWire(frame, offset, length);
            }

            @Override
            public void endOfBurst() {
                model.endOfWireBurst();
            }

            @Override
            public void connect(final FrameSink sink) {
                model.connect(sink);
            }

            @Override
            public void hearPauses(final NicModel.FlowControlListener listener) {
                model.flowControlListener(listener);
            }
        };
    }
}
