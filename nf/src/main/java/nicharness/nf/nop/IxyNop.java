package nicharness.nf.nop;

import nicharness.nf.Packet;

/**
 * ixy's forwarder ({@code src/app/ixy-fwd.c}): increment byte 1 of each frame, then forward it to
 * the other port. ixy touches the frame on purpose: "otherwise it's a completely unrealistic
 * workload".
 *
 * <p>Reads and writes: byte 1.
 */
public final class IxyNop extends NopForwarder {

    /** Creates the forwarder. */
    public IxyNop() {
    }

    @Override
    void touch(final Packet packet) {
        packet.setU8(1, packet.getU8(1) + 1);
    }

    @Override
    public String toString() {
        return "nop-ixy (ixy-fwd: byte 1 incremented, to the other port)";
    }
}
