package nicharness.nf;

/**
 * The one per-packet contract every driver runs (the Vigor contract, generalised): process one
 * frame in place and answer where it goes.
 *
 * <p>Rules for implementations: allocate nothing, throw nothing, read and write only inside
 * {@code packet}'s current length (a malformed frame is dropped and counted, never read past its
 * end). Keep the class {@code final}: one NF per JVM keeps the driver's call site monomorphic, so
 * the JIT inlines the NF into the driver's loop, as TinyNF's C# {@code Run<T>} does with generics.
 */
public interface NetworkFunction {

    /** The frame is dropped: no output sends it. */
    int DROP = -1;

    /** The frame is sent on every port except the one it came from. */
    int FLOOD = -2;

    /**
     * Processes one frame.
     *
     * @param packet    the frame without FCS, editable in place; the NF may change its length with
     *                  {@link Packet#setLength(int)} within the buffer's capacity
     * @param inputPort the index of the port the frame arrived on
     * @param nowNanos  the current time in nanoseconds, never smaller than at the previous call
     * @return an output port index, {@link #DROP} or {@link #FLOOD}
     */
    int process(Packet packet, int inputPort, long nowNanos);

    /**
     * Whether this NF reads {@code nowNanos}. The originals behind the no-op measurements (testpmd,
     * ixy-fwd, TinyNF's no-op, the measurable no-ops) read no clock on the packet path, while the
     * Vigor NFs' stacks read it for every NF (per packet in TinyNF's Vigor shim, once per loop round in
     * Vigor's DPDK {@code nf.c}). A driver therefore reads its clock only when this answers
     * {@code true}, at its original's granularity, and otherwise passes the last time it read (0 if
     * it never read one). A clock read costs tens of nanoseconds, a large share of a no-op's
     * per-packet time, so an NF that never looks at the time must say so.
     *
     * <p>Asked once, when a driver opens; the answer must not change afterwards.
     *
     * @return {@code true} (the default, safe for any NF) unless the NF ignores {@code nowNanos}
     */
    default boolean needsTime() {
        return true;
    }

    /**
     * What this NF rejected: frames dropped because they were malformed or of a protocol it does
     * not handle. Read it between runs; the NF's own thread updates it with plain writes.
     *
     * @return this NF's counters; {@link NfCounters#NONE} for an NF that rejects nothing
     */
    default NfCounters counters() {
        return NfCounters.NONE;
    }
}
