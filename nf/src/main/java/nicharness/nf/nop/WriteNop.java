package nicharness.nf.nop;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Ethernet;

/**
 * The "write" row of the paper's Table 4, the measurable no-op built with
 * {@code -DTN_DEBUG_PERF_DOWRITE}: destination MAC bytes 0..5 := {@code T[0..5]}, with
 * {@code T[n] = (n * 123) & 0xFF}, then to the other port.
 *
 * <p>Ports are paired {@code 0<->1, 2<->3, ...} (output = input XOR 1).
 *
 * <p>Reads: nothing of the frame (six table entries). Writes: the destination MAC. A frame shorter
 * than an Ethernet header is dropped and counted as malformed.
 */
public final class WriteNop implements NetworkFunction {
    private final byte[] table = MeasurableNopTable.create();
    private final RejectCounters counters = new RejectCounters();

    /** Creates the no-op and its table. */
    public WriteNop() {
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
        final byte[] t = table;
        for (int i = 0; i < 6; i++) {
            packet.setU8(Ethernet.DST_MAC + i, t[i]);
        }
        return inputPort ^ 1;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "nop-write (measurable no-op: dst MAC := T[0..5], T[n] = (n*123) & 0xFF, to the other port)";
    }
}
