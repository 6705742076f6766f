package nicharness.model;

import static nicharness.ixgbe.Descriptor.QWORD;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;

/**
 * The transmit DMA engine of one port (datasheet 7.2, write-back 7.2.3.5): fetches the
 * descriptors from TDH up to TDT, gathers each frame up to its EOP descriptor, puts it on the
 * wire, and reports completion in one of three ways:
 *
 * <ul>
 *   <li>WTHRESH = 0, no head write-back: DD on each descriptor with RS (DPDK);
 *   <li>WTHRESH &gt; 0: DD on every descriptor, in groups of WTHRESH, RS ignored (ixy);
 *   <li>head write-back (TDWBAL bit 0): the new head, as a 32-bit word, at TDWBAH:TDWBAL, and no
 *       descriptor byte is ever written (TinyNF; its shared ring depends on it).
 * </ul>
 *
 * <p>Ownership (datasheet 7.2.1.2): the device owns TDH up to but not including
 * TDT. The engine reads TDT with an acquire (pairing with the driver's release of the tail, so the
 * descriptors and buffers written before it are visible), reads the descriptor words plain after
 * it, puts the frame on the wire before any write-back, and publishes every completion (DD or head)
 * with a release store so the driver's acquire sees the buffer reads as finished.
 *
 * <p>What it needs of the port comes in at construction ({@link PortState}, the wire, the receive
 * engine for HLREG0.LPBK); it calls nothing back, and its per-descriptor path calls final classes
 * only, up to the link partner's {@link FrameSink}. It keeps the transmit side's device-level state
 * too: which queues are enabled, and whether the port is held back ({@link NicModel#holdTransmit}).
 */
final class TransmitEngine {
    /** The shortest frame on the wire without FCS; shorter frames are padded when IFCS and TXPADEN. */
    static final int MIN_FRAME = 60;
    /** qword1 bits 63:32, all set by a sign-extended (negative) 32-bit length; the STA bits among them are never the driver's. */
    private static final long SIGN_EXTENDED = 0xFFFF_FFFF_0000_0000L;
    /** Marks a frame in progress that lost a buffer to a DMA fault: discarded at its EOP. */
    private static final int BROKEN = -1;

    private final int port;
    private final RegisterFile regs;
    private final SimulatedDmaMemory host;
    private final MemorySegment memory;
    /** The address of {@link #memory}'s first byte: the engine reads and writes host memory by address ({@link RawMemory}). */
    private final long memoryBase;
    /** The region of host memory the last frame's data came from. */
    private final HostWindow window;
    private final Statistics stats;
    private final ModelCounters.EngineSide counters;
    private final Faults faults;
    private final ResetAndLink link;
    /** Where frames go: the tap, then the link partner. */
    private final Wire wire;
    /** Where frames go with HLREG0.LPBK: this port's own receive side. */
    private final ReceiveEngine loopBack;
    private final boolean strict;
    private final boolean audit;
    /** A file-backed port serves up to the tail its last look checked ({@link PortState#observesDoorbells}). */
    private final boolean observesDoorbells;
    private final boolean idleFlush;
    private final TxQueue[] queues = new TxQueue[Regs.QUEUE_COUNT];
    /** The enabled transmit queues, copy-on-write: the engine thread iterates it without a lock. */
    private volatile TxQueue[] active = new TxQueue[0];
    /** Held back by {@link NicModel#holdTransmit}: descriptors stay owned by the device. */
    private volatile boolean held;
    /** Pacing of the wire in threaded mode; null when unpaced. */
    private final LinePacer pacer;

    TransmitEngine(final PortState state, final Wire wire, final ReceiveEngine loopBack, final boolean idleFlush,
                   final LinePacer pacer) {
        this.port = state.port();
        this.regs = state.file();
        this.host = state.host();
        this.memory = host.segment();
        this.memoryBase = RawMemory.base(memory, memory.byteSize());
        this.window = new HostWindow(host);
        this.stats = state.stats();
        this.counters = state.counters().engine;
        this.faults = state.faults();
        this.link = state.link();
        this.wire = wire;
        this.loopBack = loopBack;
        this.strict = state.strict();
        this.audit = state.audit();
        this.observesDoorbells = state.observesDoorbells();
        this.idleFlush = idleFlush;
        this.pacer = pacer;
        for (int q = 0; q < queues.length; q++) {
            queues[q] = new TxQueue(q);
        }
    }

    TxQueue queue(final int q) {
        return queues[q];
    }

    /** The enabled queues, in queue order. */
    TxQueue[] active() {
        return active;
    }

    /** Rebuilds the list of enabled queues after an ENABLE bit changed (configuration time only). */
    void queuesChanged() {
        final java.util.List<TxQueue> enabled = new java.util.ArrayList<>();
        for (final TxQueue queue : queues) {
            if (queue.enabled) {
                enabled.add(queue);
            }
        }
        active = enabled.toArray(new TxQueue[0]);
    }

    /** Holds the engine back ({@code true}) or lets it go; the caller's driving mode sends any backlog. */
    void hold(final boolean hold) {
        held = hold;
    }

    /** Whether the device-level gates let this queue transmit: TE, link, not held back. */
    boolean mayTransmit() {
        // Opaque: the engine thread polls this every pass; the driver may set TE at any time.
        return (regs.opaque(Regs.DMATXCTL) & Regs.DMATXCTL_.TE) != 0 && link.up() && !held;
    }

    /** Whether a doorbell may fetch descriptors: TE and the link, whether or not transmission is held. */
    boolean mayFetch() {
        return (regs.opaque(Regs.DMATXCTL) & Regs.DMATXCTL_.TE) != 0 && link.up();
    }

    /**
     * Processes up to {@code budget} descriptors of each enabled queue in turn, so that queues are
     * served round-robin ([MODEL]: the datasheet's arbitration is not modelled). The caller checks
     * {@link #mayTransmit}.
     *
     * @return descriptors processed
     */
    int drainActive(final int budget, final long nowNanos) {
        int work = 0;
        for (final TxQueue queue : active) {
            work += drain(queue, budget, nowNanos);
        }
        return work;
    }

    /**
     * Processes up to {@code budget} descriptors of {@code queue}.
     *
     * @param nowNanos the engine's clock, given to the sink (and to the pacer)
     * @return descriptors processed
     */
    int drain(final TxQueue queue, final int budget, final long nowNanos) {
        if (!queue.enabled || queue.ringOffset < 0) {
            return 0;
        }
        final int size = queue.size;
        // A file-backed port learns of doorbells by looking (FileBackedRegisters): it serves up to
        // the tail it has checked and snapshotted, never one the driver wrote since it looked.
        final int tail = observesDoorbells ? queue.lastSeenTail
                : regs.acquire(queue.tdt); // pairs with the driver's release of TDT
        int head = regs.plain(queue.tdh);         // the engine is the only writer of TDH
        if (tail >= size || head >= size) {
            return 0; // a fault was recorded when the tail was written
        }
        int done = 0;
        while (head != tail && done < budget) {
            if (queue.cached == 0 || mayPrefetch(queue, head, tail)) {
                fetch(queue, head, tail);
            }
            final int slot = queue.cacheFirst;
            final long address = queue.cache[2 * slot];
            final long command = queue.cache[2 * slot + 1];
            if (pacer != null && (command & LegacyTxDescriptor.EOP) != 0 && !pacer.mayStart(nowNanos)) {
                break; // the transmit packet buffer is full: the wire has not drained it yet
            }
            queue.cacheFirst = slot + 1 == TxQueue.CACHE_SIZE ? 0 : slot + 1;
            queue.cached--;
            final int index = head;
            head = head + 1 == size ? 0 : head + 1;
            process(queue, index, head, address, command, nowNanos);
            done++;
        }
        if (done > 0) {
            // TDH is published once per burst (and before each write-back, see writeBack), not per
            // descriptor: its cache line also holds TDT, which the driver writes.
            regs.release(queue.tdh, head);
        }
        if (head == tail && queue.pendingWriteBacks > 0 && idleFlush) {
            // [MODEL] A partial WTHRESH group is written back once the queue runs dry.
            flushWriteBacks(queue, head);
        }
        return done;
    }

    /**
     * 7.2.3.4 transmit descriptor fetching: with descriptors left in the cache, a prefetch is
     * considered only while fewer than PTHRESH are left, and made only once at least HTHRESH (at
     * least one) are waiting in host memory beyond those fetched. An empty cache fetches whatever
     * there is. TinyNF's PTHRESH 60 (above the cache's 40) keeps the cache always topping up.
     */
    private boolean mayPrefetch(final TxQueue queue, final int head, final int tail) {
        final int txdctl = regs.plain(queue.txdctl);
        if (queue.cached >= Regs.field(txdctl, Regs.TXDCTL_.PTHRESH)) {
            return false;
        }
        // INTERPRETATION: "at least HTHRESH valid descriptors" to fetch means room for them too,
        // so a cache one short of full does not fetch one descriptor at a time.
        final int hthresh = Math.max(1, Regs.field(txdctl, Regs.TXDCTL_.HTHRESH));
        final int waiting = queue.ahead(head, tail) - queue.cached;
        return waiting >= hthresh && TxQueue.CACHE_SIZE - queue.cached >= Math.min(hthresh, waiting);
    }

    /**
     * A doorbell in deferred mode: the card's descriptor fetch answers the doorbell when it
     * arrives, while processing and write-back wait for {@link NicModel#step()}. Without this a
     * deferred run would see every doorbell of a round coalesced into one fetch.
     */
    void fetchOnDoorbell(final TxQueue queue) {
        if (!queue.enabled || queue.ringOffset < 0) {
            return;
        }
        final int tail = observesDoorbells ? queue.lastSeenTail : regs.acquire(queue.tdt);
        final int head = regs.plain(queue.tdh);
        if (tail >= queue.size || head >= queue.size || tail == head) {
            return;
        }
        if (queue.cached == 0 || mayPrefetch(queue, head, tail)) {
            fetch(queue, head, tail);
        }
    }

    /**
     * Reads the descriptors after those cached, up to the tail and the cache's free room, into the
     * cache: one read request per contiguous run (two when the run wraps the ring), each descriptor
     * read as it is at this moment, which is when the card reads it.
     */
    private void fetch(final TxQueue queue, final int head, final int tail) {
        final int size = queue.size;
        int next = head + queue.cached;
        if (next >= size) {
            next -= size;
        }
        final int count = Math.min(queue.ahead(next, tail), TxQueue.CACHE_SIZE - queue.cached);
        if (count == 0) {
            return;
        }
        counters.descriptorFetches += next + count > size ? 2 : 1;
        int slot = queue.cacheFirst + queue.cached;
        if (slot >= TxQueue.CACHE_SIZE) {
            slot -= TxQueue.CACHE_SIZE;
        }
        for (int k = 0; k < count; k++) {
            final long descriptor = queue.ringOffset + Descriptor.offset(next);
            final long address = RawMemory.qword(memoryBase + descriptor + Descriptor.QWORD0);
            final long command = RawMemory.qword(memoryBase + descriptor + Descriptor.QWORD1);
            if (audit) {
                auditDescriptor(queue, next, address, command);
            }
            queue.cache[2 * slot] = address;
            queue.cache[2 * slot + 1] = command;
            slot = slot + 1 == TxQueue.CACHE_SIZE ? 0 : slot + 1;
            next = next + 1 == size ? 0 : next + 1;
        }
        queue.cached += count;
        counters.descriptorsRead += count;
        counters.dmaBytesRead += (long) count * Descriptor.SIZE;
    }

    /** One descriptor (7.2.3.2.2 legacy, 7.2.3.2.4 advanced data): gather, send at EOP, write back. */
    private void process(final TxQueue queue, final int index, final int nextHead, final long address,
                         final long command, final long nowNanos) {
        // EOP (24), IFCS (25) and RS (27) sit at the same bits in both formats.
        final boolean endOfPacket = (command & LegacyTxDescriptor.EOP) != 0;
        final boolean insertFcs = (command & LegacyTxDescriptor.IFCS) != 0;
        final boolean reportStatus = (command & LegacyTxDescriptor.RS) != 0;
        int length = (int) (command & LegacyTxDescriptor.LENGTH);
        if ((command & SIGN_EXTENDED) == SIGN_EXTENDED) {
            // A negative int length widened to 64 bits sets every bit above 31, DEXT and an
            // unsupported DTYP with them; the bits that are the driver's bug are the reserved ones
            // (legacy STA and rsvd, advanced STA), so that is what strict mode names.
            if (strict && faults.occurred(FaultKind.RESERVED_BITS_SET)) {
                faults.keep(FaultKind.RESERVED_BITS_SET, String.format(
                        "queue=%d descriptor=%d qword1=0x%016x: bits 63:32 all set, a sign-extended length (%d)",
                        queue.index, index, command, (int) command));
            }
            length = 0; // the card sees an unsupported descriptor and sends nothing
        } else if ((command & LegacyTxDescriptor.DEXT) == 0) {
            if (strict && (command & LegacyTxDescriptor.RESERVED) != 0) {
                if (faults.occurred(FaultKind.RESERVED_BITS_SET)) {
                    faults.keep(FaultKind.RESERVED_BITS_SET, String.format(
                            "queue=%d descriptor=%d qword1=0x%016x reservedBits=0x%x",
                            queue.index, index, command, command & LegacyTxDescriptor.RESERVED));
                }
            }
        } else if ((command & AdvancedTxDescriptor.DTYP) != AdvancedTxDescriptor.DTYP_DATA
                || (command & AdvancedTxDescriptor.TSE) != 0) {
            // A context descriptor (DTYP 0010b) carries no data; anything else we do not support.
            if (strict) {
                if (faults.occurred(FaultKind.UNSUPPORTED_TX_DESCRIPTOR)) {
                    faults.keep(FaultKind.UNSUPPORTED_TX_DESCRIPTOR, String.format(
                            "queue=%d descriptor=%d qword1=0x%016x DTYP=%d TSE=%b", queue.index, index, command,
                            (command & AdvancedTxDescriptor.DTYP) >>> 20, (command & AdvancedTxDescriptor.TSE) != 0));
                }
            }
            length = 0;
        }
        if (length > 0) {
            gather(queue, index, address, length, endOfPacket, insertFcs, nowNanos);
        } else {
            if (!endOfPacket && strict) {
                if (faults.occurred(FaultKind.NULL_DESCRIPTOR_WITHOUT_EOP)) {
                    faults.keep(FaultKind.NULL_DESCRIPTOR_WITHOUT_EOP, String.format(
                            "queue=%d descriptor=%d qword1=0x%016x", queue.index, index, command));
                }
            }
            if (endOfPacket) {
                finishFrame(queue, insertFcs, nowNanos); // a null EOP descriptor alone emits nothing
            }
        }
        writeBack(queue, index, nextHead, reportStatus);
    }

    private void gather(final TxQueue queue, final int index, final long address, final int length,
                        final boolean endOfPacket, final boolean insertFcs, final long nowNanos) {
        final long source = window.offset(address, length);
        if (source < 0) {
            if (faults.occurred(FaultKind.DMA_OUT_OF_BOUNDS)) {
                faults.keep(FaultKind.DMA_OUT_OF_BOUNDS, String.format(
                        "engine=transmit queue=%d descriptor=%d bufferAddress=0x%x length=%d: %s",
                        queue.index, index, address, length, Faults.notDmaMemory(host, address, length)));
            }
            queue.assembled = BROKEN;
            if (endOfPacket) {
                queue.assembled = 0;
            }
            return;
        }
        counters.dmaBytesRead += length;
        counters.dataTransactions += (length + ModelCounters.MAX_READ_REQUEST - 1) / ModelCounters.MAX_READ_REQUEST;
        if (queue.assembled == 0 && endOfPacket && (length >= MIN_FRAME || !padding(insertFcs))) {
            emit(queue, memory, source, length, nowNanos); // the common case: one buffer, no copy
            return;
        }
        if (queue.assembled != BROKEN) {
            if (queue.assembled + length > TxQueue.ASSEMBLY_CAPACITY) {
                if (strict) {
                    if (faults.occurred(FaultKind.FRAME_TOO_LONG)) {
                        faults.keep(FaultKind.FRAME_TOO_LONG, String.format(
                                "queue=%d descriptor=%d: frame longer than %d bytes", queue.index, index,
                                TxQueue.ASSEMBLY_CAPACITY));
                    }
                }
                queue.assembled = BROKEN;
            } else {
                MemorySegment.copy(memory, source, assembly(queue), queue.assembled, length);
                queue.assembled += length;
            }
        }
        if (endOfPacket) {
            finishFrame(queue, insertFcs, nowNanos);
        }
    }

    private void finishFrame(final TxQueue queue, final boolean insertFcs, final long nowNanos) {
        int length = queue.assembled;
        queue.assembled = 0;
        if (length <= 0) {
            return; // nothing gathered, or a broken frame
        }
        if (length < MIN_FRAME && padding(insertFcs)) {
            assembly(queue).asSlice(length, MIN_FRAME - length).fill((byte) 0);
            length = MIN_FRAME;
        }
        emit(queue, queue.assembly, 0, length, nowNanos);
    }

    /** 8.2.3.22.8: short frames are padded to 64 bytes on the wire when IFCS and HLREG0.TXPADEN. */
    private boolean padding(final boolean insertFcs) {
        return insertFcs && (regs.plain(Regs.HLREG0) & Regs.HLREG0_.TXPADEN) != 0;
    }

    private MemorySegment assembly(final TxQueue queue) {
        if (queue.assembly == null) { // once per queue, the first time a frame spans descriptors
            queue.assembly = Arena.ofAuto().allocate(TxQueue.ASSEMBLY_CAPACITY, 64);
        }
        return queue.assembly;
    }

    /** Puts one frame on the wire (or back into this port with HLREG0.LPBK) and counts it. */
    private void emit(final TxQueue queue, final MemorySegment data, final long offset, final int length,
                      final long nowNanos) {
        final int slot = statisticsSlot(queue.index);
        stats.add(Statistics.GPTC, 1);
        stats.add(Statistics.TPT, 1);
        stats.add(Statistics.GOTC, length + 4);
        stats.add(Statistics.PTC64 + Statistics.sizeBucket(length + 4), 1);
        stats.add(Statistics.qptc(slot), 1);
        stats.add(Statistics.qbtc(slot), length);
        final long first = data.address() + offset; // host memory or the assembly buffer: both native
        if ((RawMemory.u8(first) & 1) != 0) {
            final boolean broadcast = RawMemory.u32le(first) == -1 && RawMemory.u16le(first + 4) == 0xFFFF;
            stats.add(broadcast ? Statistics.BPTC : Statistics.MPTC, 1);
        }
        final long transmitNanos = pacer != null ? pacer.send(length, nowNanos) : nowNanos;
        wire.transmitted(data, offset, length, transmitNanos);
        if ((regs.plain(Regs.HLREG0) & Regs.HLREG0_.LPBK) != 0) {
            loopBack.receive(data, offset, length); // HLREG0.LPBK: back into this port's receive side
        } else {
            wire.deliver(data, offset, length, transmitNanos);
        }
    }

    /** 8.2.3.10.14 TQSM: queue q's statistics slot is byte q % 4 of TQSM(q / 4). */
    private int statisticsSlot(final int q) {
        return (regs.plain(Regs.TQSM(q >>> 2)) >>> ((q & 3) << 3)) & 0xF;
    }

    // ---- Write-back (7.2.3.5) --------------------------------------------------------------

    private void writeBack(final TxQueue queue, final int index, final int nextHead, final boolean reportStatus) {
        final int wthresh = Regs.field(regs.plain(queue.txdctl), Regs.TXDCTL_.WTHRESH);
        final boolean trigger;
        if (wthresh == 0) {
            trigger = reportStatus;
        } else {
            trigger = ++queue.pendingWriteBacks >= wthresh; // RS is ignored once WTHRESH > 0
        }
        if (!trigger) {
            return;
        }
        // TDH moves before the completion is reported, as on the card (descriptors are consumed,
        // then written back): a driver that has seen a completion also sees the head past it.
        regs.release(queue.tdh, nextHead);
        final int tdwbal = regs.plain(queue.tdwbal);
        if ((tdwbal & Regs.TDWBAL_.HEAD_WB_EN) != 0) {
            writeHead(queue, tdwbal, nextHead); // and never a descriptor byte
        } else if (wthresh == 0) {
            counters.writeBackTransactions++;
            setDone(queue, index);
        } else {
            counters.writeBackTransactions += index + 1 >= queue.pendingWriteBacks ? 1 : 2; // a group that wraps: two
            for (int k = queue.pendingWriteBacks - 1; k >= 0; k--) {
                setDone(queue, Math.floorMod(index - k, queue.size));
            }
        }
        queue.pendingWriteBacks = 0;
    }

    private void flushWriteBacks(final TxQueue queue, final int head) {
        final int tdwbal = regs.plain(queue.tdwbal);
        if ((tdwbal & Regs.TDWBAL_.HEAD_WB_EN) != 0) {
            writeHead(queue, tdwbal, head);
        } else {
            counters.writeBackTransactions++;
            for (int k = queue.pendingWriteBacks; k >= 1; k--) {
                setDone(queue, Math.floorMod(head - k, queue.size));
            }
        }
        queue.pendingWriteBacks = 0;
    }

    /**
     * 7.2.3.5.2: the head, "the next descriptor to process", as a little-endian word at
     * TDWBAH:TDWBAL. A write-back address that is not 16-byte aligned never lands (TinyNF found
     * the card ignores it; strict mode also says so). DCA_TXCTRL bit 11 (relaxed ordering of
     * descriptor write-back), which every real driver clears before enabling head write-back, lets
     * the head overtake the data reads it reports: a strict fault, once per queue enable.
     */
    private void writeHead(final TxQueue queue, final int tdwbal, final int head) {
        final long address = ((long) regs.plain(queue.tdwbah) << 32) | (tdwbal & Regs.TDWBAL_.HEAD_WB_LOW & 0xFFFFFFFFL);
        if (strict && !queue.relaxedOrderingReported
                && (regs.plain(queue.dcaTxctrl) & Regs.DCA_TXCTRL_.TX_DESC_WRO_EN) != 0) {
            queue.relaxedOrderingReported = true;
            if (faults.occurred(FaultKind.HEAD_WRITE_BACK_RELAXED_ORDERING)) {
                faults.keep(FaultKind.HEAD_WRITE_BACK_RELAXED_ORDERING, String.format(
                        "queue=%d DCA_TXCTRL=0x%08x TDWBAL=0x%08x", queue.index, regs.plain(queue.dcaTxctrl), tdwbal));
            }
        }
        if ((address & 15) != 0) {
            if (strict) {
                if (faults.occurred(FaultKind.HEAD_WRITE_BACK_MISALIGNED)) {
                    faults.keep(FaultKind.HEAD_WRITE_BACK_MISALIGNED, String.format(
                            "queue=%d address=0x%x TDWBAH=0x%08x TDWBAL=0x%08x", queue.index, address,
                            regs.plain(queue.tdwbah), tdwbal));
                }
            }
            return; // never lands
        }
        final long target = host.allocatedOffset(address, 4);
        if (target < 0) {
            if (faults.occurred(FaultKind.DMA_OUT_OF_BOUNDS)) {
                faults.keep(FaultKind.DMA_OUT_OF_BOUNDS, String.format(
                        "engine=transmit (head write-back) queue=%d address=0x%x head=%d: %s",
                        queue.index, address, head, Faults.notDmaMemory(host, address, 4)));
            }
            return;
        }
        RawMemory.setDwordRelease(memoryBase + target, head);
        counters.writeBackTransactions++;
        counters.descriptorsWritten++;
        counters.dmaBytesWritten += 4;
    }

    /**
     * Writes a descriptor back with DD. Advanced (7.2.3.2.4): the card writes the whole
     * write-back format, {@code {rsvd, nxtseq_seed, status}} as Linux's ixgbe names it: qword0
     * reserved, the next-sequence seed (LinkSec/IPsec, meaningless here) and the status with DD;
     * the driver's address, length and command are gone. Strict mode fills the fields it may not
     * rely on with {@link ReceiveWriteBack#PATTERN}, otherwise 0. Legacy (7.2.3.2.2): the card
     * writes the STA field only; the buffer address stays, which TinyNF observed on the card.
     */
    private void setDone(final TxQueue queue, final int index) {
        final long descriptor = queue.ringOffset + Descriptor.offset(index);
        final long word = descriptor + Descriptor.QWORD1;
        final long old = RawMemory.qword(memoryBase + word);
        if ((old & LegacyTxDescriptor.DEXT) != 0) {
            final long cardOwned = strict ? ReceiveWriteBack.PATTERN : 0L;
            RawMemory.setQword(memoryBase + descriptor + Descriptor.QWORD0, cardOwned);
            RawMemory.setQwordRelease(memoryBase + word, (cardOwned & 0xFFFFFFFFL) | LegacyTxDescriptor.DD);
            counters.dmaBytesWritten += Descriptor.SIZE;
        } else {
            RawMemory.setQwordRelease(memoryBase + word, old | LegacyTxDescriptor.DD);
            counters.dmaBytesWritten += 8;
        }
        counters.descriptorsWritten++;
    }

    // ---- Strict-mode support ----------------------------------------------------------------

    /**
     * {@link FaultKind#DESCRIPTOR_CHANGED_WHILE_OWNED}: the descriptor must be as the doorbell that
     * handed it over left it.
     */
    private void auditDescriptor(final TxQueue queue, final int index, final long address, final long command) {
        if (queue.changedSinceDoorbell(index, address, command)) {
            if (faults.occurred(FaultKind.DESCRIPTOR_CHANGED_WHILE_OWNED)) {
                faults.keep(FaultKind.DESCRIPTOR_CHANGED_WHILE_OWNED,
                        queue.describeChange("transmit", index, address, command));
            }
        }
    }

    /**
     * The index of a descriptor this queue still owns ([TDH, TDT)) that either points at the
     * buffer {@code address} (a buffer still waiting to be sent) or is itself the descriptor at
     * {@code descriptorAddress} (a shared ring), or -1
     * ({@link FaultKind#RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER}).
     */
    int ownerOf(final TxQueue queue, final long address, final long descriptorAddress) {
        if (!queue.enabled || queue.ringOffset < 0) {
            return -1;
        }
        final int size = queue.size;
        final int tail = regs.acquire(queue.tdt);
        final int head = regs.acquire(queue.tdh);
        if (tail >= size || head >= size || head == tail) {
            return -1;
        }
        final long inRing = descriptorAddress - queue.ringAddress;
        if (inRing >= 0 && inRing < (long) size * Descriptor.SIZE) {
            final int index = (int) (inRing / Descriptor.SIZE);
            if (Math.floorMod(index - head, size) < Math.floorMod(tail - head, size)) {
                return index;
            }
        }
        for (int i = head; i != tail; i = i + 1 == size ? 0 : i + 1) {
            final long descriptor = queue.ringOffset + Descriptor.offset(i);
            final long command = (long) QWORD.get(memory, descriptor + Descriptor.QWORD1);
            if ((command & LegacyTxDescriptor.LENGTH) != 0
                    && (long) QWORD.get(memory, descriptor + Descriptor.QWORD0) == address) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The context a {@link FaultKind#RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER} gives of the transmit
     * queue that owns the buffer: its port, queue, descriptor {@code owner}, head and tail.
     */
    String ownerContext(final TxQueue queue, final int owner) {
        return String.format("transmitPort=%d transmitQueue=%d transmitDescriptor=%d TDH=%d TDT=%d", port, queue.index,
                owner, regs.plain(queue.tdh), regs.plain(queue.tdt));
    }

    void reset() {
        for (final TxQueue queue : queues) {
            queue.reset();
        }
        active = new TxQueue[0];
        if (pacer != null) {
            pacer.reset();
        }
    }
}
