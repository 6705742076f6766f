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
     * What this NF rejected: frames dropped because they were malformed or of a protocol it does
     * not handle. Read it between runs; the NF's own thread updates it with plain writes.
     *
     * @return this NF's counters; {@link NfCounters#NONE} for an NF that rejects nothing
     */
    default NfCounters counters() {
        return NfCounters.NONE;
    }
}
