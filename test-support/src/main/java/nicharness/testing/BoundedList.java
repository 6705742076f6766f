package nicharness.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A list for what a test records (frames, tail writes), with a capacity: a bug that makes a
 * driver re-send stale frames forever then fails the test with a message naming the recording,
 * instead of filling the fork's heap. Not thread-safe: callers that share it synchronise.
 *
 * @param <T> what is recorded
 */
public final class BoundedList<T> {
    /** The default capacity: far more than any test sends, far less than a fork's heap holds. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final String name;
    private final int capacity;
    private final List<T> items = new ArrayList<>();
    private long refused;

    /** A recording called {@code name} in failure messages, holding at most {@code capacity} items. */
    public BoundedList(final String name, final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.name = name;
        this.capacity = capacity;
    }

    /**
     * Appends {@code item}.
     *
     * @throws AssertionError if the list is full (every later call, and {@link #check()}, fails too)
     */
    public void add(final T item) {
        if (items.size() >= capacity) {
            refused++;
            throw overflow();
        }
        items.add(item);
    }

    /** Fails if anything was ever refused, so a reader learns of an overflow another thread hit. */
    public void check() {
        if (refused > 0) {
            throw overflow();
        }
    }

    /** The items recorded, oldest first (a copy); fails if the list ever overflowed. */
    public List<T> items() {
        check();
        return new ArrayList<>(items);
    }

    /** The item at {@code index}. */
    public T get(final int index) {
        return items.get(index);
    }

    /** How many items are held; fails if the list ever overflowed. */
    public int size() {
        check();
        return items.size();
    }

    /** Forgets every item (an earlier overflow is still reported). */
    public void clear() {
        items.clear();
    }

    /** The capacity. */
    public int capacity() {
        return capacity;
    }

    private AssertionError overflow() {
        return new AssertionError(name + " overflowed: more than " + capacity + " items were recorded (" + refused
                + " refused), far more than any test sends; is something re-sending stale frames in a loop?");
    }
}
