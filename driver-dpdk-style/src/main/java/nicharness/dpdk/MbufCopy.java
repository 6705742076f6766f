package nicharness.dpdk;

/**
 * Copies of mbuf ids between tables ({@code rte_memcpy} of pointers in DPDK): a loop for the few
 * ids a small burst moves, {@link System#arraycopy} for more. {@code System.arraycopy} calls a JIT
 * stub whose fixed cost (about 29 instructions a packet for dpdk at burst 1, under
 * {@code callgrind-cost}) dwarfs one element; the loop copying 32 ids costs dpdk-batched 11 more a
 * packet than the stub does.
 */
final class MbufCopy {
    /** Below this many ids the loop is the cheaper copy. */
    static final int LOOP_MAX = 4;

    private MbufCopy() {
    }

    static void copy(final int[] from, final int fromIndex, final int[] to, final int toIndex, final int n) {
        if (n <= LOOP_MAX) {
            for (int i = 0; i < n; i++) {
                to[toIndex + i] = from[fromIndex + i];
            }
        } else {
            System.arraycopy(from, fromIndex, to, toIndex, n);
        }
    }
}
