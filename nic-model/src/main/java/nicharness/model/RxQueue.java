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
     * The on-chip receive descriptor cache [UNVERIFIED size: 32 entries per queue, our reading of
     * the datasheet's receive descriptor fetching, 7.1.9; Linux ixgbe calls 32 "half the internal
     * cache" of the 82598, whose receive thresholds it programs and the 82599's it leaves alone].
     */
    static final int CACHE_SIZE = 32;
    /** The buffer addresses (qword0) of the cached descriptors, a ring indexed from {@link #cacheFirst}. */
    final long[] cache = new long[CACHE_SIZE];
    int cacheFirst;
    /** Descriptors fetched and not yet used; the first is the one at RDH. */
    int cached;

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
    }
}
