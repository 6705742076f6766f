package nicharness.model;

import nicharness.ixgbe.Regs;

/**
 * The receive engine's view of one receive queue: register offsets computed once, and the ring as
 * it was when ENABLE went to 1 (a ring cannot move while enabled). Heads and tails stay in the
 * register file, which is the truth; this holds only what is fixed while the queue runs.
 */
final class RxQueue {
    final int index;
    final int rdbal;
    final int rdbah;
    final int rdlen;
    final int rdh;
    final int rdt;
    final int srrctl;
    final int rxdctl;

    /** Whether the queue takes frames; written by the driver's thread, read by the engine. */
    volatile boolean enabled;
    /** Offset of descriptor 0 in host memory's segment; -1 if the ring is unusable. */
    long ringOffset = -1;
    /** Ring size N in descriptors. */
    int size;
    /** Physical address of descriptor 0. */
    long ringAddress;
    /** Strict rule 6.11 item 2: whether the driver has read ENABLE back as 1. */
    boolean enableSeen;
    /** Reads of RXDCTL left before ENABLE reads back (settle delay test hook). */
    int enableReadsLeft;
    /** Ownership audit: each descriptor's two words when the last RDT write handed it over. */
    long[] snapshot;

    RxQueue(final int index) {
        this.index = index;
        this.rdbal = Regs.RDBAL(index);
        this.rdbah = Regs.RDBAH(index);
        this.rdlen = Regs.RDLEN(index);
        this.rdh = Regs.RDH(index);
        this.rdt = Regs.RDT(index);
        this.srrctl = Regs.SRRCTL(index);
        this.rxdctl = Regs.RXDCTL(index);
    }

    void reset() {
        enabled = false;
        ringOffset = -1;
        size = 0;
        ringAddress = 0;
        enableSeen = false;
        enableReadsLeft = 0;
        snapshot = null;
    }
}
