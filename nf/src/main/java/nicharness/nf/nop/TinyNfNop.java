package nicharness.nf.nop;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Ethernet;

/**
 * The no-op of the paper's benchmarks, TinyNF's {@code code/tinynf.c}: write destination MAC
 * {@code 00:00:00:00:00:01} and source MAC {@code 00:00:00:00:00:00}, then send the frame to the
 * other port. It keeps no state and never drops a frame that has an Ethernet header.
 *
 * <p>Ports are paired {@code 0<->1, 2<->3, ...} (output = input XOR 1); the paper uses two.
 *
 * <p>Reads: nothing. Writes: both MACs (12 bytes). A frame shorter than 14 bytes is dropped and
 * counted as malformed (the C code writes into the buffer regardless; we must stay in the frame).
 */
public final class TinyNfNop implements NetworkFunction {

    /** The destination MAC TinyNF's no-op writes. */
    public static final long DESTINATION_MAC = 0x00_00_00_00_00_01L;

    /** The source MAC TinyNF's no-op writes. */
    public static final long SOURCE_MAC = 0;

    private final RejectCounters counters = new RejectCounters();

    /** Creates the no-op. */
    public TinyNfNop() {
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
        packet.setU48(Ethernet.DST_MAC, DESTINATION_MAC);
        packet.setU48(Ethernet.SRC_MAC, SOURCE_MAC);
        return inputPort ^ 1;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "nop (TinyNF: dst MAC 00:00:00:00:00:01, src MAC 0, to the other port)";
    }
}
