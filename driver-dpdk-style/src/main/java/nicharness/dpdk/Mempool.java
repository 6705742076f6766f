package nicharness.dpdk;

import nicharness.driver.AllocationStep;
import nicharness.driver.DebugOnly;
import nicharness.driver.IdCopy;
import java.lang.foreign.MemorySegment;
import nicharness.ixgbe.DmaWords;
import java.lang.foreign.ValueLayout;
import nicharness.env.DmaMemory;
import nicharness.env.DmaRegion;

/**
 * A pool of mbufs as {@code rte_pktmbuf_pool_create} builds it and {@code rte_mempool} (DPDK
 * 20.02) serves it: the mbufs live in as many DMA regions as they need, each holding as many whole
 * mbufs as fit in {@link DmaMemory#maxRegionSize()} (910 in a 2 MiB hugepage), as DPDK's
 * {@code rte_mempool_populate_default} fills one memory segment after another without letting an
 * object straddle a page ({@link Mbuf} gives the layout and the ids); the free ones are named by id
 * in a shared {@link Ring} and in the per-core {@link MempoolCache} in front of it.
 *
 * <p>Get and put, as {@code __mempool_generic_get} / {@code __mempool_generic_put} do them:
 * <ul>
 *   <li>get(n): a request of at least the cache size goes to the ring. Otherwise, if the cache
 *       holds fewer than n, it is first backfilled from the ring with n + (size - len) ids (if the
 *       ring cannot supply that many, the request goes to the ring directly); then n ids are
 *       popped from the top of the cache. Ring requests are all or nothing.</li>
 *   <li>put(n): more than {@link #CACHE_MAX_SIZE} goes to the ring. Otherwise the ids are pushed
 *       onto the cache; if its length reaches the flush threshold (1.5 x size), everything above
 *       {@code size} moves to the ring.</li>
 *   <li>A cache size of 0 means no cache: every operation goes to the ring (Vigor's setting).</li>
 * </ul>
 *
 * <p>Debug mode ({@code RTE_LIBRTE_MEMPOOL_DEBUG} and {@code RTE_LIBRTE_MBUF_DEBUG} together,
 * switched on by tests) keeps the state of every mbuf in a Java array the NIC cannot reach and
 * panics, as {@code rte_panic} does, with an {@link IllegalStateException} naming the mbuf and the
 * operation: on a double free, on a use after free ({@link #checkAllocated}, called by the data
 * path on each mbuf it receives, transmits or frees), and on a write after free, found by a poison
 * pattern written over the start of a freed mbuf's data room and checked when the mbuf is handed
 * out again (the NIC writing a frame into a freed buffer is the classic case). Without debug mode
 * none of this runs.
 *
 * <p>Threading: the ring may be shared; the cache and the statistics belong to one core.
 */
@AllocationStep
public final class Mempool {
    /** {@code RTE_MEMPOOL_CACHE_MAX_SIZE}: the largest cache, and the largest put that uses it. */
    public static final int CACHE_MAX_SIZE = 512;
    /** The most mbufs a pool may hold: 2^22, about 9.7 GB of DMA memory. */
    public static final int MAX_SIZE = 1 << 22;
    /** Bytes of poison written at the start of a freed mbuf's data room in debug mode. */
    static final int POISON_LENGTH = 64;
    /** The poison byte written over a freed mbuf's data: 0x6B, the Linux slab allocator's POISON_FREE. */
    static final byte POISON = (byte) 0x6B;

    /** The pattern copied over a freed mbuf's data; copying needs no per-call slice (no allocation). */
    private static final MemorySegment POISON_PATTERN = MemorySegment.ofArray(filled(POISON_LENGTH, POISON));

    private static final byte FREE = 0;
    private static final byte ALLOCATED = 1;

    private final int id;
    private final int size;
    /** The segment of each region, indexed by {@link Mbuf#region}. */
    private final MemorySegment[] regions;
    /**
     * The address of every mbuf's header, indexed by id ({@link #header}): DPDK's pointer to the
     * mbuf, one load away from the id (ids between the regions' last mbuf and the next region's
     * first name no mbuf and hold 0).
     */
    private final long[] headers;
    /** Mbufs per region (every region but the last is full). */
    private final int perRegion;
    private final Ring ring;
    private final MempoolCache cache;
    @DebugOnly // RTE_LIBRTE_MEMPOOL_DEBUG: set by tests, never for measurements
    private final boolean debug;
    private final byte[] state;
    private final int[] one = new int[1];

    private long gets;
    private long getFailures;
    private long puts;

    private Mempool(final int id, final int size, final MemorySegment[] regions, final int perRegion,
                    final int cacheSize, final boolean debug) {
        this.id = id;
        this.size = size;
        this.regions = regions;
        this.headers = new long[regions.length << Mbuf.INDEX_BITS];
        this.perRegion = perRegion;
        this.ring = new Ring(size);
        this.cache = cacheSize == 0 ? null : new MempoolCache(cacheSize);
        this.debug = debug;
        this.state = debug ? new byte[regions.length << Mbuf.INDEX_BITS] : null;
    }

    /**
     * {@code rte_pktmbuf_pool_create}: allocates {@code size} mbufs in one DMA region, initialises
     * each header ({@code rte_pktmbuf_init}) and puts every id in the ring, in order.
     *
     * @param dma       where the mbufs live
     * @param id        the pool id written into each mbuf's {@code pool} field
     * @param size      the number of mbufs, at least 1
     * @param cacheSize the per-core cache size, in [0, {@value #CACHE_MAX_SIZE}] and at most
     *                  size / 1.5 ({@code rte_mempool_create_empty} refuses more)
     * @param debug     whether to detect double free and use after free
     * @throws IllegalArgumentException naming the value and the limit when a size is out of range
     */
    public static Mempool create(final DmaMemory dma, final int id, final int size, final int cacheSize,
                                 final boolean debug) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("mempool size must be in [1, " + MAX_SIZE + "]: size=" + size);
        }
        if (cacheSize < 0 || cacheSize > CACHE_MAX_SIZE) {
            throw new IllegalArgumentException("mempool cache size must be in [0, " + CACHE_MAX_SIZE
                    + "] (RTE_MEMPOOL_CACHE_MAX_SIZE): cacheSize=" + cacheSize);
        }
        if (cacheSize * 3 / 2 > size) {
            throw new IllegalArgumentException("mempool cache flush threshold (1.5 x cache size) must not exceed the "
                    + "pool size, as rte_mempool_create requires: cacheSize=" + cacheSize + " size=" + size
                    + "; use a cache of at most " + size * 2 / 3 + " or a larger pool");
        }
        final int perRegion = (int) Math.min(Mbuf.MAX_PER_REGION, dma.maxRegionSize() / Mbuf.SIZE);
        if (perRegion < 1) {
            throw new IllegalArgumentException("an mbuf of " + Mbuf.SIZE + " bytes does not fit in one DMA region of "
                    + dma.maxRegionSize() + " bytes");
        }
        final int regionCount = (size + perRegion - 1) / perRegion;
        final MemorySegment[] segments = new MemorySegment[regionCount];
        final long[] physical = new long[regionCount];
        for (int r = 0; r < regionCount; r++) {
            final int inRegion = Math.min(perRegion, size - r * perRegion);
            final DmaRegion region = dma.allocate((long) inRegion * Mbuf.SIZE, 64);
            segments[r] = region.segment();
            physical[r] = region.physicalAddress();
            DmaWords.address(segments[r], (long) inRegion * Mbuf.SIZE); // Mbuf reads and writes it by address

        }
        final Mempool pool = new Mempool(id, size, segments, perRegion, cacheSize, debug);
        for (int n = 0; n < size; n++) {
            final int r = n / perRegion;
            final int mbuf = Mbuf.id(r, n - r * perRegion);
            final long buffer = Mbuf.base(mbuf) + Mbuf.HEADER_SIZE;
            pool.headers[mbuf] = segments[r].address() + Mbuf.base(mbuf);
            Mbuf.init(pool.header(mbuf), buffer, physical[r] + buffer, id);
            if (debug) {
                pool.poison(mbuf);
            }
            pool.one[0] = mbuf;
            pool.ring.enqueueBulk(pool.one, 0, 1); // mempool_add_elem: one by one, in memory order
        }
        return pool;
    }

    /**
     * {@code rte_mempool_get_bulk}: takes {@code n} free mbufs into {@code table[offset .. offset + n)},
     * or none.
     *
     * @return whether the mbufs were taken; on false the pool and {@code table} are unchanged
     */
    public boolean getBulk(final int[] table, final int offset, final int n) {
        final MempoolCache cache = this.cache;
        if (cache == null || n >= cache.size) {
            return getFromRing(table, offset, n);
        }
        final int[] objs = cache.objs;
        if (cache.len < n) {
            // Backfill the cache to its size plus this request; if the ring cannot, try it alone.
            final int request = n + (cache.size - cache.len);
            if (!ring.dequeueBulk(objs, cache.len, request)) {
                return getFromRing(table, offset, n);
            }
            cache.len += request;
        }
        int top = cache.len - 1;
        for (int i = 0; i < n; i++, top--) {
            table[offset + i] = objs[top];
        }
        cache.len -= n;
        gets += n;
        if (debug) {
            markAllocated(table, offset, n);
        }
        return true;
    }

    private boolean getFromRing(final int[] table, final int offset, final int n) {
        if (!ring.dequeueBulk(table, offset, n)) {
            getFailures += n;
            return false;
        }
        gets += n;
        if (debug) {
            markAllocated(table, offset, n);
        }
        return true;
    }

    /**
     * {@code rte_mempool_put_bulk}: returns {@code table[offset .. offset + n)} to the pool. The
     * mbufs must be unshared (refcnt 1), as {@code rte_mbuf_raw_free} requires.
     */
    public void putBulk(final int[] table, final int offset, final int n) {
        if (debug) {
            markFree(table, offset, n);
        }
        puts += n;
        final MempoolCache cache = this.cache;
        if (cache == null || n > CACHE_MAX_SIZE) {
            // Cannot fail: the ring has room for every mbuf of the pool, and only a double free
            // (which debug mode catches) could bring more ids than that.
            ring.enqueueBulk(table, offset, n);
            return;
        }
        IdCopy.copy(table, offset, cache.objs, cache.len, n); // rte_memcpy
        cache.len += n;
        if (cache.len >= cache.flushThreshold) {
            ring.enqueueBulk(cache.objs, cache.size, cache.len - cache.size);
            cache.len = cache.size;
        }
    }

    /** {@code rte_mbuf_raw_alloc}: one free mbuf, or {@link Mbuf#NONE} when the pool is empty. */
    public int get() {
        return getBulk(one, 0, 1) ? one[0] : Mbuf.NONE;
    }

    /** {@code rte_mbuf_raw_free}: returns one unshared mbuf. */
    public void put(final int mbuf) {
        one[0] = mbuf;
        putBulk(one, 0, 1);
    }

    /**
     * {@code rte_pktmbuf_free} for a one-segment mbuf: drops one reference and returns the mbuf to
     * the pool if it was the last.
     */
    public void free(final int mbuf) {
        if (debug) {
            checkAllocated(mbuf, "free");
        }
        if (Mbuf.prefreeSeg(header(mbuf))) {
            put(mbuf);
        }
    }

    /**
     * Debug mode: panics if {@code mbuf} is not currently allocated, naming {@code operation}.
     * The data path calls it (only in debug mode) on each mbuf it is about to use.
     *
     * @throws IllegalStateException for a use after free or an id outside the pool
     */
    public void checkAllocated(final int mbuf, final String operation) {
        if (!isMbuf(mbuf)) {
            throw new IllegalStateException("mempool debug: " + operation + " of mbuf " + mbuf
                    + ", which is not an mbuf of pool " + id + " (" + describeIds() + ")");
        }
        if (state[mbuf] != ALLOCATED) {
            throw new IllegalStateException("mempool debug: use after free: " + operation + " of mbuf " + mbuf
                    + " of pool " + id + ", which is free");
        }
    }

    private void markAllocated(final int[] table, final int offset, final int n) {
        for (int i = 0; i < n; i++) {
            final int mbuf = table[offset + i];
            if (state[mbuf] != FREE) {
                throw new IllegalStateException("mempool debug: mbuf " + mbuf + " of pool " + id
                        + " handed out while already allocated: the ring or cache holds it twice (a double free?)");
            }
            final MemorySegment memory = segment(mbuf);
            final long data = Mbuf.bufAddr(header(mbuf)) + Mbuf.HEADROOM;
            for (int k = 0; k < POISON_LENGTH; k++) {
                if (memory.get(ValueLayout.JAVA_BYTE, data + k) != POISON) {
                    throw new IllegalStateException(String.format("mempool debug: write after free: byte %d of the "
                                    + "data room of mbuf %d of pool %d changed while the mbuf was free (now 0x%02x, "
                                    + "poison 0x%02x); a NIC writing into a freed buffer means a receive descriptor "
                                    + "still pointed at it", k, mbuf, id,
                            memory.get(ValueLayout.JAVA_BYTE, data + k), POISON));
                }
            }
            state[mbuf] = ALLOCATED;
        }
    }

    private void markFree(final int[] table, final int offset, final int n) {
        for (int i = 0; i < n; i++) {
            final int mbuf = table[offset + i];
            if (!isMbuf(mbuf)) {
                throw new IllegalStateException("mempool debug: put of mbuf " + mbuf + ", which is not an mbuf of pool "
                        + id + " (" + describeIds() + ")");
            }
            final long mb = header(mbuf);
            if (state[mbuf] != ALLOCATED) {
                throw new IllegalStateException("mempool debug: double free of mbuf " + mbuf + " of pool " + id
                        + " (it is already free)");
            }
            if (Mbuf.refcnt(mb) != 1 || Mbuf.next(mb) != Mbuf.NONE) {
                throw new IllegalStateException("mempool debug: mbuf " + mbuf + " of pool " + id
                        + " returned with refcnt=" + Mbuf.refcnt(mb) + " next=" + Mbuf.next(mb)
                        + "; a free mbuf must have refcnt=1 and no next segment (free it with rte_pktmbuf_free)");
            }
            state[mbuf] = FREE;
            poison(mbuf);
        }
    }

    private void poison(final int mbuf) {
        MemorySegment.copy(POISON_PATTERN, 0, segment(mbuf), Mbuf.bufAddr(header(mbuf)) + Mbuf.HEADROOM, POISON_LENGTH);
    }

    /** Whether {@code mbuf} names an mbuf of this pool. */
    private boolean isMbuf(final int mbuf) {
        if (mbuf < 0 || Mbuf.region(mbuf) >= regions.length) {
            return false;
        }
        final int region = Mbuf.region(mbuf);
        return Mbuf.index(mbuf) < Math.min(perRegion, size - region * perRegion);
    }

    private String describeIds() {
        return size + " mbufs in " + regions.length + " regions of at most " + perRegion
                + "; an id is region << " + Mbuf.INDEX_BITS + " | index";
    }

    private static byte[] filled(final int length, final byte value) {
        final byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }

    /** {@code rte_mempool_avail_count}: free mbufs, in the ring and in the cache. */
    public int availableCount() {
        return ring.count() + (cache == null ? 0 : cache.len);
    }

    /** {@code rte_mempool_in_use_count}: mbufs taken and not yet returned. */
    public int inUseCount() {
        return size - availableCount();
    }

    /** Debug mode only: whether {@code mbuf} is allocated. */
    public boolean isAllocated(final int mbuf) {
        if (!debug) {
            throw new IllegalStateException("mempool " + id + " tracks mbuf states only in debug mode");
        }
        return state[mbuf] == ALLOCATED;
    }

    /** The number of mbufs. */
    public int size() {
        return size;
    }

    /** The pool id written into every mbuf. */
    public int id() {
        return id;
    }

    /**
     * The address of {@code mbuf}'s header, for the {@link Mbuf} accessors: one load, bounded by
     * {@link DmaWords#base} (a no-op mask on a user-space address) so that C2 proves every field's
     * address in range and tests none. Through the region's segment and the id's offset in it
     * (a shift, a bounds test, the segment's class and address, a multiply by {@value Mbuf#SIZE}
     * at each access site), dpdk cost 64 instructions a packet more on the nop (callgrind-cost).
     */
    public long header(final int mbuf) {
        return header(headers, mbuf);
    }

    /**
     * {@link #header(int)} from the pool's {@link #headerTable()}, for a loop over many mbufs that
     * holds the table in a local: C2 otherwise reloaded the pool's field for every mbuf.
     */
    static long header(final long[] headerTable, final int mbuf) {
        return DmaWords.base(headerTable[mbuf]);
    }

    /** The table of header addresses, by id, for {@link #header(long[], int)}; never written after creation. */
    long[] headerTable() {
        return headers;
    }

    /** The segment of the region holding {@code mbuf}, for the NF's view of its frame: a shift and a load. */
    public MemorySegment segment(final int mbuf) {
        return regions[mbuf >>> Mbuf.INDEX_BITS];
    }

    /**
     * The segment of the first region, which holds every mbuf of a pool of at most
     * {@link #mbufsPerRegion()} mbufs (tests use small pools).
     */
    public MemorySegment memory() {
        return regions[0];
    }

    /** The DMA regions the mbufs occupy. */
    public int regionCount() {
        return regions.length;
    }

    /** Mbufs per region: as many whole mbufs as fit in one region of the DMA memory. */
    public int mbufsPerRegion() {
        return perRegion;
    }

    /** The per-core cache, or null when the cache size is 0. */
    public MempoolCache cache() {
        return cache;
    }

    /** The shared ring. */
    public Ring ring() {
        return ring;
    }

    /** Whether debug mode is on. */
    public boolean debug() {
        return debug;
    }

    /** Mbufs handed out so far (a bulk get of 32 counts 32). */
    public long gets() {
        return gets;
    }

    /** Mbufs requested by gets that failed because the pool was exhausted. */
    public long getFailures() {
        return getFailures;
    }

    /** Mbufs returned so far. */
    public long puts() {
        return puts;
    }

    @Override
    public String toString() {
        return "Mempool[id=" + id + ", size=" + size + ", cache=" + (cache == null ? 0 : cache.size)
                + ", available=" + availableCount() + ", debug=" + debug + "]";
    }
}
