package nicharness.testbed;

import static nicharness.ixgbe.Descriptor.QWORD;
import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import nicharness.driver.Port;
import nicharness.env.MemoryRegisterSpace;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.RegisterWait;
import nicharness.ixgbe.Regs;
import nicharness.testing.BoundedList;

/**
 * One 82599 port played by hand, for a driver's unit tests: it does to the rings what the card's
 * DMA engines would, when the test says so, on the test's thread, so a test can check exact
 * descriptor and register contents without the software 82599.
 *
 * <p>What it models, in the datasheet's words:
 * <ul>
 * <li>BAR0 as storage: a register reads back what was last written (so an ENABLE bit reads set at
 *     once), from 0 except the reset values drivers read-modify-write (SRRCTL 0x402, DCA_RXCTRL bit
 *     12) and the status a ready card reports (LINKS: link up at 10 Gb/s; SECRXSTAT.SECRX_RDY).
 *     SRRCTL and DCA_RXCTRL of queues 0-15 also answer at their aliases (8.2.3.8.7, 8.2.3.11.1).
 * <li>Receive queue 0: {@link #receive} writes a frame into the buffer of the descriptor at RDH, if
 *     the card owns it (RDH != RDT; otherwise the frame is dropped, as with SRRCTL.DROP_EN), writes
 *     the descriptor back with DD and EOP in the format SRRCTL.DESCTYPE names (legacy, 7.1.5: qword1
 *     only; advanced one-buffer, 7.1.6: both qwords) and moves RDH. A descriptor handed to the card
 *     with DD set (advanced: any header address) fails the test.
 * <li>Transmit queues: the engine fetches the descriptors from TDH to TDT and moves TDH, sends the
 *     frame of each that is not null, and reports each with RS done: by head write-back when
 *     TDWBAL.HEAD_WB_EN is set (the new head, at the TDWBAL/TDWBAH address), otherwise by setting DD
 *     in the descriptor, as with TXDCTL.WTHRESH = 0. Data descriptors are legacy (7.2.3.2.2) or
 *     advanced (7.2.3.2.4), one whole frame each; any other fails the test. The engine runs on every
 *     TDT write ({@link Transmit#ON_TAIL_WRITE}) unless its queue is {@linkplain #hold held}, or when
 *     the test calls {@link #transmit} ({@link Transmit#BY_HAND}); {@link #fetch} and
 *     {@link #writeBack} split a transmission, so a test can report completion late or out of order.
 *     A TDH write (the driver resetting its queue) forgets what was fetched and not reported.
 * <li>Records: every frame each transmit queue sent, and, once {@linkplain #recordTailWrites asked},
 *     every RDT and TDT write, each bounded so that a runaway driver fails the test.
 * </ul>
 *
 * <p>What it does not model: time and the wire; receive queues other than 0; frames spanning
 * descriptors; the write-back fields besides length, DD and EOP (checksums, packet type, RSS);
 * the descriptor thresholds (PTHRESH, HTHRESH, WTHRESH batching); the packet buffers, statistics
 * and interrupts; what a write to a control register does beyond being stored (CTRL.RST resets
 * nothing, RXDCTL.ENABLE starts nothing). The software 82599 ({@code nic-model}) models those.
 * Single-threaded: the test thread plays the driver and the card in turn. {@link #receive(int, byte)},
 * {@link #fetch} and {@link #writeBack(int)} allocate nothing, for the drivers' allocation tests.
 */
public final class ScriptedNic {
    /** When the transmit engines send what the driver placed. */
    public enum Transmit {
        /** At every TDT write, as the software 82599 in synchronous mode; {@link #hold} pauses a queue. */
        ON_TAIL_WRITE,
        /** Only when the test calls {@link #transmit} or {@link #fetch}: every queue starts held. */
        BY_HAND
    }

    /** The one receive queue played. */
    private static final int RECEIVE_QUEUE = 0;
    /** SRRCTL reset value (8.2.3.8.7): BSIZEPACKET 2 KiB, BSIZEHEADER 4 x 64 bytes. */
    private static final int SRRCTL_RESET = 0x402;
    /** The receive queues whose SRRCTL and DCA_RXCTRL also answer at an alias. */
    private static final int ALIASED_QUEUES = 16;
    /** RS (qword1 bit 27) and DD (bit 32) are at the same place in legacy and advanced transmit descriptors. */
    private static final long RS = AdvancedTxDescriptor.RS;
    private static final long DD = AdvancedTxDescriptor.DD;

    private final SimulatedDmaMemory memory;
    private final MemoryRegisterSpace storage = new MemoryRegisterSpace(Arena.ofAuto().allocate(Regs.BAR0_SIZE, 4096));
    private final RegisterSpace bar0 = new Bar0();
    private final Port port;
    private final boolean[] held = new boolean[Regs.QUEUE_COUNT];
    /** Per transmit queue, the first descriptor fetched and not yet reported done. */
    private final int[] unreported = new int[Regs.QUEUE_COUNT];
    private final List<BoundedList<byte[]>> sent = new ArrayList<>();
    private BoundedList<Integer> receiveTailWrites;
    private List<BoundedList<Integer>> transmitTailWrites;

    /**
     * A card in reset, whose BAR0 is port {@code index} of a driver's set-up.
     *
     * @param memory   the host memory its DMA reads and writes
     * @param index    the port number it has in {@link #port()}
     * @param transmit when its transmit engines send
     */
    public ScriptedNic(final SimulatedDmaMemory memory, final int index, final Transmit transmit) {
        this.memory = memory;
        this.port = new Port(index, bar0);
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            storage.write(Regs.SRRCTL(q), SRRCTL_RESET);
            storage.write(Regs.DCA_RXCTRL(q), Regs.DCA_RXCTRL_.RESERVED_12);
            held[q] = transmit == Transmit.BY_HAND;
            sent.add(new BoundedList<>("frames sent by transmit queue " + q, BoundedList.DEFAULT_CAPACITY));
        }
        storage.write(Regs.LINKS, Regs.LINKS_.LINK_UP | Regs.LINKS_.LINK_SPEED);
        storage.write(Regs.SECRXSTAT, Regs.SECRXSTAT_.SECRX_RDY);
    }

    /** The card's BAR0, as its driver reads and writes it. */
    public RegisterSpace registers() {
        return bar0;
    }

    /** The card as a port of a driver's set-up. */
    public Port port() {
        return port;
    }

    /** Waits on this card's registers, which read back at once. */
    public RegisterWait waits() {
        return new RegisterWait(bar0, "scripted card, port " + port.index());
    }

    // ---- Receive ---------------------------------------------------------------------------

    /**
     * Receives {@code frame} into the descriptor at RDH, if the card owns it.
     *
     * @return false when RDH == RDT: the card has no descriptor and drops the frame
     */
    public boolean receive(final byte[] frame) {
        if (ownsNoReceiveDescriptor()) {
            return false;
        }
        MemorySegment.copy(frame, 0, memory.segment(), ValueLayout.JAVA_BYTE, receiveBuffer(frame.length), frame.length);
        writeBackReceive(frame.length);
        return true;
    }

    /**
     * Receives a frame of {@code length} bytes, each {@code fill}, into the descriptor at RDH, if the
     * card owns it. Allocates nothing.
     *
     * @return false when RDH == RDT: the card has no descriptor and drops the frame
     */
    public boolean receive(final int length, final byte fill) {
        if (ownsNoReceiveDescriptor()) {
            return false;
        }
        final long buffer = receiveBuffer(length);
        for (int i = 0; i < length; i++) {
            memory.segment().set(ValueLayout.JAVA_BYTE, buffer + i, fill);
        }
        writeBackReceive(length);
        return true;
    }

    private boolean ownsNoReceiveDescriptor() {
        return storage.read(Regs.RDH(RECEIVE_QUEUE)) == storage.read(Regs.RDT(RECEIVE_QUEUE));
    }

    /** The offset in host memory of the buffer of the descriptor at RDH, checked as the card owns it. */
    private long receiveBuffer(final int length) {
        final int head = storage.read(Regs.RDH(RECEIVE_QUEUE));
        final long descriptor = receiveDescriptor(head);
        final long qword1 = (long) QWORD.get(memory.segment(), descriptor + QWORD1);
        if (advancedReceive() ? qword1 != 0 : LegacyRxDescriptor.done(qword1)) {
            throw new AssertionError("receive descriptor " + head + " was handed to the card with qword1 0x"
                    + Long.toHexString(qword1) + (advancedReceive() ? " (header address and DD must be 0)" : " (DD set)"));
        }
        final int bufferSize = Regs.field(storage.read(Regs.SRRCTL(RECEIVE_QUEUE)), Regs.SRRCTL_.BSIZEPACKET) * 1024;
        if (length > bufferSize) {
            throw new IllegalArgumentException("a frame of " + length + " bytes does not fit one " + bufferSize
                    + "-byte buffer; frames spanning descriptors are not modelled");
        }
        return memory.checkedOffset((long) QWORD.get(memory.segment(), descriptor + QWORD0), length);
    }

    /** Writes the descriptor at RDH back, after the frame's bytes, and moves RDH past it. */
    private void writeBackReceive(final int length) {
        final int head = storage.read(Regs.RDH(RECEIVE_QUEUE));
        final long descriptor = receiveDescriptor(head);
        if (advancedReceive()) {
            QWORD.set(memory.segment(), descriptor + QWORD0, 0L); // the advanced write-back overwrites both words
            QWORD.setRelease(memory.segment(), descriptor + QWORD1, AdvancedRxDescriptor.writeBack(length, true));
        } else {
            QWORD.setRelease(memory.segment(), descriptor + QWORD1, LegacyRxDescriptor.writeBack(length, true));
        }
        storage.write(Regs.RDH(RECEIVE_QUEUE), (head + 1) % receiveRingSize());
    }

    private boolean advancedReceive() {
        final int type = Regs.field(storage.read(Regs.SRRCTL(RECEIVE_QUEUE)), Regs.SRRCTL_.DESCTYPE);
        if (type != Regs.SRRCTL_.DESCTYPE_LEGACY && type != Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER) {
            throw new IllegalStateException("SRRCTL.DESCTYPE " + type + " is not modelled: legacy or advanced one-buffer");
        }
        return type == Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER;
    }

    private int receiveRingSize() {
        return storage.read(Regs.RDLEN(RECEIVE_QUEUE)) / Descriptor.SIZE;
    }

    private long receiveDescriptor(final int slot) {
        return memory.checkedOffset(address(Regs.RDBAL(RECEIVE_QUEUE), Regs.RDBAH(RECEIVE_QUEUE)) + Descriptor.offset(slot),
                Descriptor.SIZE);
    }

    /** The receive ring, at RDBAL/RDBAH, RDLEN bytes long. */
    public MemorySegment receiveRing() {
        return memory.resolve(address(Regs.RDBAL(RECEIVE_QUEUE), Regs.RDBAH(RECEIVE_QUEUE)),
                storage.read(Regs.RDLEN(RECEIVE_QUEUE)));
    }

    /** {@code word} ({@link Descriptor#QWORD0} or {@link Descriptor#QWORD1}) of receive descriptor {@code slot}. */
    public long receiveQword(final int slot, final long word) {
        return (long) QWORD.get(memory.segment(), receiveDescriptor(slot) + word);
    }

    /** RDT: the receive descriptor the driver last gave back, which the card does not own. */
    public int receiveTail() {
        return storage.read(Regs.RDT(RECEIVE_QUEUE));
    }

    // ---- Transmit --------------------------------------------------------------------------

    /**
     * Runs the engine of transmit queue {@code queue} up to TDT, held or not: fetches every
     * descriptor from TDH, sends the frame of each that is not null, and reports those with RS done.
     *
     * @return the frames sent, in order (also added to {@link #sent})
     */
    public List<byte[]> transmit(final int queue) {
        final int first = storage.read(Regs.TDH(queue));
        final int fetched = fetch(queue);
        final List<byte[]> frames = new ArrayList<>(fetched);
        for (int i = 0; i < fetched; i++) {
            final long descriptor = transmitDescriptor(queue, (first + i) % transmitRingSize(queue));
            // The length is qword1's low 16 bits in both formats; 0 is a legacy null descriptor.
            final int length = AdvancedTxDescriptor.length((long) QWORD.get(memory.segment(), descriptor + QWORD1));
            if (length != 0) {
                final long buffer = memory.checkedOffset((long) QWORD.get(memory.segment(), descriptor + QWORD0), length);
                frames.add(memory.segment().asSlice(buffer, length).toArray(ValueLayout.JAVA_BYTE));
                sent.get(queue).add(frames.getLast());
            }
        }
        writeBack(queue);
        return frames;
    }

    /**
     * The first half of {@link #transmit}: fetches every descriptor of {@code queue} from TDH up to
     * TDT and moves TDH past them, without reading their frames or reporting them done (see
     * {@link #writeBack}). Allocates nothing.
     *
     * @return how many descriptors were fetched
     */
    public int fetch(final int queue) {
        if (storage.read(Regs.TDLEN(queue)) == 0) {
            return 0; // no ring yet
        }
        final int tail = storage.read(Regs.TDT(queue));
        int head = storage.read(Regs.TDH(queue));
        int fetched = 0;
        while (head != tail) {
            checkOneFrame(queue, head, (long) QWORD.get(memory.segment(), transmitDescriptor(queue, head) + QWORD1));
            head = (head + 1) % transmitRingSize(queue);
            fetched++;
        }
        storage.write(Regs.TDH(queue), head);
        return fetched;
    }

    /** Fails the test unless {@code qword1} is a data descriptor of one whole frame (or a legacy null one). */
    private static void checkOneFrame(final int queue, final int slot, final long qword1) {
        final boolean advanced = (qword1 & AdvancedTxDescriptor.DEXT) != 0;
        final long expected = advanced
                ? AdvancedTxDescriptor.command(AdvancedTxDescriptor.length(qword1), false)
                : LegacyTxDescriptor.command(LegacyTxDescriptor.length(qword1), false);
        if ((qword1 & ~RS) != expected) {
            throw new AssertionError("transmit descriptor " + slot + " of queue " + queue + ": qword1 0x"
                    + Long.toHexString(qword1) + " is not a " + (advanced ? "advanced" : "legacy")
                    + " data descriptor of one whole frame (expected 0x" + Long.toHexString(expected) + ", RS optional)");
        }
    }

    /**
     * The second half of {@link #transmit}: reports done every descriptor of {@code queue} fetched
     * and not yet reported that has RS, by head write-back or by DD. Allocates nothing.
     */
    public void writeBack(final int queue) {
        final int head = storage.read(Regs.TDH(queue));
        for (int slot = unreported[queue]; slot != head; slot = (slot + 1) % transmitRingSize(queue)) {
            final long descriptor = transmitDescriptor(queue, slot);
            final long qword1 = (long) QWORD.get(memory.segment(), descriptor + QWORD1);
            if ((qword1 & RS) == 0) {
                continue;
            }
            if (headWriteBack(queue)) {
                writeBackHead(queue, (slot + 1) % transmitRingSize(queue));
            } else {
                QWORD.setRelease(memory.segment(), descriptor + QWORD1, qword1 | DD);
            }
        }
        unreported[queue] = head;
    }

    /**
     * Reports descriptor {@code slot} of {@code queue} done alone, out of the card's order: the
     * test's script, for a driver that must not trust a DD it did not ask for. The descriptor must
     * have RS, and the queue report by descriptor write-back.
     */
    public void writeBack(final int queue, final int slot) {
        final long descriptor = transmitDescriptor(queue, slot);
        final long qword1 = (long) QWORD.get(memory.segment(), descriptor + QWORD1);
        if ((qword1 & RS) == 0 || headWriteBack(queue)) {
            throw new IllegalStateException("the card writes DD back only into descriptors with RS, and only without"
                    + " head write-back: queue " + queue + ", slot " + slot + ", qword1 0x" + Long.toHexString(qword1));
        }
        QWORD.setRelease(memory.segment(), descriptor + QWORD1, qword1 | DD);
    }

    private boolean headWriteBack(final int queue) {
        return (storage.read(Regs.TDWBAL(queue)) & Regs.TDWBAL_.HEAD_WB_EN) != 0;
    }

    /** The head write-back of {@code queue}: the 32-bit {@code head} at the TDWBAL/TDWBAH address. */
    private void writeBackHead(final int queue, final int head) {
        final long address = address(Regs.TDWBAL(queue), Regs.TDWBAH(queue)) & Regs.TDWBAL_.HEAD_WB_LOW;
        Descriptor.DWORD.setRelease(memory.segment(), memory.checkedOffset(address, 4), head);
    }

    /** Holds the engine of {@code queue} back: TDT writes leave its descriptors waiting. */
    public void hold(final int queue) {
        held[queue] = true;
    }

    /** Lets the engine of {@code queue} go: it sends what waits, and then at every TDT write. */
    public void release(final int queue) {
        held[queue] = false;
        transmit(queue);
    }

    private int transmitRingSize(final int queue) {
        return storage.read(Regs.TDLEN(queue)) / Descriptor.SIZE;
    }

    private long transmitDescriptor(final int queue, final int slot) {
        return memory.checkedOffset(address(Regs.TDBAL(queue), Regs.TDBAH(queue)) + Descriptor.offset(slot), Descriptor.SIZE);
    }

    /** The ring of transmit queue {@code queue}, at TDBAL/TDBAH, TDLEN bytes long. */
    public MemorySegment transmitRing(final int queue) {
        return memory.resolve(address(Regs.TDBAL(queue), Regs.TDBAH(queue)), storage.read(Regs.TDLEN(queue)));
    }

    /** {@code word} ({@link Descriptor#QWORD0} or {@link Descriptor#QWORD1}) of descriptor {@code slot} of {@code queue}. */
    public long transmitQword(final int queue, final int slot, final long word) {
        return (long) QWORD.get(memory.segment(), transmitDescriptor(queue, slot) + word);
    }

    /** TDT of {@code queue}: where the driver's next descriptor goes. */
    public int transmitTail(final int queue) {
        return storage.read(Regs.TDT(queue));
    }

    /** Every frame transmit queue {@code queue} sent, oldest first (a copy). */
    public List<byte[]> sent(final int queue) {
        return sent.get(queue).items();
    }

    // ---- Tail writes -----------------------------------------------------------------------

    /** Records every RDT and TDT write from now on, forgetting those recorded so far. */
    public void recordTailWrites() {
        receiveTailWrites = new BoundedList<>("RDT writes", BoundedList.DEFAULT_CAPACITY);
        transmitTailWrites = new ArrayList<>();
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            transmitTailWrites.add(new BoundedList<>("TDT(" + q + ") writes", BoundedList.DEFAULT_CAPACITY));
        }
    }

    /** The values written to RDT of receive queue 0 since {@link #recordTailWrites}, oldest first. */
    public List<Integer> receiveTailWrites() {
        checkRecording();
        return receiveTailWrites.items();
    }

    /** The values written to TDT of {@code queue} since {@link #recordTailWrites}, oldest first. */
    public List<Integer> transmitTailWrites(final int queue) {
        checkRecording();
        return transmitTailWrites.get(queue).items();
    }

    private void checkRecording() {
        if (receiveTailWrites == null) {
            throw new IllegalStateException("tail writes are recorded only after recordTailWrites()");
        }
    }

    private long address(final int low, final int high) {
        return ((long) storage.read(high) << 32) | (storage.read(low) & 0xFFFF_FFFFL);
    }

    /** Where the register an offset names is stored: the aliases of queues 0-15 name their per-queue form. */
    private static int storageOffset(final int offset) {
        if (offset >= Regs.SRRCTL_ALIAS(0) && offset <= Regs.SRRCTL_ALIAS(ALIASED_QUEUES - 1)) {
            return Regs.SRRCTL((offset - Regs.SRRCTL_ALIAS(0)) / 4);
        }
        if (offset >= Regs.DCA_RXCTRL_ALIAS(0) && offset <= Regs.DCA_RXCTRL_ALIAS(ALIASED_QUEUES - 1)) {
            return Regs.DCA_RXCTRL((offset - Regs.DCA_RXCTRL_ALIAS(0)) / 4);
        }
        return offset;
    }

    /** The transmit queue whose {@code register} (TDT or TDH) is at {@code offset}, or -1. */
    private static int transmitQueueAt(final int offset, final IntUnaryOperator register) {
        final int queue = (offset - register.applyAsInt(0)) / 0x40;
        return offset >= register.applyAsInt(0) && queue < Regs.QUEUE_COUNT && register.applyAsInt(queue) == offset
                ? queue : -1;
    }

    /** BAR0 as the driver sees it: storage, plus what the card does on a tail or head write. */
    private final class Bar0 implements RegisterSpace {
        @Override
        public int read(final int offset) {
            return storage.read(storageOffset(offset));
        }

        @Override
        public void write(final int offset, final int value) {
            storage.write(storageOffset(offset), value);
            if (offset == Regs.RDT(RECEIVE_QUEUE)) {
                if (receiveTailWrites != null) {
                    receiveTailWrites.add(value);
                }
                return;
            }
            final int tail = transmitQueueAt(offset, Regs::TDT);
            if (tail >= 0) {
                if (transmitTailWrites != null) {
                    transmitTailWrites.get(tail).add(value);
                }
                if (!held[tail]) {
                    transmit(tail);
                }
                return;
            }
            final int head = transmitQueueAt(offset, Regs::TDH);
            if (head >= 0) {
                unreported[head] = value;
            }
        }

        @Override
        public long size() {
            return storage.size();
        }
    }
}
