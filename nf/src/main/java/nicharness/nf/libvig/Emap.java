package nicharness.nf.libvig;

/**
 * The "emap" of the Vigor NFs (as in {@code vignat/nat_flowmanager.c} at vigor-nf/vigor 4979e590):
 * one logical table made of a
 * {@link IndexMap} from key to index, a {@link KeyVector} holding {@code keys[index]}, and a
 * {@link DoubleChain} holding which indices are in use and when each was last touched. NFs keep
 * their per-entry values in their own arrays indexed the same way (libVig's value vectors).
 *
 * <p>Capacity is the chain's range, equal to the map's capacity. Operations are named as in the
 * specifications: {@code has}/{@code get} ({@link #get}), {@code has_idx} ({@link #hasIndex}),
 * {@code get_key} ({@link #key0}, {@link #key1}), {@code add} ({@link #add}), {@code refresh_idx}
 * ({@link #refresh}), {@code erase} ({@link #erase}), {@code expire_all} ({@link #expireAll}),
 * {@code full} ({@link #isFull}).
 */
public final class Emap {
    private final KeyVector keys;
    private final IndexMap map;
    private final DoubleChain chain;

    /**
     * Creates an empty table.
     *
     * @param capacity a power of two in [1, {@value IndexMap#MAX_CAPACITY}]
     * @throws IllegalArgumentException if the capacity is not allowed
     */
    public Emap(final int capacity) {
        IndexMap.checkCapacity("table capacity", capacity);
        this.keys = new KeyVector(capacity);
        this.map = new IndexMap(capacity, keys);
        this.chain = new DoubleChain(capacity);
    }

    /** The number of entries the table can hold. */
    public int capacity() {
        return chain.range();
    }

    /** The number of entries. */
    public int size() {
        return chain.size();
    }

    /** Whether no index is free. */
    public boolean isFull() {
        return chain.isFull();
    }

    /** The index of a key, or -1 if absent. */
    public int get(final long key0, final long key1) {
        return map.get(key0, key1);
    }

    /** Whether {@code index} holds an entry; an index outside the table never does. */
    public boolean hasIndex(final int index) {
        return chain.isIndexAllocated(index);
    }

    /** The first word of the key at an allocated index. */
    public long key0(final int index) {
        return keys.key0(index);
    }

    /** The second word of the key at an allocated index. */
    public long key1(final int index) {
        return keys.key1(index);
    }

    /**
     * Adds an absent key with its last-use time: allocates the next free index (ascending when
     * fresh, most recently freed first otherwise) and stores the key there.
     *
     * @return the new index, or -1 if the table is full (nothing changes then)
     */
    public int add(final long key0, final long key1, final long time) {
        final int index = chain.allocateNewIndex(time);
        if (index >= 0) {
            keys.set(index, key0, key1);
            map.put(key0, key1, index);
        }
        return index;
    }

    /**
     * Marks an entry as used at {@code time} (it becomes the newest).
     *
     * @return whether {@code index} held an entry
     */
    public boolean refresh(final int index, final long time) {
        return chain.rejuvenateIndex(index, time);
    }

    /**
     * Removes the entry at {@code index} now: its key leaves the map and the index is freed (to be
     * reused first).
     *
     * @return whether {@code index} held an entry
     */
    public boolean erase(final int index) {
        if (!chain.isIndexAllocated(index)) {
            return false;
        }
        map.erase(keys.key0(index), keys.key1(index));
        chain.freeIndex(index);
        return true;
    }

    /**
     * Removes every entry last used strictly before {@code threshold}, oldest first.
     *
     * @return how many entries were removed
     */
    public int expireAll(final long threshold) {
        return Expirator.expireItemsSingleMap(chain, keys, map, threshold);
    }

    /** The allocation state, for structures that consult it (the load balancer's CHT). */
    public DoubleChain chain() {
        return chain;
    }

    /** The last-use time of the entry at an allocated index. */
    public long timestamp(final int index) {
        return chain.timestamp(index);
    }
}
