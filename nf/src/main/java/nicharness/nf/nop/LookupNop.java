package nicharness.nf.nop;

import nicharness.nf.Packet;
import nicharness.nf.frame.Ethernet;

/**
 * The "lookup" row of the paper's Table 4, the measurable no-op built with
 * {@code -DTN_DEBUG_PERF_DOLOOKUP}: with {@code b} the frame's bytes and
 * {@code T[n] = (n * 123) & 0xFF}, the destination MAC becomes a function of the source MAC,
 * <pre>
 * dst[0] = T[b6 &lt;&lt; 8 | b7]    dst[1] = T[b7 &lt;&lt; 8 | b6]
 * dst[2] = T[b8 &lt;&lt; 8 | b9]    dst[3] = T[b9 &lt;&lt; 8 | b8]
 * dst[4] = T[b10 &lt;&lt; 8 | b11]  dst[5] = T[b11 &lt;&lt; 8 | b10]
 * </pre>
 * then the frame goes to the other port.
 *
 * <p>Reads: the source MAC. Writes: the destination MAC.
 */
public final class LookupNop extends NopForwarder {
    private final byte[] table = MeasurableNopTable.create();

    /** Creates the no-op and its table. */
    public LookupNop() {
    }

    @Override
    void touch(final Packet packet) {
        final byte[] t = table;
        for (int pair = 0; pair < 3; pair++) {
            final int first = packet.getU8(Ethernet.SRC_MAC + 2 * pair);
            final int second = packet.getU8(Ethernet.SRC_MAC + 2 * pair + 1);
            packet.setU8(Ethernet.DST_MAC + 2 * pair, t[first << 8 | second]);
            packet.setU8(Ethernet.DST_MAC + 2 * pair + 1, t[second << 8 | first]);
        }
    }

    @Override
    public String toString() {
        return "nop-lookup (measurable no-op: dst MAC := T[src MAC byte pairs], to the other port)";
    }
}
