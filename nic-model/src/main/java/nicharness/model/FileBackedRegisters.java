package nicharness.model;

import java.lang.foreign.MemorySegment;
import nicharness.ixgbe.Regs;

/**
 * File-backed mode's view of the register file (see {@link ModelFiles}): a driver in another
 * process writes BAR0 directly, so the model cannot intercept its accesses. Instead the side
 * effects of register writes (reset, queue enables, doorbells) are found by looking, once per
 * engine pass, at the registers that have
 * them: CTRL (reset, master disable), AUTOC, RDRXCTL, the SRRCTL and DCA_RXCTRL aliases, every
 * queue's ENABLE bit, and the tails of enabled queues, which strict mode checks as if they had
 * been written, by the same {@link RingRules} as an intercepted write. Used on the engine's
 * thread only.
 */
final class FileBackedRegisters {
    private final RegisterFile file;
    private final MemorySegment memory;
    private final ReceiveEngine rx;
    private final TransmitEngine tx;
    private final RingRules rings;
    private final boolean strict;
    /** Last values of the 16 SRRCTL then 16 DCA_RXCTRL alias words, to see which side was written. */
    private final int[] aliasShadow = new int[32];

    FileBackedRegisters(final PortState state, final ReceiveEngine rx, final TransmitEngine tx, final RingRules rings) {
        this.file = state.file();
        this.memory = state.host().segment();
        this.rx = rx;
        this.tx = tx;
        this.rings = rings;
        this.strict = state.strict();
    }

    /**
     * One look at the register file. A set CTRL.RST or LNK_RST ends the look: the caller resets
     * the port ({@link DeviceReset}).
     *
     * @return whether the driver asked for a reset
     */
    boolean observe() {
        final int ctrl = file.acquire(Regs.CTRL);
        if ((ctrl & (Regs.CTRL_.RST | Regs.CTRL_.LNK_RST)) != 0) {
            return true;
        }
        final int status = file.plain(Regs.STATUS);
        final int gio = (ctrl & Regs.CTRL_.MASTER_DISABLE) != 0 ? 0 : Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS;
        if ((status & Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS) != gio) {
            file.release(Regs.STATUS, (status & ~Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS) | gio);
        }
        final int autoc = file.plain(Regs.AUTOC);
        if ((autoc & Regs.AUTOC_.AN_RESTART) != 0) {
            file.release(Regs.AUTOC, autoc & ~Regs.AUTOC_.AN_RESTART);
        }
        final int rdrxctl = file.plain(Regs.RDRXCTL);
        if ((rdrxctl & Regs.RDRXCTL_.DMAIDONE) == 0) {
            file.release(Regs.RDRXCTL, rdrxctl | Regs.RDRXCTL_.DMAIDONE);
        }
        for (int q = 0; q < 16; q++) {
            mirrorAlias(q, RegisterMap.SRRCTL_ALIAS_BASE + 4 * q, Regs.SRRCTL(q));
            mirrorAlias(16 + q, RegisterMap.DCA_RXCTRL_ALIAS_BASE + 4 * q, Regs.DCA_RXCTRL(q));
        }
        boolean transmitChanged = false;
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            final RxQueue rxQueue = rx.queue(q);
            final boolean rxEnable = (file.acquire(rxQueue.rxdctl) & Regs.RXDCTL_.ENABLE) != 0;
            if (rxEnable != rxQueue.enabled) {
                if (rxEnable) {
                    rings.enableReceive(rxQueue);
                    rxQueue.enableSeen = true; // an outside driver reads ENABLE from the file at once
                } else {
                    rxQueue.enabled = false;
                }
            } else if (rxEnable) {
                observeTail(rxQueue, "RDT", rxQueue.rdt, rxQueue.rdh);
            }
            final TxQueue txQueue = tx.queue(q);
            final boolean txEnable = (file.acquire(txQueue.txdctl) & Regs.TXDCTL_.ENABLE) != 0;
            if (txEnable != txQueue.enabled) {
                if (txEnable) {
                    rings.enableTransmit(txQueue);
                    txQueue.enableSeen = true;
                } else {
                    txQueue.enabled = false;
                }
                transmitChanged = true;
            } else if (txEnable) {
                observeTail(txQueue, "TDT", txQueue.tdt, txQueue.tdh);
            }
        }
        if (transmitChanged) {
            tx.queuesChanged();
        }
        return false;
    }

    /** A tail that moved since the last look is a doorbell: checked (strict) and snapshotted (audit). */
    private void observeTail(final DescriptorQueue queue, final String name, final int tailRegister,
                             final int headRegister) {
        final int tail = file.acquire(tailRegister);
        if (tail == queue.lastSeenTail) {
            return;
        }
        if (strict) {
            rings.checkTail(name, queue.index, true, true, queue.size, queue.lastSeenTail, tail,
                    file.acquire(headRegister));
        }
        if (tail < queue.size) {
            if (strict && queue instanceof RxQueue receive) {
                rings.checkReceiveHandover(receive, queue.lastSeenTail, tail);
            }
            queue.snapshot(memory, queue.lastSeenTail, tail);
        }
        queue.lastSeenTail = tail;
    }

    /** Whichever of an alias and its per-queue register changed since the last look wins. */
    private void mirrorAlias(final int slot, final int alias, final int canonical) {
        final int aliasValue = file.plain(alias);
        if (aliasValue != aliasShadow[slot]) {
            file.release(canonical, aliasValue);
        } else {
            final int canonicalValue = file.plain(canonical);
            if (canonicalValue != aliasValue) {
                file.release(alias, canonicalValue);
            }
        }
        aliasShadow[slot] = file.plain(alias);
    }

    /** After a reset: an outside driver reads the aliases from the file, so they get the reset values too. */
    void afterReset() {
        for (int q = 0; q < 16; q++) {
            file.release(RegisterMap.SRRCTL_ALIAS_BASE + 4 * q, file.plain(Regs.SRRCTL(q)));
            file.release(RegisterMap.DCA_RXCTRL_ALIAS_BASE + 4 * q, file.plain(Regs.DCA_RXCTRL(q)));
            aliasShadow[q] = file.plain(Regs.SRRCTL(q));
            aliasShadow[16 + q] = file.plain(Regs.DCA_RXCTRL(q));
        }
    }
}
