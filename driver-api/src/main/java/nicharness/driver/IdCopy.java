package nicharness.driver;

/**
 * Copies of buffer ids between tables (DPDK's {@code rte_memcpy} of mbuf pointers, the copy loop
 * of {@code ixgbe_rx_fill_from_stage}): a loop for the few ids a small burst moves,
 * {@link System#arraycopy} for more. {@code System.arraycopy} calls a JIT stub whose fixed cost
 * (29 instructions a packet for the DPDK-style driver at burst 1, under {@code callgrind-cost})
 * dwarfs one element; a loop copying 32 ids cost its batched variant 11 more a packet than the
 * stub. One id, a burst of one's, is a plain store: the loop's range checks before its single
 * pass cost the DPDK-style receive 17 instructions a packet more.
 *
 * <p>A primitive, as {@code System.arraycopy} is, and outside the drivers' packages: the
 * complexity measurement (Table 2) counts it as one call, not as a loop of the driver's.
 */
public final class IdCopy {
    /** Up to this many ids the loop is the cheaper copy. */
    public static final int LOOP_MAX = 4;

    private IdCopy() {
    }

    /**
     * Copies {@code n} ids from {@code from[fromIndex..]} to {@code to[toIndex..]}, as
     * {@code System.arraycopy} does for two tables, or for one when copying towards its start (the
     * loop copies forwards, so a copy towards the end of one table would overwrite its source).
     */
    public static void copy(final int[] from, final int fromIndex, final int[] to, final int toIndex, final int n) {
        if (n == 1) {
            to[toIndex] = from[fromIndex];
        } else if (n <= LOOP_MAX) {
            for (int i = 0; i < n; i++) {
                to[toIndex + i] = from[fromIndex + i];
            }
        } else {
            System.arraycopy(from, fromIndex, to, toIndex, n);
        }
    }
}
