package nicharness.nf.nop;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Ethernet;

/**
 * The "nop" row of the paper's Table 4, the measurable no-op
 * ({@code experiments/baselines/dpdk/measurable-nop/main.c}, replicated in {@code tinynf.c} under
 * {@code TN_DEBUG_PERF}): the frame's bytes are not touched at all; it goes to the other port. It is
 * the baseline against which {@link WriteNop} and {@link LookupNop} show the cost of touching the
 * frame.
 *
 * <p>Ports are paired {@code 0<->1, 2<->3, ...} (output = input XOR 1).
 *
 * <p>Reads: the frame's length only. Writes: nothing. A frame shorter than an Ethernet header is
 * still dropped and counted as malformed, as with every NF here.
 */
public final class UntouchedNop implements NetworkFunction {
    private final RejectCounters counters = new RejectCounters();

    /** Creates the no-op. */
    public UntouchedNop() {
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
        return inputPort ^ 1;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return "nop-untouched (measurable no-op: no byte touched, to the other port)";
    }
}
