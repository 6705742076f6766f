package nicharness.nf.libvig;

/**
 * libVig's expirator ({@code libvig/verified/expirator.c} at vigor-nf/vigor 4979e590): frees every index of a
 * {@link DoubleChain} last used strictly before a threshold, oldest first, and erases its key from
 * the map.
 *
 * <p>Every NF calls it with {@code threshold = now - expiration}: an entry touched exactly
 * {@code expiration} ns ago survives (C-verified), one touched {@code expiration + 1} ns ago goes.
 */
public final class Expirator {

    private Expirator() {
    }

    /**
     * Expires, in one map, everything older than {@code threshold}
     * ({@code expire_items_single_map}).
     *
     * @return how many entries were expired
     */
    public static int expireItemsSingleMap(final DoubleChain chain, final KeyVector keys, final IndexMap map,
                                           final long threshold) {
        int expired = 0;
        int index;
        while ((index = chain.expireOneIndex(threshold)) >= 0) {
            map.erase(keys.key0(index), keys.key1(index));
            expired++;
        }
        return expired;
    }
}
