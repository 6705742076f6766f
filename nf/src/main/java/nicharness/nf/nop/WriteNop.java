package nicharness.nf.nop;

import nicharness.nf.Packet;
import nicharness.nf.frame.Ethernet;

/**
 * The "write" row of the paper's Table 4, the measurable no-op built with
 * {@code -DTN_DEBUG_PERF_DOWRITE}: destination MAC bytes 0..5 := {@code T[0..5]}, with
 * {@code T[n] = (n * 123) & 0xFF}, then to the other port.
 *
 * <p>Reads: nothing of the frame (six table entries). Writes: the destination MAC.
 */
public final class WriteNop extends NopForwarder {
    private final byte[] table = MeasurableNopTable.create();

    /** Creates the no-op and its table. */
    public WriteNop() {
    }

    @Override
    void touch(final Packet packet) {
        final byte[] t = table;
        for (int i = 0; i < 6; i++) {
            packet.setU8(Ethernet.DST_MAC + i, t[i]);
        }
    }

    @Override
    public String toString() {
        return "nop-write (measurable no-op: dst MAC := T[0..5], T[n] = (n*123) & 0xFF, to the other port)";
    }
}
