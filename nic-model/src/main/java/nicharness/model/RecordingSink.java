package nicharness.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink for tests: keeps a {@code byte[]} copy of every frame (allocating, so not for
 * performance runs). Safe to read from another thread.
 *
 * <p>Bounded: a driver bug that re-sends stale frames in a loop would otherwise fill the test
 * JVM's heap. Past its capacity the sink refuses the frame with an {@link AssertionError} naming
 * the capacity, and so do {@link #count()} and {@link #frames()} from then on, so that the test
 * thread fails with the reason even when the frame arrived on an engine thread.
 */
public final class RecordingSink implements FrameSink {
    /** The default capacity, in frames: far more than any test sends, a few hundred MB at most. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final int capacity;
    private final List<byte[]> frames = new ArrayList<>();
    private long refused;

    /** A sink holding at most {@link #DEFAULT_CAPACITY} frames. */
    public RecordingSink() {
        this(DEFAULT_CAPACITY);
    }

    /** A sink holding at most {@code capacity} frames. */
    public RecordingSink(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
    }

    /**
     * Keeps a copy of the frame.
     *
     * @throws AssertionError if the sink already holds its capacity
     */
    @Override
    public synchronized void frame(final MemorySegment data, final long offset, final int length) {
        if (frames.size() >= capacity) {
            refused++;
            throw overflow();
        }
        final byte[] copy = new byte[length];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, copy, 0, length);
        frames.add(copy);
    }

    /**
     * A copy of the list of frames received so far, oldest first.
     *
     * @throws AssertionError if a frame was ever refused
     */
    public synchronized List<byte[]> frames() {
        check();
        return new ArrayList<>(frames);
    }

    /**
     * The number of frames received so far.
     *
     * @throws AssertionError if a frame was ever refused
     */
    public synchronized int count() {
        check();
        return frames.size();
    }

    /** Forgets every frame (a refusal is still reported). */
    public synchronized void clear() {
        frames.clear();
    }

    /** The capacity, in frames. */
    public int capacity() {
        return capacity;
    }

    private void check() {
        if (refused > 0) {
            throw overflow();
        }
    }

    private AssertionError overflow() {
        return new AssertionError("RecordingSink overflowed: the wire carried more than its capacity of " + capacity
                + " frames (" + refused + " refused); a test sends far fewer, so something is re-sending frames"
                + " (a ring that hands stale descriptors back, a tail that never stops?)");
    }
}
