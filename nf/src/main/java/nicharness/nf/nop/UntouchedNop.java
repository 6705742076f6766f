package nicharness.nf.nop;

import nicharness.nf.Packet;

/**
 * The "nop" row of the paper's Table 4, the measurable no-op
 * ({@code experiments/baselines/dpdk/measurable-nop/main.c}, replicated in {@code tinynf.c} under
 * {@code TN_DEBUG_PERF}): the frame's bytes are not touched at all; it goes to the other port. It is
 * the baseline against which {@link WriteNop} and {@link LookupNop} show the cost of touching the
 * frame.
 *
 * <p>Reads: the frame's length only. Writes: nothing. A frame shorter than an Ethernet header is
 * still dropped and counted as malformed ({@link NopForwarder}).
 */
public final class UntouchedNop extends NopForwarder {

    /** Creates the no-op. */
    public UntouchedNop() {
    }

    /** Touches nothing: this no-op is the baseline the others are measured against. */
    @Override
    void touch(final Packet packet) {
    }

    @Override
    public String toString() {
        return "nop-untouched (measurable no-op: no byte touched, to the other port)";
    }
}
