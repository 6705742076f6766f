package nicharness.model;

import nicharness.env.DmaFaultException;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.Regs;
import java.lang.foreign.MemorySegment;
import nicharness.ixgbe.LegacyRxDescriptor;

/**
 * The model's BAR0 as a driver sees it: every read and write goes through the register class of
 * its register (datasheet 8.2.2: storage, read-only, clear-on-read, write-1-to-set/clear,
 * self-clearing) and the
 * side effects of writes (reset, queue enable, doorbells), with the strict-mode checks that belong to
 * register accesses (the first faults of {@link FaultKind}).
 *
 * <p>Ordering: a write is a release store into the register file and a read an acquire load, as
 * the {@link RegisterSpace} contract says; in synchronous mode the TDT write also runs the
 * transmit engine before it returns.
 *
 * <p>Threading: one driver thread per port uses this view (as on hardware, where one core owns a
 * queue); the engines may run on another thread.
 */
final class ModelRegisters implements RegisterSpace {
    private final NicModel nic;
    private final RegisterFile file;
    private final Statistics stats;
    private final ModelCounters.DriverSide counters;
    private final boolean strict;
    /** Test hook: bits forced to a value on every read (a broken card). Empty on a healthy one. */
    private int[] stuck = new int[0];
    /** Reads of CTRL left before RST reads back 0 (settle delay test hook). */
    int resetReadsLeft;

    ModelRegisters(final NicModel nic) {
        this.nic = nic;
        this.file = nic.registerFile();
        this.stats = nic.statistics();
        this.counters = nic.counters().driver;
        this.strict = nic.strict();
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
        nic.beforeDriverAccess();
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
            case RXDCTL -> readQueueControl(nic.rx().queue(RegisterMap.rxQueueOf(register)), register,
                    Regs.RXDCTL_.ENABLE);
            case TXDCTL -> readQueueControl(nic.tx().queue(RegisterMap.txQueueOf(register)), register,
                    Regs.TXDCTL_.ENABLE);
            case RDRXCTL -> nic.resetInProgress() ? file.acquire(register) & ~Regs.RDRXCTL_.DMAIDONE
                    : file.acquire(register);
            default -> register == Regs.EEC && nic.resetInProgress() ? file.acquire(register) & ~Regs.EEC_.AUTO_RD
                    : register == Regs.LINKS && !nic.linkUp() ? 0 : file.acquire(register);
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
        if (nic.resetInProgress()) {
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
        nic.beforeDriverAccess();
        if (!RegisterMap.inRange(offset)) {
            badOffset("write", offset);
            return;
        }
        final int register = RegisterMap.canonical(offset);
        final RegisterKind kind = RegisterMap.kind(register);
        switch (kind) {
            case RDT -> {
                counters.doorbellWrites++;
                writeReceiveTail(nic.rx().queue(RegisterMap.rxQueueOf(register)), value);
                return;
            }
            case TDT -> {
                counters.doorbellWrites++;
                writeTransmitTail(nic.tx().queue(RegisterMap.txQueueOf(register)), value);
                return;
            }
            default -> counters.otherRegisterWrites++;
        }
        if (kind != RegisterKind.CTRL && nic.resetInProgress()) {
            // 4.6.3.2: the card is resetting and does not take the write (the driver must wait).
            if (strict) {
                if (nic.fault(FaultKind.WRITE_DURING_RESET)) {
                    nic.detail(FaultKind.WRITE_DURING_RESET, String.format("offset=0x%05x value=0x%08x", offset, value));
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
            case CTRL -> nic.writeCtrl(value);
            case RDRXCTL -> file.release(register, value | Regs.RDRXCTL_.DMAIDONE);
            case AUTOC -> {
                file.release(register, value & ~Regs.AUTOC_.AN_RESTART); // the bit self-clears at once
                if ((value & Regs.AUTOC_.AN_RESTART) != 0) {
                    nic.restartLink(); // 4.6.4: the link trains again
                }
            }
            case DMATXCTL -> {
                final int old = file.plain(register);
                file.release(register, value);
                if ((old & Regs.DMATXCTL_.TE) == 0 && (value & Regs.DMATXCTL_.TE) != 0) {
                    nic.transmitMayStart(); // run every queue with work
                }
            }
            case RXDCTL -> writeRxControl(register, value);
            case TXDCTL -> writeTxControl(register, value);
            case RDH -> writeReceiveHead(nic.rx().queue(RegisterMap.rxQueueOf(register)), value);
            case TDH -> writeTransmitHead(nic.tx().queue(RegisterMap.txQueueOf(register)), value);
            default -> file.release(register, value);
        }
    }

    private void writeRxControl(final int register, final int value) {
        final RxQueue queue = nic.rx().queue(RegisterMap.rxQueueOf(register));
        final int old = file.plain(register);
        file.release(register, value);
        final boolean wasEnabled = (old & Regs.RXDCTL_.ENABLE) != 0;
        final boolean enable = (value & Regs.RXDCTL_.ENABLE) != 0;
        if (!wasEnabled && enable) {
            enableReceive(queue);
        } else if (wasEnabled && !enable) {
            queue.enabled = false;
            queue.enableSeen = false;
        }
    }

    private void writeTxControl(final int register, final int value) {
        final TxQueue queue = nic.tx().queue(RegisterMap.txQueueOf(register));
        final int old = file.plain(register);
        file.release(register, value);
        final boolean wasEnabled = (old & Regs.TXDCTL_.ENABLE) != 0;
        final boolean enable = (value & Regs.TXDCTL_.ENABLE) != 0;
        if (!wasEnabled && enable) {
            enableTransmit(queue);
            nic.transmitMayStart();
        } else if (wasEnabled && !enable) {
            queue.enabled = false;
            queue.enableSeen = false;
            nic.transmitQueuesChanged();
        }
    }

    /** 4.6.7.1: the ring is fixed when ENABLE goes to 1; check it and find it in host memory. */
    void enableReceive(final RxQueue queue) {
        queue.cached = 0;
        fixRing(queue, "receive", file.plain(queue.rdbah), file.plain(queue.rdbal), file.plain(queue.rdlen),
                file.plain(queue.rdh), file.plain(queue.rdt)); // descriptors [RDH, RDT) are owned from the start
        queue.enabled = true; // volatile: publishes the ring to the engine thread
    }

    /** 4.6.8: as for receive. */
    void enableTransmit(final TxQueue queue) {
        queue.cached = 0;
        queue.pendingWriteBacks = 0;
        queue.relaxedOrderingReported = false;
        queue.assembled = 0;
        fixRing(queue, "transmit", file.plain(queue.tdbah), file.plain(queue.tdbal), file.plain(queue.tdlen),
                file.plain(queue.tdh), file.plain(queue.tdt)); // a backlog written before enable is owned
        queue.enabled = true;
        nic.transmitQueuesChanged();
    }

    /** Records the ring of a queue being enabled, with the audit's snapshot of what [head, tail) holds. */
    private void fixRing(final DescriptorQueue queue, final String direction, final int baseHigh, final int baseLow,
                         final int length, final int head, final int tail) {
        final long base = ringBase(baseHigh, baseLow);
        final long ringOffset = checkRing(direction, queue.index, base, length);
        queue.ringAddress = base;
        queue.size = length / Descriptor.SIZE;
        queue.ringOffset = ringOffset;
        queue.snapshot = nic.ownershipAudit() && ringOffset >= 0 ? new long[2 * queue.size] : null;
        queue.enableSeen = false;
        queue.enableReadsLeft = nic.settleReads();
        queue.lastSeenTail = tail;
        if (tail < queue.size && head < queue.size) {
            queue.snapshot(nic.host().segment(), head, tail);
        }
    }

    private static long ringBase(final int high, final int low) {
        return ((long) high << 32) | (low & 0xFFFFFFFFL);
    }

    /** The ring's offset in host memory, or -1 (with a fault) if the engines cannot use it. */
    private long checkRing(final String direction, final int q, final long base, final int length) {
        final String where = String.format("direction=%s queue=%d base=0x%x length=%d", direction, q, base, length);
        if (strict && (length == 0 || length % Descriptor.RING_ALIGNMENT != 0 || length > 128 * 1024 || length < 0)) {
            if (nic.fault(FaultKind.BAD_RING_LENGTH)) {
                nic.detail(FaultKind.BAD_RING_LENGTH, where);
            }
        }
        if (strict && base % Descriptor.RING_ALIGNMENT != 0) {
            if (nic.fault(FaultKind.BAD_RING_ALIGNMENT)) {
                nic.detail(FaultKind.BAD_RING_ALIGNMENT, where);
            }
        }
        if (length <= 0 || length % Descriptor.SIZE != 0) {
            if (!strict) { // in strict mode BAD_RING_LENGTH already said so
                if (nic.fault(FaultKind.QUEUE_MISCONFIGURED)) {
                    nic.detail(FaultKind.QUEUE_MISCONFIGURED, where + ": the engines cannot use a ring of this length");
                }
            }
            return -1;
        }
        try {
            return nic.host().checkedOffset(base, length);
        } catch (final DmaFaultException e) {
            if (nic.fault(FaultKind.DMA_OUT_OF_BOUNDS)) {
                nic.detail(FaultKind.DMA_OUT_OF_BOUNDS, where + ": " + e.getMessage());
            }
            return -1;
        }
    }

    /**
     * RDT (8.2.3.8.5): store, then nothing else; the receive engine is driven by frames. Strict:
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
            checkTail("RDT", queue.index, queue.enableSeen, queue.enabled, queue.size, old, tail,
                    file.acquire(queue.rdh));
        }
        if (tail < queue.size) {
            if (strict) {
                checkReceiveHandover(queue, old, tail);
            }
            queue.snapshot(nic.host().segment(), old, tail); // before the release below, so the engine sees it
        }
        queue.lastSeenTail = tail;
        file.release(queue.rdt, tail);
        nic.receiveTailMoved();
    }

    /**
     * TDT (8.2.3.9.9): the transmit doorbell. In synchronous mode the engine runs here until
     * TDH == TDT ({@code nic-model/README.md}, "Driving modes").
     */
    private void writeTransmitTail(final TxQueue queue, final int value) {
        final int old = file.plain(queue.tdt);
        final int tail = value & 0xFFFF;
        if (strict) {
            checkTail("TDT", queue.index, queue.enableSeen, queue.enabled, queue.size, old, tail,
                    file.acquire(queue.tdh));
        }
        if (tail < queue.size) {
            queue.snapshot(nic.host().segment(), old, tail);
        }
        queue.lastSeenTail = tail;
        file.release(queue.tdt, tail);
        nic.doorbell(queue);
    }

    /**
     * What an RDT write hands the card, descriptors [old, tail), must be fit to receive into
     * ({@link FaultKind#RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER} and the two kinds after it): its
     * status clear (DD still set from the last use would read as a packet
     * before the card writes one), its buffer behind no other descriptor the card owns for
     * receive (a buffer given twice, as a double free does), and its buffer, or the descriptor
     * itself on a shared ring, owned by no transmit queue (recycled before it was sent). Checked
     * here, when the driver makes the mistake, rather than when the card writes, which may be
     * much later or never. A scan per descriptor: meant for tests and {@code --strict} runs.
     */
    void checkReceiveHandover(final RxQueue queue, final int old, final int tail) {
        final int size = queue.size;
        if (!queue.enabled || queue.ringOffset < 0 || old >= size || tail >= size || old == tail) {
            return;
        }
        final MemorySegment memory = nic.host().segment();
        final boolean legacy = Regs.field(file.plain(queue.srrctl), Regs.SRRCTL_.DESCTYPE)
                == Regs.SRRCTL_.DESCTYPE_LEGACY;
        // 7.1.5, 7.1.6.1: DD is bit 32 of the legacy format's qword1 and bit 0 of the advanced
        // read format's (the header buffer address, whose bit 0 the driver writes as 0).
        final long done = legacy ? LegacyRxDescriptor.DD : 1L;
        final int head = file.acquire(queue.rdh);
        for (int i = old; i != tail; i = i + 1 == size ? 0 : i + 1) {
            final long descriptor = queue.ringOffset + Descriptor.offset(i);
            final long buffer = (long) Descriptor.QWORD.get(memory, descriptor + Descriptor.QWORD0);
            final long word1 = (long) Descriptor.QWORD.get(memory, descriptor + Descriptor.QWORD1);
            if ((word1 & done) != 0 && nic.fault(FaultKind.RECEIVE_DESCRIPTOR_STILL_DONE)) {
                nic.detail(FaultKind.RECEIVE_DESCRIPTOR_STILL_DONE, String.format(
                        "register=RDT queue=%d descriptor=%d qword1=0x%016x oldTail=%d newTail=%d head=%d format=%s",
                        queue.index, i, word1, old, tail, head, legacy ? "legacy" : "advanced"));
            }
            // Every descriptor the card owns after this write, before this one: [head, i).
            for (int j = head; j != i; j = j + 1 == size ? 0 : j + 1) {
                final long other = (long) Descriptor.QWORD.get(memory, queue.ringOffset + Descriptor.offset(j)
                        + Descriptor.QWORD0);
                if (other == buffer) {
                    if (nic.fault(FaultKind.RECEIVE_BUFFER_GIVEN_TWICE)) {
                        nic.detail(FaultKind.RECEIVE_BUFFER_GIVEN_TWICE, String.format(
                                "register=RDT queue=%d descriptor=%d alsoDescriptor=%d bufferAddress=0x%x oldTail=%d "
                                        + "newTail=%d head=%d", queue.index, i, j, buffer, old, tail, head));
                    }
                    break;
                }
            }
            nic.checkConflictAtTail(buffer, queue, i, old, tail);
        }
    }

    void checkTail(final String name, final int q, final boolean enableSeen, final boolean enabled,
                           final int size, final int old, final int tail, final int head) {
        if (tail != old && !enableSeen) {
            // INTERPRETATION: writing the value the tail already has (ixy writes TDT = 0 before
            // enabling) moves nothing, so only a changing tail needs ENABLE read back first.
            if (nic.fault(FaultKind.TAIL_BEFORE_ENABLE)) {
                nic.detail(FaultKind.TAIL_BEFORE_ENABLE, String.format("register=%s queue=%d oldTail=%d newTail=%d",
                        name, q, old, tail));
            }
        }
        if (!enabled || size == 0) {
            return;
        }
        if (tail >= size) {
            if (nic.fault(FaultKind.TAIL_OUT_OF_RING)) {
                nic.detail(FaultKind.TAIL_OUT_OF_RING, String.format("register=%s queue=%d tail=%d size=%d",
                        name, q, tail, size));
            }
            return;
        }
        if (old >= size || head >= size) {
            return;
        }
        final int moved = Math.floorMod(tail - old, size);
        final int allowed = Math.floorMod(head - 1 - old, size);
        if (moved > allowed) {
            if (nic.fault(FaultKind.TAIL_PASSED_HEAD)) {
                nic.detail(FaultKind.TAIL_PASSED_HEAD, String.format(
                        "register=%s queue=%d oldTail=%d newTail=%d head=%d size=%d (moved %d, at most %d allowed)",
                        name, q, old, tail, head, size, moved, allowed));
            }
        }
    }

    private void writeReceiveHead(final RxQueue queue, final int value) {
        final int head = file.plain(queue.rdh);
        final int tail = file.plain(queue.rdt);
        if (strict && head != tail) {
            if (nic.fault(FaultKind.HEAD_WRITE_WHILE_OWNED)) {
                nic.detail(FaultKind.HEAD_WRITE_WHILE_OWNED, String.format(
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
            if (nic.fault(FaultKind.HEAD_WRITE_WHILE_OWNED)) {
                nic.detail(FaultKind.HEAD_WRITE_WHILE_OWNED, String.format(
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
            if (nic.fault(FaultKind.UNKNOWN_REGISTER)) {
                nic.detail(FaultKind.UNKNOWN_REGISTER, String.format("access=%s offset=0x%05x", access, offset));
            }
        }
    }

    private void badOffset(final String access, final int offset) {
        if (nic.fault(FaultKind.BAD_REGISTER_OFFSET)) {
            nic.detail(FaultKind.BAD_REGISTER_OFFSET, String.format("access=%s offset=0x%x", access, offset));
        }
    }
}
