package nicharness.model;

import java.lang.foreign.MemorySegment;
import nicharness.env.DmaFaultException;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.Regs;

/**
 * What the card does with a descriptor ring when the driver enables its queue and when it moves
 * its tail, whichever way the model learns of the write: intercepted by the register view
 * ({@link ModelRegisters}) or seen in the file an outside driver writes
 * ({@link FileBackedRegisters}). Enabling fixes the ring (4.6.7.1, 4.6.8) and snapshots what the
 * driver handed over for the audit; in strict mode every tail move is checked against the rules of
 * {@code nic-model/README.md}, "Strict mode" (the tail's range, its head, and what an RDT write
 * hands the card).
 */
final class RingRules {
    private final RegisterFile file;
    private final SimulatedDmaMemory host;
    private final Faults faults;
    private final TransmitEngine tx;
    private final ConflictDetector conflicts;
    private final boolean strict;
    private final boolean audit;
    /** Reads of a queue's ENABLE bit before it reads back 1 (settle delay test hook). */
    private final int settleReads;

    RingRules(final PortState state, final TransmitEngine tx, final ConflictDetector conflicts, final int settleReads) {
        this.file = state.file();
        this.host = state.host();
        this.faults = state.faults();
        this.tx = tx;
        this.conflicts = conflicts;
        this.strict = state.strict();
        this.audit = state.audit();
        this.settleReads = settleReads;
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
        tx.queuesChanged();
    }

    /** Records the ring of a queue being enabled, with the audit's snapshot of what [head, tail) holds. */
    private void fixRing(final DescriptorQueue queue, final String direction, final int baseHigh, final int baseLow,
                         final int length, final int head, final int tail) {
        final long base = ringBase(baseHigh, baseLow);
        final long ringOffset = checkRing(direction, queue.index, base, length);
        queue.ringAddress = base;
        queue.size = length / Descriptor.SIZE;
        queue.ringOffset = ringOffset;
        queue.snapshot = audit && ringOffset >= 0 ? new long[2 * queue.size] : null;
        queue.enableSeen = false;
        queue.enableReadsLeft = settleReads;
        queue.lastSeenTail = tail;
        if (tail < queue.size && head < queue.size) {
            queue.snapshot(host.segment(), head, tail);
        }
    }

    private static long ringBase(final int high, final int low) {
        return ((long) high << 32) | (low & 0xFFFFFFFFL);
    }

    /** The ring's offset in host memory, or -1 (with a fault) if the engines cannot use it. */
    private long checkRing(final String direction, final int q, final long base, final int length) {
        final String where = String.format("direction=%s queue=%d base=0x%x length=%d", direction, q, base, length);
        if (strict && (length == 0 || length % Descriptor.RING_ALIGNMENT != 0 || length > 128 * 1024 || length < 0)) {
            if (faults.occurred(FaultKind.BAD_RING_LENGTH)) {
                faults.keep(FaultKind.BAD_RING_LENGTH, where);
            }
        }
        if (strict && base % Descriptor.RING_ALIGNMENT != 0) {
            if (faults.occurred(FaultKind.BAD_RING_ALIGNMENT)) {
                faults.keep(FaultKind.BAD_RING_ALIGNMENT, where);
            }
        }
        if (base % Descriptor.SIZE != 0) {
            // The engines read and write descriptor words with aligned accesses (RawMemory); the
            // card ignores RDBAL/TDBAL bits 6:0, so no working driver writes such a base.
            if (faults.occurred(FaultKind.QUEUE_MISCONFIGURED)) {
                faults.keep(FaultKind.QUEUE_MISCONFIGURED, where + ": the engines cannot use a ring not aligned to "
                        + Descriptor.SIZE + " bytes");
            }
            return -1;
        }
        if (length <= 0 || length % Descriptor.SIZE != 0) {
            if (!strict) { // in strict mode BAD_RING_LENGTH already said so
                if (faults.occurred(FaultKind.QUEUE_MISCONFIGURED)) {
                    faults.keep(FaultKind.QUEUE_MISCONFIGURED, where + ": the engines cannot use a ring of this length");
                }
            }
            return -1;
        }
        try {
            return host.checkedOffset(base, length);
        } catch (final DmaFaultException e) {
            if (faults.occurred(FaultKind.DMA_OUT_OF_BOUNDS)) {
                faults.keep(FaultKind.DMA_OUT_OF_BOUNDS, where + ": " + e.getMessage());
            }
            return -1;
        }
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
        final MemorySegment memory = host.segment();
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
            if ((word1 & done) != 0 && faults.occurred(FaultKind.RECEIVE_DESCRIPTOR_STILL_DONE)) {
                faults.keep(FaultKind.RECEIVE_DESCRIPTOR_STILL_DONE, String.format(
                        "register=RDT queue=%d descriptor=%d qword1=0x%016x oldTail=%d newTail=%d head=%d format=%s",
                        queue.index, i, word1, old, tail, head, legacy ? "legacy" : "advanced"));
            }
            // Every descriptor the card owns after this write, before this one: [head, i).
            for (int j = head; j != i; j = j + 1 == size ? 0 : j + 1) {
                final long other = (long) Descriptor.QWORD.get(memory, queue.ringOffset + Descriptor.offset(j)
                        + Descriptor.QWORD0);
                if (other == buffer) {
                    if (faults.occurred(FaultKind.RECEIVE_BUFFER_GIVEN_TWICE)) {
                        faults.keep(FaultKind.RECEIVE_BUFFER_GIVEN_TWICE, String.format(
                                "register=RDT queue=%d descriptor=%d alsoDescriptor=%d bufferAddress=0x%x oldTail=%d "
                                        + "newTail=%d head=%d", queue.index, i, j, buffer, old, tail, head));
                    }
                    break;
                }
            }
            conflicts.atReceiveTail(buffer, queue, i, old, tail);
        }
    }

    void checkTail(final String name, final int q, final boolean enableSeen, final boolean enabled,
                           final int size, final int old, final int tail, final int head) {
        if (tail != old && !enableSeen) {
            // INTERPRETATION: writing the value the tail already has (ixy writes TDT = 0 before
            // enabling) moves nothing, so only a changing tail needs ENABLE read back first.
            if (faults.occurred(FaultKind.TAIL_BEFORE_ENABLE)) {
                faults.keep(FaultKind.TAIL_BEFORE_ENABLE, String.format("register=%s queue=%d oldTail=%d newTail=%d",
                        name, q, old, tail));
            }
        }
        if (!enabled || size == 0) {
            return;
        }
        if (tail >= size) {
            if (faults.occurred(FaultKind.TAIL_OUT_OF_RING)) {
                faults.keep(FaultKind.TAIL_OUT_OF_RING, String.format("register=%s queue=%d tail=%d size=%d",
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
            if (faults.occurred(FaultKind.TAIL_PASSED_HEAD)) {
                faults.keep(FaultKind.TAIL_PASSED_HEAD, String.format(
                        "register=%s queue=%d oldTail=%d newTail=%d head=%d size=%d (moved %d, at most %d allowed)",
                        name, q, old, tail, head, size, moved, allowed));
            }
        }
    }
}
