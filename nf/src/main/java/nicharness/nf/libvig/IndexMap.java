package nicharness.nf.libvig;

/**
 * libVig's map in its power-of-two form ({@code libvig/verified/map-impl-pow2.c} at vigor-nf/vigor
 * 4979e590): a
 * fixed-capacity open-addressing table from a key to an {@code int} index, whose keys live in a
 * {@link KeyVector} at that very index (libVig's map holds keys by reference into such a vector).
 *
 * <p>Layout, per slot: the index it holds (or {@link #EMPTY}), the key's hash, and a <b>chain
 * counter</b>: how many keys stored further along their probe sequence passed over this slot. A
 * lookup probes linearly from {@code hash & (capacity - 1)} and stops early at a slot it does not
 * match whose chain counter is 0, so a miss does not scan the whole table.
 *
 * <p>The hash is not libVig's CRC32C chain: apart from the load balancer's backend choice (which
 * uses {@link Crc32c} directly), the hash has no observable effect, so we
 * use a cheaper 64-bit mixer.
 *
 * <p>Preconditions are libVig's and are checked with {@code assert} (tests run with {@code -ea}):
 * {@link #put} needs the key absent and room left, {@link #erase} needs the key present.
 */
public final class IndexMap {

    /** libVig's bound on capacity ({@code map.h}: {@code CAPACITY_UPPER_LIMIT} = 140000, exclusive). */
    public static final int CAPACITY_UPPER_LIMIT = 140_000;

    /** The largest capacity allowed: a power of two below {@link #CAPACITY_UPPER_LIMIT}. */
    public static final int MAX_CAPACITY = 131_072;

    private static final int EMPTY = -1;

    private final KeyVector keys;
    private final int mask;
    private final int[] slotIndex;
    private final int[] slotHash;
    private final int[] chain;
    private int size;

    /**
     * Creates an empty map.
     *
     * @param capacity a power of two in [1, {@value #MAX_CAPACITY}] (TinyNF builds libVig with
     *                 {@code CAPACITY_POW2})
     * @param keys     where the keys live, at least {@code capacity} elements
     * @throws IllegalArgumentException if the capacity is not allowed or the vector is too small
     */
    public IndexMap(final int capacity, final KeyVector keys) {
        checkCapacity("map capacity", capacity);
        if (keys.capacity() < capacity) {
            throw new IllegalArgumentException("key vector smaller than the map: vector=" + keys.capacity() + " map=" + capacity);
        }
        this.keys = keys;
        this.mask = capacity - 1;
        this.slotIndex = new int[capacity];
        this.slotHash = new int[capacity];
        this.chain = new int[capacity];
        java.util.Arrays.fill(slotIndex, EMPTY);
    }

    /**
     * Checks a table capacity against libVig's power-of-two map.
     *
     * @param what names the setting in the message, for example {@code "nat option max-flows"}
     * @throws IllegalArgumentException naming the setting, the value and the accepted values
     */
    public static void checkCapacity(final String what, final long capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY || 0 != (capacity & (capacity - 1))) {
            throw new IllegalArgumentException(what + " must be a power of two in [1, " + MAX_CAPACITY
                    + "] (libVig's map-impl-pow2, as the paper's builds use it, needs a power of two below "
                    + CAPACITY_UPPER_LIMIT + "): " + what + "=" + capacity);
        }
    }

    /** The hash of a key: a 64-bit finaliser (MurmurHash3's fmix64) over both words, folded to 32 bits. */
    public static int hash(final long key0, final long key1) {
        long h = key0 * 0x9E37_79B9_7F4A_7C15L + key1;
        h ^= h >>> 33;
        h *= 0xFF51_AFD7_ED55_8CCDL;
        h ^= h >>> 33;
        h *= 0xC4CE_B9FE_1A85_EC53L;
        h ^= h >>> 33;
        return (int) h;
    }

    /** The number of keys. */
    public int size() {
        return size;
    }

    /** The number of slots. */
    public int capacity() {
        return mask + 1;
    }

    /**
     * Finds a key.
     *
     * @return the index stored with it, or -1 if it is absent
     */
    public int get(final long key0, final long key1) {
        final int hash = hash(key0, key1);
        final int start = hash & mask;
        for (int i = 0; i <= mask; i++) {
            final int slot = (start + i) & mask;
            final int index = slotIndex[slot];
            if (EMPTY != index && slotHash[slot] == hash && keys.matches(index, key0, key1)) {
                return index;
            }
            if (0 == chain[slot]) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Adds a key whose value is {@code index}; the key must already be in the key vector at
     * {@code index}. Every occupied slot passed on the way gets its chain counter incremented.
     */
    public void put(final long key0, final long key1, final int index) {
        assert size < capacity() : "put into a full map: size=" + size;
        assert keys.matches(index, key0, key1) : "the key vector does not hold the key at index " + index;
        assert get(key0, key1) < 0 : "put of a key already present at index " + get(key0, key1);
        final int hash = hash(key0, key1);
        final int start = hash & mask;
        for (int i = 0; i <= mask; i++) {
            final int slot = (start + i) & mask;
            if (EMPTY == slotIndex[slot]) {
                slotIndex[slot] = index;
                slotHash[slot] = hash;
                size++;
                return;
            }
            chain[slot]++;
        }
    }

    /**
     * Removes a present key, undoing the chain increments its {@link #put} made.
     *
     * @return the index that was stored with it, or -1 if it was absent (a broken precondition)
     */
    public int erase(final long key0, final long key1) {
        assert get(key0, key1) >= 0 : "erase of an absent key";
        final int hash = hash(key0, key1);
        final int start = hash & mask;
        for (int i = 0; i <= mask; i++) {
            final int slot = (start + i) & mask;
            final int index = slotIndex[slot];
            if (EMPTY != index && slotHash[slot] == hash && keys.matches(index, key0, key1)) {
                slotIndex[slot] = EMPTY;
                size--;
                return index;
            }
            chain[slot]--;
        }
        return -1;
    }
}
