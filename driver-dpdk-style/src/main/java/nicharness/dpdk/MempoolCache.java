package nicharness.dpdk;

import nicharness.driver.AllocationStep;

/**
 * A per-core cache of free mbuf ids in front of a {@link Mempool}'s ring
 * ({@code struct rte_mempool_cache}): a stack, so the most recently freed mbuf, whose header and
 * data are still in the CPU cache, is the next one handed out. Only its core touches it, so it
 * needs no atomic operation; that is the whole point of it.
 *
 * <p>The algorithms that fill and drain it are {@link Mempool#getBulk} and {@link Mempool#putBulk},
 * where DPDK has them. The fields, as in DPDK:
 * <ul>
 *   <li>{@code size}: the length the cache is refilled to and flushed back to;</li>
 *   <li>{@code flushThreshold}: 1.5 x size ({@code CALC_CACHE_FLUSHTHRESH}); a put that brings
 *       the length to it or above moves everything above {@code size} to the ring;</li>
 *   <li>{@code len}: the ids on the stack, {@code objs[0 .. len)}, top at {@code len - 1};</li>
 *   <li>{@code objs}: room for 3 x {@link Mempool#CACHE_MAX_SIZE} ids, as DPDK reserves, which
 *       bounds a put of up to {@code CACHE_MAX_SIZE} onto a cache just below its threshold.</li>
 * </ul>
 */
@AllocationStep
public final class MempoolCache {
    /** The length the cache refills to and flushes back to. */
    final int size;
    /** A put that leaves {@code len >= flushThreshold} flushes down to {@code size}. */
    final int flushThreshold;
    /** The ids on the stack. */
    final int[] objs;
    /** How many ids are on the stack. */
    int len;

    MempoolCache(final int size) {
        this.size = size;
        this.flushThreshold = size * 3 / 2;
        this.objs = new int[3 * Mempool.CACHE_MAX_SIZE];
    }

    /** The configured size. */
    public int size() {
        return size;
    }

    /** The length at which a put flushes. */
    public int flushThreshold() {
        return flushThreshold;
    }

    /** How many free ids the cache holds now. */
    public int length() {
        return len;
    }

    @Override
    public String toString() {
        return "MempoolCache[size=" + size + ", flushThreshold=" + flushThreshold + ", len=" + len + "]";
    }
}
