package nicharness.model;

/**
 * The wire's pace in threaded mode: a frame may only start once the previous one has left, and
 * occupies the wire for its bytes plus FCS, preamble and inter-frame gap (IEEE 802.3: 60 + 4 +
 * 8 + 12 = 84 bytes for a minimum frame, hence 14.88 Mpps at 10 Gb/s). Used by the transmit
 * engine's thread only.
 */
final class LinePacer {
    /** FCS (4) + preamble and start delimiter (8) + inter-frame gap (12). */
    static final int WIRE_OVERHEAD = 24;

    private final long bitsPerSecond;
    /** When the wire is free again, in ns. */
    private long wireFreeAt = Long.MIN_VALUE;
    /** Sub-nanosecond remainder of wireFreeAt, in units of 1 / bitsPerSecond ns. */
    private long remainder;

    LinePacer(final long bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("line rate must be positive: bitsPerSecond=" + bitsPerSecond);
        }
        this.bitsPerSecond = bitsPerSecond;
    }

    /** Whether a frame may start at {@code nowNanos}. */
    boolean mayStart(final long nowNanos) {
        return nowNanos - wireFreeAt >= 0 || wireFreeAt == Long.MIN_VALUE;
    }

    /**
     * Schedules a frame of {@code length} bytes (without FCS) and returns the time its last bit
     * leaves the port.
     */
    long send(final int length, final long nowNanos) {
        final long start;
        if (wireFreeAt == Long.MIN_VALUE || nowNanos - wireFreeAt > 0) {
            start = nowNanos; // the wire was idle
            remainder = 0;
        } else {
            start = wireFreeAt;
        }
        final long bits = 8L * (Math.max(length, TransmitEngine.MIN_FRAME) + WIRE_OVERHEAD);
        // bits * 1e9 / rate ns, carrying the remainder so that rounding never drifts.
        final long scaled = bits * 1_000_000_000L + remainder;
        wireFreeAt = start + scaled / bitsPerSecond;
        remainder = scaled % bitsPerSecond;
        return wireFreeAt;
    }

    /** The configured rate. */
    long bitsPerSecond() {
        return bitsPerSecond;
    }

    void reset() {
        wireFreeAt = Long.MIN_VALUE;
        remainder = 0;
    }
}
