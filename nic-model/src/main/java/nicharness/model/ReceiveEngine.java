package nicharness.model;

import java.lang.foreign.MemorySegment;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.Regs;

/**
 * The receive DMA engine of one port (datasheet 7.1): filters a frame from the
 * wire, takes the descriptor at RDH, copies the frame into its buffer and writes the descriptor
 * back, legacy or advanced as SRRCTL.DESCTYPE says.
 *
 * <p>Ownership (datasheet 7.1.9): the device owns the descriptors from RDH up to
 * but not including RDT. The engine reads RDT with an acquire (pairing with the driver's release
 * of the tail, so the buffer addresses written before it are visible), never touches the
 * descriptor at RDT, writes the packet bytes before the status word, and writes qword1 (length,
 * DD, EOP) as one 64-bit release store, which the driver's acquire read of the status pairs with.
 * RDH is published with a release before each descriptor's status, so a head read after seeing
 * DD is already past that descriptor.
 *
 * <p>Frames go to queue 0 (MRQC = 0: no RSS, VMDq or filters, as every driver of ours leaves it).
 *
 * <p>The receive packet buffer ({@link ReceivePacketBuffer}, datasheet 7.1.2): a frame that finds
 * no free descriptor is dropped at the queue if SRRCTL.DROP_EN is set (QPRDC, 7.1.9 and 8.2.3.8.7);
 * otherwise it is counted in RNBC and waits in the buffer, behind any frame already waiting, until
 * RDT moves; only a frame that does not fit in RXPBSIZE(0) is missed (MPC, 8.2.3.23.4). With link
 * flow control configured (FCCFG.TFCE = 01b and FCRTH(0).FCEN), the buffer filling past
 * FCRTH(0).RTH sends XOFF, and draining below FCRTL(0).RTL (or emptying) sends XON (4.6.11.3.1,
 * 8.2.3.3); the model tells the port's {@link Wire} (its {@link NicModel#flowControlListener})
 * rather than putting a pause frame on the wire.
 *
 * <p>What it needs of the port comes in at construction ({@link PortState}, the wire, the conflict
 * detector); it calls nothing back, and its per-frame path calls final classes only.
 */
final class ReceiveEngine {
    /** Largest frame without jumbo frames, FCS included (datasheet 8.2.3.22.13). */
    private static final int MAX_STANDARD_FRAME = 1518;

    private final RegisterFile regs;
    private final SimulatedDmaMemory host;
    /** The address of host memory's first byte: the engine reads and writes it by address ({@link RawMemory}). */
    private final long memoryBase;
    /** The region of host memory the last frame went to. */
    private final HostWindow window;
    /** Native memory for a frame offered in a heap segment; allocated the first time one is. */
    private MemorySegment staging;
    private final Statistics stats;
    private final ModelCounters.EngineSide counters;
    private final Faults faults;
    private final ResetAndLink link;
    private final Wire wire;
    private final ConflictDetector conflicts;
    private final boolean strict;
    private final boolean audit;
    /** A file-backed port serves up to the tail its last look checked ({@link PortState#observesDoorbells}). */
    private final boolean observesDoorbells;
    private final RxQueue[] queues = new RxQueue[Regs.QUEUE_COUNT];
    /** The queue every frame goes to (test hook; 0 as with MRQC = 0). */
    private int steeredQueue;

    /** Frames lost because the link was down, RXEN was 0 or the queue was disabled. */
    long droppedNotReceiving;
    /** Frames the L2 filter did not accept. */
    long droppedByFilter;
    /** Frames lost to a DMA fault or an unusable configuration. */
    long droppedByFault;
    /** The status, checksum and packet-type fields of the write-back (7.1.5, 7.1.6.2). */
    private final ReceiveWriteBack writeBack;
    /** Frames waiting in the receive packet buffer for a descriptor. */
    private final ReceivePacketBuffer packetBuffer = new ReceivePacketBuffer();
    /** Whether this port has sent XOFF and not yet XON (flow control). */
    private boolean pausing;
    /** XOFF and XON the port has sent (link flow control). */
    long xoffSent;
    long xonSent;

    /** The most receive write-backs that wait for {@link #publishWriteBacks}: two bursts of the tester. */
    static final int PENDING_MAX = 64;
    /** Whether write-backs wait for the end of a burst ({@link #publishWriteBacks}) rather than each frame's end. */
    private final boolean writeBackPerBurst;
    /** The write-backs waiting: the address of each status word (qword1) and its value, in order. */
    private final long[] pendingAddress = new long[PENDING_MAX];
    private final long[] pendingStatus = new long[PENDING_MAX];
    private int pendingCount;
    /** The queues whose RDH waits to be published ({@link RxQueue#unpublishedHead}). */
    // Their indexes, not the queues: storing a reference into an array costs C2 a type check and a
    // card mark, once per frame where every frame is published at once (deferred mode).
    private final int[] touched = new int[Regs.QUEUE_COUNT];
    private int touchedCount;

    // What the engine derives from the settings, read again only when the register file's settings
    // version has moved (RegisterFile#settingsVersion): six to eight register reads per frame
    // before (RXCTRL, HLREG0 twice, FCTRL, SRRCTL, RQSMR; RDRXCTL when strict, MAXFRS with jumbo frames).
    /** The version the fields below were read at; -1: read them again (after a reset or a steer). */
    private int settingsSeen = -1;
    /** RXCTRL.RXEN. */
    private boolean receiveEnabled;
    /** HLREG0.RXCRCSTRP: the FCS is stripped. */
    private boolean stripFcs;
    /** Strict mode and HLREG0.RXCRCSTRP disagreeing with RDRXCTL.CRC_STRIP (a fault per frame). */
    private boolean stripMismatch;
    private int maxFrame;
    private int fctrl;
    // Of the queue frames go to (steeredQueue): SRRCTL's packet buffer size, descriptor type and
    // DROP_EN, and the queue's statistics slot (RQSMR).
    private int bufferSize;
    private int descriptorType;
    private boolean dropEnable;
    private int statisticsSlot;

    /** The settings as the registers hold them now, if they may have changed since last read. */
    private void readSettingsIfChanged() {
        final int version = regs.settingsVersion();
        if (version == settingsSeen && !observesDoorbells) {
            return; // a file-backed port's driver writes the file directly: it reads them every time
        }
        receiveEnabled = (regs.plain(Regs.RXCTRL) & Regs.RXCTRL_.RXEN) != 0;
        final int hlreg0 = regs.plain(Regs.HLREG0);
        stripFcs = (hlreg0 & Regs.HLREG0_.RXCRCSTRP) != 0;
        // 8.2.3.22.8 / 8.2.3.8.8: both strip bits must agree; HLREG0 decides what we do.
        stripMismatch = strict && stripFcs != ((regs.plain(Regs.RDRXCTL) & Regs.RDRXCTL_.CRC_STRIP) != 0);
        // 8.2.3.22.13: MAXFRS.MFS only applies with jumbo frames enabled.
        maxFrame = (hlreg0 & Regs.HLREG0_.JUMBOEN) != 0
                ? Regs.field(regs.plain(Regs.MAXFRS), Regs.MAXFRS_.MFS) : MAX_STANDARD_FRAME;
        fctrl = regs.plain(Regs.FCTRL);
        final RxQueue queue = queues[steeredQueue];
        final int srrctl = regs.plain(queue.srrctl);
        bufferSize = Regs.field(srrctl, Regs.SRRCTL_.BSIZEPACKET) * 1024;
        descriptorType = Regs.field(srrctl, Regs.SRRCTL_.DESCTYPE);
        dropEnable = (srrctl & Regs.SRRCTL_.DROP_EN) != 0;
        statisticsSlot = statisticsSlot(queue.index);
        settingsSeen = version;
    }

    /** {@link #dma} outcomes. */
    private static final int WRITTEN = 0;
    private static final int NO_DESCRIPTOR = 1;
    private static final int LOST = 2;

    ReceiveEngine(final PortState state, final Wire wire, final ConflictDetector conflicts,
                  final boolean writeBackPerBurst) {
        this.writeBackPerBurst = writeBackPerBurst;
        this.regs = state.file();
        this.host = state.host();
        this.memoryBase = RawMemory.base(host.segment(), host.segment().byteSize());
        this.window = new HostWindow(host);
        this.stats = state.stats();
        this.counters = state.counters().engine;
        this.faults = state.faults();
        this.link = state.link();
        this.wire = wire;
        this.conflicts = conflicts;
        this.strict = state.strict();
        this.audit = state.audit();
        this.observesDoorbells = state.observesDoorbells();
        this.writeBack = new ReceiveWriteBack(strict);
        for (int q = 0; q < queues.length; q++) {
            queues[q] = new RxQueue(q);
        }
    }

    RxQueue queue(final int q) {
        return queues[q];
    }

    void steer(final int q) {
        steeredQueue = q;
        settingsSeen = -1;
    }

    // ---- The data path (datasheet 7.1) -------------------------------------------------------

    /**
     * Receives one frame of {@code length} bytes (without FCS) at {@code frame[offset]}.
     *
     * @return whether the frame was written to host memory
     */
    boolean receive(final MemorySegment frame, final long offset, final int length) {
        final long address = RawMemory.frameAddress(frame, offset, length);
        return receiveAt(address >= 0 ? address : staged(frame, offset, length), length);
    }

    /**
     * A copy of a frame that is not in native memory (tests build frames in arrays), so that the
     * engine reads every frame by address.
     */
    private long staged(final MemorySegment frame, final long offset, final int length) {
        if (staging == null || staging.byteSize() < length) {
            staging = java.lang.foreign.Arena.ofAuto().allocate(Math.max(length, 2048), 64);
        }
        MemorySegment.copy(frame, offset, staging, 0, length);
        return staging.address();
    }

    /** {@link #receive(MemorySegment, long, int)} of the frame at address {@code frame}. */
    boolean receiveAt(final long frame, final int length) {
        readSettingsIfChanged();
        if (!receiveEnabled || !link.up()) {
            droppedNotReceiving++;
            return false;
        }
        final int wireLength = length + 4; // the FCS the wire carried
        stats.add(Statistics.TPR, 1);
        stats.add(Statistics.TOR, wireLength);
        if (wireLength < 64) {
            stats.add(Statistics.RUC, 1);
            return false;
        }
        if (wireLength > maxFrame) {
            stats.add(Statistics.ROC, 1);
            return false;
        }
        final int kind = destinationKind(frame);
        if (!accepted(kind, frame)) {
            droppedByFilter++;
            return false;
        }
        final boolean strip = stripFcs;
        if (stripMismatch) {
            if (faults.occurred(FaultKind.CRC_STRIP_MISMATCH)) {
                faults.keep(FaultKind.CRC_STRIP_MISMATCH, String.format("HLREG0=0x%08x RDRXCTL=0x%08x",
                        regs.plain(Regs.HLREG0), regs.plain(Regs.RDRXCTL)));
            }
        }
        final int bytes = strip ? length : wireLength;
        // Erratum (worked around by DPDK v20.02, ixgbe_ethdev.c:3191-3194): GPRC also counts frames
        // dropped below for lack of descriptors.
        stats.add(Statistics.GPRC, 1);
        stats.add(Statistics.GORC, bytes);
        stats.add(Statistics.PRC64 + Statistics.sizeBucket(wireLength), 1);
        if (kind == BROADCAST) {
            stats.add(Statistics.BPRC, 1);
        } else if (kind == MULTICAST) {
            stats.add(Statistics.MPRC, 1);
        }
        final RxQueue queue = queues[steeredQueue];
        if (!queue.enabled) {
            droppedNotReceiving++;
            return false;
        }
        if (!packetBuffer.isEmpty()) {
            drainPacketBuffer(); // the frames that waited go first
            if (!packetBuffer.isEmpty()) {
                noDescriptor(queue, frame, length);
                return false;
            }
        }
        final int outcome = dma(queue, frame, length, bytes);
        if (outcome == NO_DESCRIPTOR) {
            noDescriptor(queue, frame, length);
        }
        return outcome == WRITTEN;
    }

    /**
     * 7.1.9: no descriptor for this frame (or frames wait before it). With DROP_EN it is dropped
     * at the queue (QPRDC); otherwise RNBC counts it and it waits in the packet buffer, or is
     * missed (MPC) if the buffer is full.
     */
    private void noDescriptor(final RxQueue queue, final long frame, final int length) {
        if (dropEnable) { // of the steered queue, which this frame was for
            stats.add(Statistics.qprdc(statisticsSlot), 1);
            return;
        }
        stats.add(Statistics.RNBC0, 1);
        final long capacity = (long) Regs.field(regs.plain(Regs.RXPBSIZE(0)), Regs.RXPBSIZE_.SIZE) * 1024;
        if (!packetBuffer.offer(RawMemory.EVERYWHERE, frame, length, capacity)) {
            stats.add(Statistics.MPC0, 1);
        }
        flowControl();
    }

    /**
     * Moves the frames waiting in the packet buffer to host memory while the queue has free
     * descriptors: after RDT moved, and on every engine pass. A frame whose queue now has DROP_EN
     * set is dropped there (QPRDC).
     *
     * @return frames that left the buffer
     */
    int drainPacketBuffer() {
        if (packetBuffer.isEmpty() && !pausing) {
            return 0;
        }
        readSettingsIfChanged();
        int moved = 0;
        while (!packetBuffer.isEmpty()) {
            final RxQueue queue = queues[steeredQueue];
            if (!queue.enabled || !link.up() || !receiveEnabled) {
                break; // the frames keep waiting
            }
            final int length = packetBuffer.headLength();
            final int outcome = dma(queue, packetBuffer.storage().address() + packetBuffer.headOffset(), length,
                    stripFcs ? length : length + 4);
            if (outcome == NO_DESCRIPTOR) {
                if (!dropEnable) {
                    break;
                }
                stats.add(Statistics.qprdc(statisticsSlot), 1);
            }
            packetBuffer.remove();
            moved++;
        }
        if (moved > 0 || pausing) {
            flowControl();
        }
        return moved;
    }

    /** Frames waiting in the receive packet buffer. */
    int framesWaiting() {
        return packetBuffer.frames();
    }

    /** Bytes the waiting frames occupy in the receive packet buffer. */
    long bytesWaiting() {
        return packetBuffer.occupied();
    }

    /**
     * 4.6.11.3.1 link flow control: XOFF once the buffer fills past FCRTH(0).RTH, XON once it
     * drains below FCRTL(0).RTL (when XONE) or empties. Off unless FCCFG.TFCE = 01b and
     * FCRTH(0).FCEN, as DPDK leaves it by default; TinyNF writes RTH but not FCEN.
     * [MODEL] The pause timer (FCTTV) and its refresh (FCRTV) are not modelled: the tester stays
     * paused until XON.
     */
    private void flowControl() {
        final int fcrth = regs.plain(Regs.FCRTH(0));
        final boolean enabled = (fcrth & Regs.FCRTH_.FCEN) != 0
                && Regs.field(regs.plain(Regs.FCCFG), Regs.FCCFG_.TFCE) == Regs.FCCFG_.TFCE_LINK;
        final long occupied = packetBuffer.occupied();
        if (!pausing) {
            if (enabled && occupied > (long) Regs.field(fcrth, Regs.FCRTH_.RTH) * 32) {
                pausing = true;
                xoffSent++;
                wire.pause(true);
            }
            return;
        }
        final int fcrtl = regs.plain(Regs.FCRTL(0));
        final long low = (fcrtl & Regs.FCRTL_.XONE) != 0 ? (long) Regs.field(fcrtl, Regs.FCRTL_.RTL) * 32 : 0;
        if (!enabled || occupied == 0 || occupied < low) {
            pausing = false;
            xonSent++;
            wire.pause(false);
        }
    }

    private int dma(final RxQueue queue, final long frame, final int length, final int bytes) {
        if (queue.ringOffset < 0) {
            droppedByFault++;
            return LOST;
        }
        // Of the steered queue, the only one dma() is given (readSettingsIfChanged).
        final int bufferSize = this.bufferSize;
        final int descriptorType = this.descriptorType;
        if (bufferSize == 0 || descriptorType > Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER) {
            if (strict) {
                final FaultKind kind = bufferSize == 0 ? FaultKind.ZERO_BUFFER_SIZE
                        : FaultKind.UNSUPPORTED_RX_DESCRIPTOR_TYPE;
                if (faults.occurred(kind)) {
                    faults.keep(kind, String.format("queue=%d SRRCTL=0x%08x", queue.index, regs.plain(queue.srrctl)));
                }
            }
            droppedByFault++;
            return LOST;
        }
        final int need = bytes <= bufferSize ? 1 : (bytes + bufferSize - 1) / bufferSize; // no division for the usual frame
        final int size = queue.size;
        // The engine is the only writer of RDH; its own head is ahead of the register while write-backs wait.
        int head = queue.unpublishedHead >= 0 ? queue.unpublishedHead : regs.plain(queue.rdh);
        final int available;
        if (queue.cached >= need && !observesDoorbells) {
            // Descriptors in the cache were fetched below a tail read then, and the tail only moves
            // on: they are the card's without reading RDT, which sits on the line the engine's RDH
            // is on and the driver writes, so a read per frame took that line from the driver's
            // core whenever it had moved its tail. RDT is read when the cache runs short, as the
            // card reads it to fetch, so what a fetch takes is as before.
            available = queue.cached;
        } else {
            // As on transmit: a file-backed port uses the tail its last look checked and snapshotted.
            final int tail = observesDoorbells ? queue.lastSeenTail
                    : regs.acquire(queue.rdt); // pairs with the driver's release of RDT
            available = queue.ahead(head, tail);
        }
        if (available < need) {
            return NO_DESCRIPTOR; // the caller drops it at the queue or lets it wait in the packet buffer
        }
        if (need > 1 && strict) {
            if (faults.occurred(FaultKind.MULTI_DESCRIPTOR_RECEIVE)) {
                faults.keep(FaultKind.MULTI_DESCRIPTOR_RECEIVE, String.format(
                        "queue=%d frameBytes=%d bufferSize=%d descriptors=%d", queue.index, bytes, bufferSize, need));
            }
        }
        final boolean legacy = descriptorType == Regs.SRRCTL_.DESCTYPE_LEGACY;
        final int fcs = bytes > length ? Fcs.of(RawMemory.EVERYWHERE, frame, length) : 0;
        writeBack.parse(frame, length);
        int copied = 0;
        for (int k = 0; k < need; k++) {
            if (pendingCount == PENDING_MAX) {
                publishWriteBacks();
            }
            final long descriptor = queue.ringOffset + Descriptor.offset(head);
            if (queue.cached == 0) {
                fetch(queue, head, available - k);
            }
            final long address = queue.cache[queue.cacheFirst];
            queue.cacheFirst = queue.cacheFirst + 1 == RxQueue.CACHE_SIZE ? 0 : queue.cacheFirst + 1;
            queue.cached--;
            final int chunk = Math.min(bufferSize, bytes - copied);
            final long target = window.offset(address, chunk);
            if (target < 0) {
                if (faults.occurred(FaultKind.DMA_OUT_OF_BOUNDS)) {
                    faults.keep(FaultKind.DMA_OUT_OF_BOUNDS, String.format(
                            "engine=receive queue=%d descriptor=%d head=%d tail=%d bufferAddress=0x%x length=%d: %s",
                            queue.index, head, head, regs.plain(queue.rdt), address, chunk,
                            Faults.notDmaMemory(host, address, chunk)));
                }
                droppedByFault++;
                if (!writeBackPerBurst) {
                    publishWriteBacks();
                }
                return LOST; // RDH stands past the descriptors written so far
            }
            conflicts.beforeReceive(address, queue, head);
            copyChunk(frame, length, fcs, copied, chunk, memoryBase + target);
            counters.dataTransactions += (chunk + ModelCounters.MAX_PAYLOAD - 1) / ModelCounters.MAX_PAYLOAD;
            counters.writeBackTransactions++;
            copied += chunk;
            final boolean last = k == need - 1;
            head = head + 1 == size ? 0 : head + 1;
            if (queue.unpublishedHead < 0) {
                touched[touchedCount++] = queue.index;
            }
            queue.unpublishedHead = head;
            // Bytes first, status last ({@link #publishWriteBacks}).
            if (legacy) {
                // 7.1.5: legacy write-back goes into qword1 only; qword0 keeps the buffer address.
                pendingAddress[pendingCount] = memoryBase + descriptor + Descriptor.QWORD1;
                pendingStatus[pendingCount++] = writeBack.legacyQword1(chunk, last);
                counters.dmaBytesWritten += chunk + 8;
            } else {
                // 7.1.6.2: advanced write-back overwrites both words; qword0 may go now, the
                // driver reads neither before DD.
                RawMemory.setQword(memoryBase + descriptor + Descriptor.QWORD0, writeBack.advancedQword0());
                pendingAddress[pendingCount] = memoryBase + descriptor + Descriptor.QWORD1;
                pendingStatus[pendingCount++] = writeBack.advancedQword1(chunk, last);
                counters.dmaBytesWritten += chunk + Descriptor.SIZE;
            }
            counters.descriptorsWritten++;
        }
        if (!writeBackPerBurst) {
            publishWriteBacks();
        }
        final int slot = statisticsSlot;
        stats.add(Statistics.qprc(slot), 1);
        stats.add(Statistics.qbrc(slot), bytes);
        stats.add(Statistics.RXDGPC, 1);
        return WRITTEN;
    }

    /**
     * Writes back the statuses of the descriptors received into since the last call, each queue's
     * RDH first, then the status words (qword1 with DD, one 64-bit release store each) in order.
     *
     * <p>RDH before the statuses, as TDH moves before a transmit completion: a driver that has seen
     * DD (acquire) then reads a head past it, so the strict tail check on the driver's thread never
     * mistakes a re-armed descriptor for a device-owned one. The bytes of every frame were copied
     * before (docs/design.md, "Memory and ordering").
     *
     * <p>When: after every frame, except on an engine thread ({@link DrivingMode#THREADED}), which
     * calls this at the start and at the end of the receive part of each pass, and when its tester
     * ends a burst ({@link NicModel#endOfWireBurst}), so that the frames a tester injects in one
     * burst are written back together, as the card writes back a cache line
     * of descriptors at a time (datasheet 7.1.5.1). Per frame, the engine's status store
     * took the line the driver was polling from it on every frame (issue: a software NIC that
     * keeps up with a port pair at minimum size); at most {@link #PENDING_MAX} wait.
     */
    void publishWriteBacks() {
        for (int i = 0; i < touchedCount; i++) {
            final RxQueue queue = queues[touched[i]];
            regs.release(queue.rdh, queue.unpublishedHead);
            queue.unpublishedHead = -1;
        }
        touchedCount = 0;
        for (int i = 0; i < pendingCount; i++) {
            RawMemory.setQwordRelease(pendingAddress[i], pendingStatus[i]);
        }
        pendingCount = 0;
    }

    /**
     * 7.1.9 receive descriptor fetching: an empty cache fetches the descriptors the device owns
     * from RDH on, as many as it holds, in one read request (two when the run wraps the ring),
     * each as it is now, which is when the card reads it. [MODEL] The card prefetches when RDT
     * moves; fetching when the first frame needs a descriptor reads the same words (the driver may
     * not touch descriptors it handed over) and makes the same number of requests for a driver
     * that keeps its ring full.
     */
    private void fetch(final RxQueue queue, final int head, final int available) {
        final int size = queue.size;
        final int count = Math.min(available, RxQueue.CACHE_SIZE);
        counters.descriptorFetches += head + count > size ? 2 : 1;
        int index = head;
        for (int k = 0; k < count; k++) {
            final long descriptor = queue.ringOffset + Descriptor.offset(index);
            final long address = RawMemory.qword(memoryBase + descriptor + Descriptor.QWORD0);
            if (audit) {
                auditDescriptor(queue, index, descriptor, address);
            }
            queue.cache[k] = address;
            index = index + 1 == size ? 0 : index + 1;
        }
        queue.cacheFirst = 0;
        queue.cached = count;
        counters.descriptorsRead += count;
        counters.dmaBytesRead += (long) count * Descriptor.SIZE;
    }

    /** Copies bytes [from, from + chunk) of frame-then-FCS to host memory at address {@code target}. */
    private static void copyChunk(final long frame, final int length, final int fcs, final int from, final int chunk,
                                  final long target) {
        final int fromFrame = Math.max(0, Math.min(chunk, length - from));
        if (fromFrame > 0) {
            RawMemory.copy(frame + from, target, fromFrame);
        }
        for (int i = fromFrame; i < chunk; i++) { // FCS bytes, least significant first
            RawMemory.setU8(target + i, fcs >>> (8 * (from + i - length)));
        }
    }

    /** 8.2.3.10.13 RQSMR: queue q's statistics slot is byte q % 4 of RQSMR(q / 4). */
    private int statisticsSlot(final int q) {
        return (regs.plain(Regs.RQSMR(q >>> 2)) >>> ((q & 3) << 3)) & 0xF;
    }

    // ---- L2 filter (datasheet 7.1.1.1) -------------------------------------------------------

    private static final int UNICAST = 0;
    private static final int MULTICAST = 1;
    private static final int BROADCAST = 2;

    private static int destinationKind(final long frame) {
        if ((RawMemory.u8(frame) & 1) == 0) {
            return UNICAST;
        }
        return RawMemory.u32le(frame) == -1 && RawMemory.u16le(frame + 4) == 0xFFFF ? BROADCAST : MULTICAST;
    }

    /**
     * Unicast: UPE, or the destination matches a valid receive address (RAL/RAH with AV).
     * Multicast: MPE, or the MTA bit chosen by destination bits 47:36 (MCSTCTRL.MO = 00b).
     * Broadcast: BAM or MPE.
     */
    private boolean accepted(final int kind, final long frame) {
        final int fctrl = this.fctrl;
        if (kind == BROADCAST) {
            return (fctrl & (Regs.FCTRL_.BAM | Regs.FCTRL_.MPE)) != 0;
        }
        if (kind == MULTICAST) {
            if ((fctrl & Regs.FCTRL_.MPE) != 0) {
                return true;
            }
            final int byte4 = RawMemory.u8(frame + 4);
            final int byte5 = RawMemory.u8(frame + 5);
            final int hash = ((byte4 >>> 4) | (byte5 << 4)) & 0xFFF;
            return (regs.plain(Regs.MTA(hash >>> 5)) & (1 << (hash & 31))) != 0;
        }
        if ((fctrl & Regs.FCTRL_.UPE) != 0) {
            return true;
        }
        final int low = RawMemory.u32le(frame);
        final int high = RawMemory.u16le(frame + 4);
        for (int n = 0; n < 128; n++) {
            final int rah = regs.plain(Regs.RAH(n));
            if ((rah & Regs.RAH_.AV) != 0 && (rah & 0xFFFF) == high && regs.plain(Regs.RAL(n)) == low) {
                return true;
            }
        }
        return false;
    }

    // ---- Strict-mode support ----------------------------------------------------------------

    /**
     * {@link FaultKind#DESCRIPTOR_CHANGED_WHILE_OWNED}: the descriptor must be as the doorbell that
     * handed it over left it.
     */
    private void auditDescriptor(final RxQueue queue, final int index, final long descriptor, final long word0) {
        final long word1 = RawMemory.qword(memoryBase + descriptor + Descriptor.QWORD1);
        if (queue.changedSinceDoorbell(index, word0, word1)) {
            if (faults.occurred(FaultKind.DESCRIPTOR_CHANGED_WHILE_OWNED)) {
                faults.keep(FaultKind.DESCRIPTOR_CHANGED_WHILE_OWNED, queue.describeChange("receive", index, word0, word1));
            }
        }
    }

    void reset() {
        for (final RxQueue queue : queues) {
            queue.reset();
        }
        touchedCount = 0;
        pendingCount = 0;
        steeredQueue = 0;
        packetBuffer.clear();
        settingsSeen = -1;
        if (pausing) {
            pausing = false;
            wire.pause(false);
        }
    }
}
