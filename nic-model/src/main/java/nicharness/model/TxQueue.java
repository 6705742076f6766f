package nicharness.model;

import java.lang.foreign.MemorySegment;
import nicharness.ixgbe.Regs;

/**
 * The transmit engine's view of one transmit queue: register offsets, the ring fixed at enable
 * time, and the engine's private state: the frame being assembled from several descriptors and the
 * write-backs held back by WTHRESH. Heads and tails stay in the register file.
 */
final class TxQueue {
    /** Largest frame the engine assembles (a 9.5 KB jumbo frame fits). */
    static final int ASSEMBLY_CAPACITY = 16 * 1024;

    final int index;
    final int tdbal;
    final int tdbah;
    final int tdlen;
    final int tdh;
    final int tdt;
    final int txdctl;
    final int tdwbal;
    final int tdwbah;

    /** Whether the queue is enabled (TXDCTL.ENABLE written as 1 with a usable ring). */
    volatile boolean enabled;
    long ringOffset = -1;
    int size;
    long ringAddress;
    boolean enableSeen;
    int enableReadsLeft;
    long[] snapshot;

    /** Descriptors processed since the last write-back (WTHRESH &gt; 0). */
    int pendingWriteBacks;
    /** Bytes of the frame in progress, gathered from descriptors without EOP. */
    MemorySegment assembly;
    int assembled;
    /** Tail seen by the last doorbell scan (file-backed mode, where writes are not intercepted). */
    int lastSeenTail;

    TxQueue(final int index) {
        this.index = index;
        this.tdbal = Regs.TDBAL(index);
        this.tdbah = Regs.TDBAH(index);
        this.tdlen = Regs.TDLEN(index);
        this.tdh = Regs.TDH(index);
        this.tdt = Regs.TDT(index);
        this.txdctl = Regs.TXDCTL(index);
        this.tdwbal = Regs.TDWBAL(index);
        this.tdwbah = Regs.TDWBAH(index);
    }

    void reset() {
        enabled = false;
        ringOffset = -1;
        size = 0;
        ringAddress = 0;
        enableSeen = false;
        enableReadsLeft = 0;
        snapshot = null;
        pendingWriteBacks = 0;
        assembled = 0;
        lastSeenTail = 0;
    }
}
