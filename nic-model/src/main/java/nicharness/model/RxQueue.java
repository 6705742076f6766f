package nicharness.model;

import nicharness.ixgbe.Regs;

/**
 * The receive engine's view of one receive queue: its register offsets, computed once, and the
 * ring state every queue has ({@link DescriptorQueue}).
 */
final class RxQueue extends DescriptorQueue {
    final int rdbal;
    final int rdbah;
    final int rdlen;
    final int rdh;
    final int rdt;
    final int srrctl;
    final int rxdctl;

    /**
     * The on-chip receive descriptor cache: 32 entries per queue, our reading, not a verified
     * figure. Known: the 82598's holds 64 (Linux ixgbe's {@code ixgbe_configure_rx_ring} programs
     * PTHRESH = 32, "half the internal cache", on the 82598 only); Linux leaves the 82599's
     * receive thresholds at reset, and illumos's ixgbe ({@code ixgbe_setup_rx_ring}) calls that
     * PTHRESH "not a valid value for 82599/X540". No public source we found states the 82599's
     * size; for these drivers, which re-arm at most 32 descriptors at a time, 32 and 64 give the
     * same fetches (nic-model/README.md, "What the model still does not model").
     */
    static final int CACHE_SIZE = 32;
    /** The buffer addresses (qword0) of the cached descriptors, a ring indexed from {@link #cacheFirst}. */
    final long[] cache = new long[CACHE_SIZE];
    int cacheFirst;
    /** Descriptors fetched and not yet used; the first is the one at RDH. */
    int cached;
    /**
     * The engine's head while its write-backs wait (ahead of RDH), or -1 when RDH is up to date
     * ({@code ReceiveEngine.publishWriteBacks}); the engine's only.
     */
    int unpublishedHead = -1;

    RxQueue(final int index) {
        super(index);
        this.rdbal = Regs.RDBAL(index);
        this.rdbah = Regs.RDBAH(index);
        this.rdlen = Regs.RDLEN(index);
        this.rdh = Regs.RDH(index);
        this.rdt = Regs.RDT(index);
        this.srrctl = Regs.SRRCTL(index);
        this.rxdctl = Regs.RXDCTL(index);
    }

    @Override
    void reset() {
        super.reset();
        cached = 0;
        cacheFirst = 0;
        unpublishedHead = -1;
    }
}
