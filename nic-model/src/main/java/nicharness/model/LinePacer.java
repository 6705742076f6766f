package nicharness.model;

/**
 * The wire's pace: frames leave back to back, each occupying the wire for its bytes plus FCS,
 * preamble and inter-frame gap (IEEE 802.3: 60 + 4 + 8 + 12 = 84 bytes for a minimum frame,
 * hence 14.88 Mpps at 10 Gb/s). Used by the transmit engine's thread only.
 *
 * <p>As on the card, the engine does not wait for the wire frame by frame: a processed descriptor's
 * data goes into the transmit packet buffer (datasheet 7.2.3.5: a descriptor is "processed" once its
 * data is in the on-chip FIFO), which the wire drains at the line rate. So the engine may run ahead
 * of the wire
 * by what that buffer holds, 160 KiB (TXPBSIZE(0) after reset, datasheet 8.2.3.9.13) [MODEL: one
 * buffer, not resized by TXPBSIZE writes], and stops only when it is full. Each frame's time is
 * when its last bit leaves, on that schedule.
 */
final class LinePacer {
    /** FCS (4) + preamble and start delimiter (8) + inter-frame gap (12). */
    static final int WIRE_OVERHEAD = 24;
    /** The transmit packet buffer the wire drains: TXPBSIZE(0)'s reset value, 160 KiB. */
    static final long TRANSMIT_BUFFER_BYTES = 160 * 1024;

    private final long bitsPerSecond;
    /** How long the wire takes to drain a full transmit packet buffer, in ns. */
    private final long bufferNanos;
    /** When the wire is free again, in ns. */
    private long wireFreeAt = Long.MIN_VALUE;
    /** Sub-nanosecond remainder of wireFreeAt, in units of 1 / bitsPerSecond ns. */
    private long remainder;

    LinePacer(final long bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new IllegalArgumentException("line rate must be positive: bitsPerSecond=" + bitsPerSecond);
        }
        this.bitsPerSecond = bitsPerSecond;
        this.bufferNanos = Math.max(1, (long) (TRANSMIT_BUFFER_BYTES * 8 * 1e9 / bitsPerSecond));
    }

    /** Whether the transmit packet buffer has room for another frame at {@code nowNanos}. */
    boolean mayStart(final long nowNanos) {
        return wireFreeAt == Long.MIN_VALUE || wireFreeAt - nowNanos <= bufferNanos;
    }

    /**
     * Schedules a frame of {@code length} bytes (without FCS) after the frames already on the
     * schedule, or now if the wire is idle, and returns the time its last bit leaves the port.
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

    /** How long the wire takes to drain a full transmit packet buffer, in ns. */
    long bufferNanos() {
        return bufferNanos;
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
