package nicharness.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An allocation-free sink for the threaded and allocation tests: counts frames, checks that the
 * sequence number at byte 14 only grows (drops make gaps, reordering is a bug), and keeps the
 * smallest gap between consecutive transmit times.
 */
final class CountingSink implements FrameSink {
    static final ValueLayout.OfInt SEQUENCE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private volatile long count;
    private volatile long outOfOrder;
    private long lastSequence = -1;
    private long lastTransmit = Long.MIN_VALUE;
    private volatile long smallestGap = Long.MAX_VALUE;

    @Override
    public void frame(final MemorySegment data, final long offset, final int length) {
        frame(data, offset, length, 0);
    }

    @Override
    public void frame(final MemorySegment data, final long offset, final int length, final long transmitNanos) {
        final long sequence = data.get(SEQUENCE, offset + 14) & 0xFFFFFFFFL;
        if (sequence <= lastSequence) {
            outOfOrder = outOfOrder + 1;
        }
        lastSequence = sequence;
        if (lastTransmit != Long.MIN_VALUE && transmitNanos - lastTransmit < smallestGap) {
            smallestGap = transmitNanos - lastTransmit;
        }
        lastTransmit = transmitNanos;
        count = count + 1;
    }

    long count() {
        return count;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long smallestGap() {
        return smallestGap;
    }
}
