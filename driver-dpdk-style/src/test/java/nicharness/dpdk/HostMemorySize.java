package nicharness.dpdk;

/**
 * How much simulated host memory a test needs for ports with the default mbuf pool, and no more:
 * the memory is zeroed when it is created, and on a busy machine zeroing 64 MiB took most of a
 * test's set-up (0.6 to 1.3 s).
 */
final class HostMemorySize {
    private HostMemorySize() {
    }

    /** The default pool's mbufs for {@code ports} ports, plus 1 MiB per port for rings, in whole MiB. */
    static long forDefaultPool(final int ports) {
        final long bytes = ports * ((long) DpdkConfig.DEFAULT_NB_MBUF_PER_PORT * Mbuf.SIZE + (1L << 20));
        return (bytes + (1L << 20) - 1) & -(1L << 20);
    }
}
