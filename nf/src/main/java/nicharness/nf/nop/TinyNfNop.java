package nicharness.nf.nop;

import nicharness.nf.Packet;
import nicharness.nf.frame.Ethernet;

/**
 * The no-op of the paper's benchmarks, TinyNF's {@code code/tinynf.c}: write destination MAC
 * {@code 00:00:00:00:00:01} and source MAC {@code 00:00:00:00:00:00}, then send the frame to the
 * other port. It keeps no state and never drops a frame that has an Ethernet header.
 *
 * <p>Reads: nothing. Writes: both MACs (12 bytes). A frame shorter than 14 bytes is dropped and
 * counted as malformed (the C code writes into the buffer regardless; we must stay in the frame).
 */
public final class TinyNfNop extends NopForwarder {

    /** The destination MAC TinyNF's no-op writes. */
    public static final long DESTINATION_MAC = 0x00_00_00_00_00_01L;

    /** The source MAC TinyNF's no-op writes. */
    public static final long SOURCE_MAC = 0;

    /** Creates the no-op. */
    public TinyNfNop() {
    }

    @Override
    void touch(final Packet packet) {
        packet.setU48(Ethernet.DST_MAC, DESTINATION_MAC);
        packet.setU48(Ethernet.SRC_MAC, SOURCE_MAC);
    }

    @Override
    public String toString() {
        return "nop (TinyNF: dst MAC 00:00:00:00:00:01, src MAC 0, to the other port)";
    }
}
