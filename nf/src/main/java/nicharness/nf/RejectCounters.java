package nicharness.nf;

import nicharness.nf.frame.FrameParser;

/**
 * The mutable {@link NfCounters} an NF keeps for itself: plain fields, written only by the thread
 * that runs the NF, so counting costs one increment and no fence.
 */
public final class RejectCounters implements NfCounters {
    private long malformed;
    private long unhandled;

    /** Counts one malformed frame. */
    public void countMalformed() {
        malformed++;
    }

    /** Counts one frame of a protocol the NF does not handle. */
    public void countUnhandled() {
        unhandled++;
    }

    /**
     * Counts a frame the {@link FrameParser} refused, by the reason it gave.
     *
     * @param parseResult {@link FrameParser#MALFORMED} or {@link FrameParser#UNHANDLED}
     */
    public void countRejected(final int parseResult) {
        if (FrameParser.MALFORMED == parseResult) {
            malformed++;
        } else {
            unhandled++;
        }
    }

    @Override
    public long malformedFrames() {
        return malformed;
    }

    @Override
    public long unhandledFrames() {
        return unhandled;
    }

    @Override
    public String toString() {
        return "malformed=" + malformed + " unhandled=" + unhandled;
    }
}
