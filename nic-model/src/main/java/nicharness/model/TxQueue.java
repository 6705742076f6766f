package nicharness.model;

import java.lang.foreign.MemorySegment;
import nicharness.ixgbe.Regs;

/**
 * The transmit engine's view of one transmit queue: its register offsets, the ring state every
 * queue has ({@link DescriptorQueue}), and the engine's private state: the frame being assembled
 * from several descriptors and the write-backs held back by WTHRESH.
 */
final class TxQueue extends DescriptorQueue {
    /** Largest frame the engine assembles (a 9.5 KB jumbo frame fits). */
    static final int ASSEMBLY_CAPACITY = 16 * 1024;

    final int tdbal;
    final int tdbah;
    final int tdlen;
    final int tdh;
    final int tdt;
    final int txdctl;
    final int tdwbal;
    final int tdwbah;
    final int dcaTxctrl;
    /** Strict mode reported DCA_TXCTRL's relaxed ordering with head write-back since the last enable. */
    boolean relaxedOrderingReported;

    /** The on-chip transmit descriptor cache: 40 entries per queue (datasheet 7.2.3.4). */
    static final int CACHE_SIZE = 40;
    /** The cached descriptors' two words, a ring indexed from {@link #cacheFirst}. */
    final long[] cache = new long[2 * CACHE_SIZE];
    int cacheFirst;
    /** Descriptors fetched and not yet processed; the first is the one at TDH. */
    int cached;

    /** Descriptors processed since the last write-back (WTHRESH &gt; 0). */
    int pendingWriteBacks;
    /** Bytes of the frame in progress, gathered from descriptors without EOP. */
    MemorySegment assembly;
    int assembled;

    TxQueue(final int index) {
        super(index);
        this.tdbal = Regs.TDBAL(index);
        this.tdbah = Regs.TDBAH(index);
        this.tdlen = Regs.TDLEN(index);
        this.tdh = Regs.TDH(index);
        this.tdt = Regs.TDT(index);
        this.txdctl = Regs.TXDCTL(index);
        this.tdwbal = Regs.TDWBAL(index);
        this.tdwbah = Regs.TDWBAH(index);
        this.dcaTxctrl = Regs.DCA_TXCTRL(index);
    }

    @Override
    void reset() {
        super.reset();
        pendingWriteBacks = 0;
        assembled = 0;
        relaxedOrderingReported = false;
        cached = 0;
        cacheFirst = 0;
    }
}
