package nicharness.model;

import java.lang.foreign.MemorySegment;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Regs;

/**
 * The model's BAR0 as a driver sees it: every read and write goes through the register class of
 * its register (datasheet 8.2.2: storage, read-only, clear-on-read, write-1-to-set/clear,
 * self-clearing) and the
 * side effects of writes (reset, queue enable, doorbells), with the strict-mode checks that belong to
 * register accesses (the first faults of {@link FaultKind}); a queue's ring and its tail moves go
 * through {@link RingRules}, which the file-backed mode applies too.
 *
 * <p>Ordering: a write is a release store into the register file and a read an acquire load, as
 * the {@link RegisterSpace} contract says. What a doorbell, a tail move or a reset sets going
 * depends on the driving mode, which the {@link Scheduler} is: in synchronous mode the TDT write
 * runs the transmit engine before it returns.
 *
 * <p>Threading: one driver thread per port uses this view (as on hardware, where one core owns a
 * queue); the engines may run on another thread.
 */
final class ModelRegisters implements RegisterSpace {
    private final RegisterFile file;
    private final MemorySegment memory;
    private final Statistics stats;
    private final ModelCounters.DriverSide counters;
    private final Faults faults;
    private final ResetAndLink link;
    private final ReceiveEngine rx;
    private final TransmitEngine tx;
    private final RingRules rings;
    /** When the engines run: told of doorbells, tail moves and resets. */
    private final Scheduler scheduler;
    /** Seeded interleaving: may run the engines before an access; null when off (the usual case). */
    private final Interleaving interleaving;
    private final boolean strict;
    /** Reads of CTRL.RST before it reads back 0 after a reset (settle delay test hook). */
    private final int settleReads;
    /** Test hook: bits forced to a value on every read (a broken card). Empty on a healthy one. */
    private int[] stuck = new int[0];
    /** Reads of CTRL left before RST reads back 0 (settle delay test hook). */
    int resetReadsLeft;

    ModelRegisters(final PortState state, final ReceiveEngine rx, final TransmitEngine tx, final RingRules rings,
                   final Scheduler scheduler, final Interleaving interleaving, final int settleReads) {
        this.file = state.file();
        this.memory = state.host().segment();
        this.stats = state.stats();
        this.counters = state.counters().driver;
        this.faults = state.faults();
        this.link = state.link();
        this.rx = rx;
        this.tx = tx;
        this.rings = rings;
        this.scheduler = scheduler;
        this.interleaving = interleaving;
        this.strict = state.strict();
        this.settleReads = settleReads;
    }

    void stick(final int offset, final int mask, final int value) {
        final int[] grown = java.util.Arrays.copyOf(stuck, stuck.length + 3);
        grown[stuck.length] = RegisterMap.canonical(offset);
        grown[stuck.length + 1] = mask;
        grown[stuck.length + 2] = value & mask;
        stuck = grown;
    }

    @Override
    public long size() {
        return Regs.BAR0_SIZE;
    }

    // ---- Reads -------------------------------------------------------------------------------

    @Override
    public int read(final int offset) {
        if (interleaving != null) {
            interleaving.beforeDriverAccess();
        }
        if (!RegisterMap.inRange(offset)) {
            badOffset("read", offset);
            return 0;
        }
        final int register = RegisterMap.canonical(offset);
        final RegisterKind kind = RegisterMap.kind(register);
        if (kind == RegisterKind.RDT || kind == RegisterKind.TDT) {
            counters.doorbellReads++;
        } else {
            counters.otherRegisterReads++;
        }
        int value = switch (kind) {
            case UNKNOWN -> {
                unknown("read", offset);
                yield file.acquire(register);
            }
            case STATISTIC, STATISTIC_LOW, STATISTIC_HIGH -> stats.readRegister(register, kind);
            case INTERRUPT_CAUSE -> { // 8.2.3.5.1: clear on read
                final int cause = file.acquire(register);
                file.release(register, 0);
                yield cause;
            }
            case INTERRUPT_MASK_CLEAR -> 0;
            case CTRL -> readCtrl(register);
            case RXDCTL -> readQueueControl(rx.queue(RegisterMap.rxQueueOf(register)), register,
                    Regs.RXDCTL_.ENABLE);
            case TXDCTL -> readQueueControl(tx.queue(RegisterMap.txQueueOf(register)), register,
                    Regs.TXDCTL_.ENABLE);
            case RDRXCTL -> link.resetInProgress() ? file.acquire(register) & ~Regs.RDRXCTL_.DMAIDONE
                    : file.acquire(register);
            default -> register == Regs.EEC && link.resetInProgress() ? file.acquire(register) & ~Regs.EEC_.AUTO_RD
                    : register == Regs.LINKS && !link.up() ? 0 : file.acquire(register);
        };
        final int[] forced = stuck;
        for (int i = 0; i < forced.length; i += 3) {
            if (forced[i] == register) {
                value = (value & ~forced[i + 1]) | forced[i + 2];
            }
        }
        return value;
    }

    private int readCtrl(final int register) {
        final int value = file.acquire(register);
        if (link.resetInProgress()) {
            return value | Regs.CTRL_.RST;
        }
        if (resetReadsLeft > 0) { // the reset is still in progress (settle delay test hook)
            resetReadsLeft--;
            return value | Regs.CTRL_.RST;
        }
        return value;
    }

    /**
     * RXDCTL/TXDCTL: ENABLE reads back after the settle delay; seeing it is what allows moving the
     * tail (4.6.7.1, 4.6.8).
     */
    private int readQueueControl(final DescriptorQueue queue, final int register, final int enable) {
        final int value = file.acquire(register);
        if ((value & enable) == 0) {
            return value;
        }
        if (queue.enableReadsLeft > 0) {
            queue.enableReadsLeft--;
            return value & ~enable;
        }
        queue.enableSeen = true;
        return value;
    }

    // ---- Writes ------------------------------------------------------------------------------

    @Override
    public void write(final int offset, final int value) {
        if (interleaving != null) {
            interleaving.beforeDriverAccess();
        }
        if (!RegisterMap.inRange(offset)) {
            badOffset("write", offset);
            return;
        }
        final int register = RegisterMap.canonical(offset);
        final RegisterKind kind = RegisterMap.kind(register);
        switch (kind) {
            case RDT -> {
                counters.doorbellWrites++;
                writeReceiveTail(rx.queue(RegisterMap.rxQueueOf(register)), value);
                return;
            }
            case TDT -> {
                counters.doorbellWrites++;
                writeTransmitTail(tx.queue(RegisterMap.txQueueOf(register)), value);
                return;
            }
            default -> counters.otherRegisterWrites++;
        }
        if (kind != RegisterKind.CTRL && link.resetInProgress()) {
            // 4.6.3.2: the card is resetting and does not take the write (the driver must wait).
            if (strict) {
                if (faults.occurred(FaultKind.WRITE_DURING_RESET)) {
                    faults.keep(FaultKind.WRITE_DURING_RESET, String.format("offset=0x%05x value=0x%08x", offset, value));
                }
            }
            return;
        }
        switch (kind) {
            case UNKNOWN -> {
                unknown("write", offset);
                file.release(register, value);
            }
            case RO, STATISTIC, STATISTIC_LOW, STATISTIC_HIGH -> {
                // Writes are ignored (8.2.3.23: statistics are read-only).
            }
            case INTERRUPT_CAUSE -> file.release(register, file.plain(register) & ~value);
            case INTERRUPT_MASK_SET -> file.release(register, file.plain(register) | value);
            case INTERRUPT_MASK_CLEAR -> { // EIMC clears EIMS (0x888 - 0x8), EIMC_EX(n) clears EIMS_EX(n) (-0x10)
                final int set = register == Regs.EIMC ? Regs.EIMS : register - 0x10;
                file.release(set, file.plain(set) & ~value);
            }
            case CTRL -> writeCtrl(value);
            case RDRXCTL -> file.release(register, value | Regs.RDRXCTL_.DMAIDONE);
            case AUTOC -> {
                file.release(register, value & ~Regs.AUTOC_.AN_RESTART); // the bit self-clears at once
                if ((value & Regs.AUTOC_.AN_RESTART) != 0) {
                    link.restartAutoNegotiation(); // 4.6.4: the link trains again
                }
            }
            case DMATXCTL -> {
                final int old = file.plain(register);
                file.release(register, value);
                if ((old & Regs.DMATXCTL_.TE) == 0 && (value & Regs.DMATXCTL_.TE) != 0) {
                    scheduler.transmitMayStart(); // run every queue with work
                }
            }
            case RXDCTL -> writeRxControl(register, value);
            case TXDCTL -> writeTxControl(register, value);
            case RDH -> writeReceiveHead(rx.queue(RegisterMap.rxQueueOf(register)), value);
            case TDH -> writeTransmitHead(tx.queue(RegisterMap.txQueueOf(register)), value);
            default -> file.release(register, value);
        }
        file.settingsWritten();
    }

    /** 8.2.3.1.1 CTRL: RST and LNK_RST reset the device and self-clear; master disable drives STATUS. */
    private void writeCtrl(final int value) {
        if ((value & (Regs.CTRL_.RST | Regs.CTRL_.LNK_RST)) != 0) {
            // Both reset bits (datasheet 4.2.1.6.1) reset every register here (a model simplification for
            // LNK_RST), any number of times; CTRL itself returns to 0.
            scheduler.resetDevice();
            resetReadsLeft = Math.max(resetReadsLeft, settleReads);
            link.resetStarted();
            return;
        }
        file.release(Regs.CTRL, value);
        // 5.2.5.3.2: with master disable set and no request pending, STATUS.GIO reads 0.
        final int status = file.plain(Regs.STATUS);
        file.release(Regs.STATUS, (value & Regs.CTRL_.MASTER_DISABLE) != 0
                ? status & ~Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS
                : status | Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS);
    }

    private void writeRxControl(final int register, final int value) {
        final RxQueue queue = rx.queue(RegisterMap.rxQueueOf(register));
        final int old = file.plain(register);
        file.release(register, value);
        final boolean wasEnabled = (old & Regs.RXDCTL_.ENABLE) != 0;
        final boolean enable = (value & Regs.RXDCTL_.ENABLE) != 0;
        if (!wasEnabled && enable) {
            rings.enableReceive(queue);
        } else if (wasEnabled && !enable) {
            queue.enabled = false;
            queue.enableSeen = false;
        }
    }

    private void writeTxControl(final int register, final int value) {
        final TxQueue queue = tx.queue(RegisterMap.txQueueOf(register));
        final int old = file.plain(register);
        file.release(register, value);
        final boolean wasEnabled = (old & Regs.TXDCTL_.ENABLE) != 0;
        final boolean enable = (value & Regs.TXDCTL_.ENABLE) != 0;
        if (!wasEnabled && enable) {
            rings.enableTransmit(queue);
            scheduler.transmitMayStart();
        } else if (wasEnabled && !enable) {
            queue.enabled = false;
            queue.enableSeen = false;
            tx.queuesChanged();
        }
    }

    /**
     * RDT (8.2.3.8.5): store, then tell the scheduler (the receive engine is driven by frames; in
     * synchronous mode the frames waiting in the packet buffer take the new descriptors). Strict:
     * the tail may only grow the device-owned range and never reach the head
     * ({@link FaultKind#TAIL_BEFORE_ENABLE} to
     * {@link FaultKind#TAIL_PASSED_HEAD}).
     */
    private void writeReceiveTail(final RxQueue queue, final int value) {
        final int old = file.plain(queue.rdt);
        final int tail = value & 0xFFFF;
        if (strict) {
            // The receive engine publishes RDH before each status word, so once this thread has
            // seen DD on a descriptor, the head it reads here is past it (threaded mode too).
            rings.checkTail("RDT", queue.index, queue.enableSeen, queue.enabled, queue.size, old, tail,
                    file.acquire(queue.rdh));
        }
        if (tail < queue.size) {
            if (strict) {
                rings.checkReceiveHandover(queue, old, tail);
            }
            queue.snapshot(memory, old, tail); // before the release below, so the engine sees it
        }
        queue.lastSeenTail = tail;
        file.release(queue.rdt, tail);
        scheduler.receiveTailMoved();
    }

    /**
     * TDT (8.2.3.9.9): the transmit doorbell. In synchronous mode the engine runs here until
     * TDH == TDT ({@code nic-model/README.md}, "Driving modes").
     */
    private void writeTransmitTail(final TxQueue queue, final int value) {
        final int old = file.plain(queue.tdt);
        final int tail = value & 0xFFFF;
        if (strict) {
            rings.checkTail("TDT", queue.index, queue.enableSeen, queue.enabled, queue.size, old, tail,
                    file.acquire(queue.tdh));
        }
        if (tail < queue.size) {
            queue.snapshot(memory, old, tail);
        }
        queue.lastSeenTail = tail;
        file.release(queue.tdt, tail);
        scheduler.doorbell(queue);
    }

    private void writeReceiveHead(final RxQueue queue, final int value) {
        final int head = file.plain(queue.rdh);
        final int tail = file.plain(queue.rdt);
        if (strict && head != tail) {
            if (faults.occurred(FaultKind.HEAD_WRITE_WHILE_OWNED)) {
                faults.keep(FaultKind.HEAD_WRITE_WHILE_OWNED, String.format(
                        "register=RDH queue=%d head=%d tail=%d newHead=%d", queue.index, head, tail, value));
            }
        }
        queue.cached = 0;
        file.release(queue.rdh, value & 0xFFFF);
    }

    private void writeTransmitHead(final TxQueue queue, final int value) {
        final int head = file.plain(queue.tdh);
        final int tail = file.plain(queue.tdt);
        if (strict && head != tail) {
            if (faults.occurred(FaultKind.HEAD_WRITE_WHILE_OWNED)) {
                faults.keep(FaultKind.HEAD_WRITE_WHILE_OWNED, String.format(
                        "register=TDH queue=%d head=%d tail=%d newHead=%d", queue.index, head, tail, value));
            }
        }
        queue.pendingWriteBacks = 0;
        queue.assembled = 0;
        queue.cached = 0;
        file.release(queue.tdh, value & 0xFFFF);
    }

    private void unknown(final String access, final int offset) {
        if (strict) {
            if (faults.occurred(FaultKind.UNKNOWN_REGISTER)) {
                faults.keep(FaultKind.UNKNOWN_REGISTER, String.format("access=%s offset=0x%05x", access, offset));
            }
        }
    }

    private void badOffset(final String access, final int offset) {
        if (faults.occurred(FaultKind.BAD_REGISTER_OFFSET)) {
            faults.keep(FaultKind.BAD_REGISTER_OFFSET, String.format("access=%s offset=0x%x", access, offset));
        }
    }
}
