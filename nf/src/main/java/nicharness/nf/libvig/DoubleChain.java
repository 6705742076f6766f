package nicharness.nf.libvig;

/**
 * libVig's double chain ({@code libvig/verified/double-chain.h} and {@code double-chain-impl.c} at
 * vigor-nf/vigor 4979e590): an
 * allocator of the indices {@code [0, range)} that remembers when each allocated index was last
 * used, so that the oldest can be expired first.
 *
 * <p>Two lists over the same cells:
 * <ul>
 *   <li>the <b>free list</b>, a stack: it starts as {@code 0, 1, ..., range-1}, allocation pops its
 *       head and freeing pushes onto its head. Fresh indices therefore come in ascending order and
 *       freed ones are reused last-in, first-out (C-verified on the NAT, whose external port shows
 *       the index);</li>
 *   <li>the <b>allocated list</b>, oldest timestamp at the head, newest at the tail. Allocation and
 *       rejuvenation append at the tail; since times never decrease, the list stays sorted.</li>
 * </ul>
 *
 * <p>Expiry is strict: an index whose timestamp is {@code < threshold} expires, one whose
 * timestamp equals the threshold survives.
 *
 * <p>Everything is preallocated: {@code int} links and {@code long} timestamps in flat arrays,
 * one extra cell serving as the allocated list's sentinel. Methods answer {@code -1} or
 * {@code false} where the C code returns 0; none allocates or throws once constructed.
 */
public final class DoubleChain {

    /** libVig's upper bound on the range ({@code double-chain.h}: {@code IRANGE_LIMIT}). */
    public static final int MAX_RANGE = 1_048_576;

    /** {@code previous[i]} of an index on the free list. */
    private static final int FREE = -1;

    private final int range;
    /** The sentinel of the circular allocated list: {@code next[sentinel]} is the oldest index. */
    private final int sentinel;
    /** Allocated list: towards the newest. Free list: the next free index, or -1 at the bottom. */
    private final int[] next;
    /** Allocated list: towards the oldest. {@link #FREE} marks an index that is not allocated. */
    private final int[] previous;
    private final long[] timestamps;
    private int freeHead;
    private int allocated;

    /**
     * Creates a chain with every index free.
     *
     * @param range the number of indices, in [1, {@value #MAX_RANGE}]
     * @throws IllegalArgumentException if {@code range} is outside that interval
     */
    public DoubleChain(final int range) {
        if (range < 1 || range > MAX_RANGE) {
            throw new IllegalArgumentException("double-chain range must be in [1, " + MAX_RANGE + "]: range=" + range);
        }
        this.range = range;
        this.sentinel = range;
        this.next = new int[range + 1];
        this.previous = new int[range + 1];
        this.timestamps = new long[range];
        for (int i = 0; i < range; i++) {
            next[i] = i + 1 < range ? i + 1 : -1;
            previous[i] = FREE;
        }
        next[sentinel] = sentinel;
        previous[sentinel] = sentinel;
        freeHead = 0;
    }

    /** The number of indices, {@code [0, range)}. */
    public int range() {
        return range;
    }

    /** How many indices are allocated. */
    public int size() {
        return allocated;
    }

    /** Whether every index is allocated. */
    public boolean isFull() {
        return freeHead < 0;
    }

    /**
     * Pops the head of the free list and appends it to the allocated list as the newest.
     *
     * @param time the allocation time, not smaller than any earlier time given to this chain
     * @return the index, or -1 if every index is allocated
     */
    public int allocateNewIndex(final long time) {
        final int index = freeHead;
        if (index < 0) {
            return -1;
        }
        freeHead = next[index];
        appendNewest(index);
        timestamps[index] = time;
        allocated++;
        return index;
    }

    /**
     * Marks an allocated index as used now: it becomes the newest.
     *
     * @return whether {@code index} was allocated (nothing changes if it was not)
     */
    public boolean rejuvenateIndex(final int index, final long time) {
        if (!isIndexAllocated(index)) {
            return false;
        }
        unlink(index);
        appendNewest(index);
        timestamps[index] = time;
        return true;
    }

    /**
     * Frees the oldest index if its timestamp is strictly before {@code threshold}.
     *
     * @return the freed index, or -1 if none is that old
     */
    public int expireOneIndex(final long threshold) {
        final int oldest = next[sentinel];
        if (oldest == sentinel || timestamps[oldest] >= threshold) {
            return -1;
        }
        release(oldest);
        return oldest;
    }

    /** Whether {@code index} is allocated; an index outside {@code [0, range)} never is. */
    public boolean isIndexAllocated(final int index) {
        return index >= 0 && index < range && FREE != previous[index];
    }

    /**
     * Frees an index now, whatever its age: it goes onto the free list's head, to be reused first.
     *
     * @return whether {@code index} was allocated
     */
    public boolean freeIndex(final int index) {
        if (!isIndexAllocated(index)) {
            return false;
        }
        release(index);
        return true;
    }

    /** The last time {@code index} was allocated or rejuvenated; meaningful only while allocated. */
    public long timestamp(final int index) {
        return timestamps[index];
    }

    private void appendNewest(final int index) {
        final int newest = previous[sentinel];
        next[newest] = index;
        previous[index] = newest;
        next[index] = sentinel;
        previous[sentinel] = index;
    }

    private void unlink(final int index) {
        final int before = previous[index];
        final int after = next[index];
        next[before] = after;
        previous[after] = before;
    }

    private void release(final int index) {
        unlink(index);
        previous[index] = FREE;
        next[index] = freeHead;
        freeHead = index;
        allocated--;
    }
}
