package nicharness.nf.nop;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Ethernet;

/**
 * ixy's forwarder ({@code src/app/ixy-fwd.c}): increment byte 1 of each frame, then forward it to
 * the other port. ixy touches the frame on purpose: "otherwise it's a completely unrealistic
 * workload".
 *
 * <p>Ports are paired {@code 0<->1, 2<->3, ...} (output = input XOR 1).
 *
 * <p>Reads and writes: byte 1. A frame shorter than an Ethernet header is dropped and counted as
 * malformed.
 */
public final class IxyNop implements NetworkFunction {
    private final RejectCounters counters = new RejectCounters();

    /** Creates the forwarder. */
    public IxyNop() {
    }

    /** A no-op reads no clock: neither does its original on the packet path. */
    @Override
    public boolean needsTime() {
        return false;
    }

    @Override
    public int process(final Packet packet, final int inputPort, final long nowNanos) {
        if (packet.length() < Ethernet.HEADER_LENGTH) {
            counters.countMalformed();
            return DROP;
        }
        packet.setU8(1, packet.getU8(1) + 1);
        return inputPort ^ 1;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "nop-ixy (ixy-fwd: byte 1 incremented, to the other port)";
    }
}
