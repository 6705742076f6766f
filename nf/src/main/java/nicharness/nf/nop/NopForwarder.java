package nicharness.nf.nop;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Ethernet;

/**
 * What every no-op forwarder here does around its own work: ports are paired
 * {@code 0<->1, 2<->3, ...} (output = input XOR 1; the paper uses two), no clock is read, and a
 * frame shorter than an Ethernet header is dropped and counted as malformed, as with every NF here,
 * so that no no-op reads or writes outside the frame. Each no-op supplies only {@link #touch}, what
 * it does to a frame, and says which original it reproduces.
 *
 * <p>{@link #process} is final and calls {@link #touch} on {@code this}: one no-op class runs in a
 * measuring JVM, so the JIT binds that call to the one subclass and inlines it, and the driver's
 * loop runs the same code as with a no-op written out in full.
 */
public abstract sealed class NopForwarder implements NetworkFunction
        permits IxyNop, LookupNop, TinyNfNop, UntouchedNop, WriteNop {
    private final RejectCounters counters = new RejectCounters();

    NopForwarder() {
    }

    /** A no-op reads no clock: neither does its original on the packet path. */
    @Override
    public final boolean needsTime() {
        return false;
    }

    @Override
    public final int process(final Packet packet, final int inputPort, final long nowNanos) {
        if (packet.length() < Ethernet.HEADER_LENGTH) {
            counters.countMalformed();
            return DROP;
        }
        touch(packet);
        return inputPort ^ 1;
    }

    /**
     * What this no-op does to a frame that has an Ethernet header, before it goes to the other port.
     *
     * @param packet the frame, at least {@link Ethernet#HEADER_LENGTH} bytes long
     */
    abstract void touch(Packet packet);

    @Override
    public final NfCounters counters() {
        return counters;
    }
}
