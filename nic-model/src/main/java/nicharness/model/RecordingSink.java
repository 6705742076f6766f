package nicharness.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink for tests: keeps a {@code byte[]} copy of every frame (allocating, so not for
 * performance runs). Safe to read from another thread.
 */
public final class RecordingSink implements FrameSink {
    private final List<byte[]> frames = new ArrayList<>();

    @Override
    public synchronized void frame(final MemorySegment data, final long offset, final int length) {
        final byte[] copy = new byte[length];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, copy, 0, length);
        frames.add(copy);
    }

    /** A copy of the list of frames received so far, oldest first. */
    public synchronized List<byte[]> frames() {
        return new ArrayList<>(frames);
    }

    /** The number of frames received so far. */
    public synchronized int count() {
        return frames.size();
    }

    /** Forgets every frame. */
    public synchronized void clear() {
        frames.clear();
    }
}
