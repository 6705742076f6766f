package nicharness.nf.libvig;

/**
 * libVig's vector of keys ({@code libvig/verified/vector.c} at vigor-nf/vigor 4979e590), for keys
 * of up to 128 bits
 * packed into two {@code long}s: element {@code i} is the key stored at index {@code i}.
 *
 * <p>In libVig the map holds each key by reference, a pointer into this vector; {@link IndexMap}
 * does the same with the index, so a key lives once, in flat primitive arrays, and no key object is
 * ever made. Each NF documents how it packs its key into the two words.
 */
public final class KeyVector {
    private final long[] word0;
    private final long[] word1;

    /**
     * Creates a vector of {@code capacity} zero keys (libVig initialises elements to zeros).
     *
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    public KeyVector(final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("key vector capacity must be positive: capacity=" + capacity);
        }
        this.word0 = new long[capacity];
        this.word1 = new long[capacity];
    }

    /** The number of elements. */
    public int capacity() {
        return word0.length;
    }

    /** Stores a key at {@code index}. */
    public void set(final int index, final long key0, final long key1) {
        word0[index] = key0;
        word1[index] = key1;
    }

    /** The first word of the key at {@code index}. */
    public long key0(final int index) {
        return word0[index];
    }

    /** The second word of the key at {@code index}. */
    public long key1(final int index) {
        return word1[index];
    }

    /** Whether the key at {@code index} is {@code (key0, key1)}. */
    public boolean matches(final int index, final long key0, final long key1) {
        return word0[index] == key0 && word1[index] == key1;
    }
}
