package nicharness.ixy;

import static nicharness.ixgbe.Descriptor.QWORD;
import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import nicharness.env.MemoryRegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.RegisterWait;
import nicharness.ixgbe.Regs;

/**
 * The card's side of queue 0, played by hand on plain memory: registers are storage (so ENABLE
 * reads back at once), the test decides when a frame arrives and when a transmit descriptor is
 * done. Lets the queue tests check exact descriptor and register contents, independently of the
 * software 82599. Allocation-free after construction, for the allocation tests.
 */
final class HandPlayedNic {
    final SimulatedDmaMemory memory;
    final MemoryRegisterSpace registers;
    private int rxHead;
    private int txHead;
    private int txDone;

    HandPlayedNic(final SimulatedDmaMemory memory) {
        this.memory = memory;
        this.registers = new MemoryRegisterSpace(Arena.ofAuto().allocate(Regs.BAR0_SIZE, 4096));
        registers.write(Regs.LINKS, Regs.LINKS_.LINK_UP | Regs.LINKS_.LINK_SPEED);
        // Reset value, 2 KiB packet buffers; plain memory has no aliases, so set both forms.
        registers.write(Regs.SRRCTL(0), 0x402);
        registers.write(Regs.SRRCTL_ALIAS(0), 0x402);
    }

    /** Waits on this card's registers, which read back at once. */
    RegisterWait waits() {
        return new RegisterWait(registers, "hand-played card");
    }

    int rxRingSize() {
        return registers.read(Regs.RDLEN(0)) / Descriptor.SIZE;
    }

    int txRingSize() {
        return registers.read(Regs.TDLEN(0)) / Descriptor.SIZE;
    }

    private long rxRing() {
        return address(Regs.RDBAL(0), Regs.RDBAH(0));
    }

    private long txRing() {
        return address(Regs.TDBAL(0), Regs.TDBAH(0));
    }

    private long address(final int low, final int high) {
        return ((long) registers.read(high) << 32) | (registers.read(low) & 0xFFFF_FFFFL);
    }

    /** Byte offset in host memory of descriptor {@code index} of the ring at {@code ring}. */
    long descriptor(final long ring, final int index) {
        return memory.checkedOffset(ring + Descriptor.offset(index), Descriptor.SIZE);
    }

    long rxQword(final int index, final long word) {
        return (long) QWORD.get(memory.segment(), descriptor(rxRing(), index) + word);
    }

    long txQword(final int index, final long word) {
        return (long) QWORD.get(memory.segment(), descriptor(txRing(), index) + word);
    }

    /**
     * Receives a frame of {@code length} bytes, each byte {@code fill}, as the card would (7.1.6
     * advanced write-back). Returns false, as a full ring with DROP_EN does, when RDH == RDT.
     */
    boolean receive(final int length, final byte fill) {
        if (rxHead == registers.read(Regs.RDT(0))) {
            return false;
        }
        final MemorySegment host = memory.segment();
        final long descriptor = descriptor(rxRing(), rxHead);
        final long buffer = (long) QWORD.get(host, descriptor + QWORD0);
        host.asSlice(memory.checkedOffset(buffer, length), length).fill(fill);
        QWORD.set(host, descriptor + QWORD0, 0L);
        QWORD.setRelease(host, descriptor + QWORD1, AdvancedRxDescriptor.writeBack(length, true));
        rxHead = (rxHead + 1) % rxRingSize();
        registers.write(Regs.RDH(0), rxHead);
        return true;
    }

    /** Receives {@code frame}; false when the ring is full (RDH == RDT). */
    boolean receive(final byte[] frame) {
        if (rxHead == registers.read(Regs.RDT(0))) {
            return false;
        }
        final MemorySegment host = memory.segment();
        final long descriptor = descriptor(rxRing(), rxHead);
        final long buffer = (long) QWORD.get(host, descriptor + QWORD0);
        MemorySegment.copy(frame, 0, host, ValueLayout.JAVA_BYTE, memory.checkedOffset(buffer, frame.length), frame.length);
        QWORD.set(host, descriptor + QWORD0, 0L);
        QWORD.setRelease(host, descriptor + QWORD1, AdvancedRxDescriptor.writeBack(frame.length, true));
        rxHead = (rxHead + 1) % rxRingSize();
        return true;
    }

    /** Fetches every descriptor up to TDT, writes DD back on all, and returns the frames sent. */
    List<byte[]> transmitFrames() {
        final List<byte[]> frames = new ArrayList<>();
        final MemorySegment host = memory.segment();
        final int tail = registers.read(Regs.TDT(0));
        while (txHead != tail) {
            final long descriptor = descriptor(txRing(), txHead);
            final long address = (long) QWORD.get(host, descriptor + QWORD0);
            final int length = AdvancedTxDescriptor.length((long) QWORD.get(host, descriptor + QWORD1));
            frames.add(host.asSlice(memory.checkedOffset(address, length), length).toArray(ValueLayout.JAVA_BYTE));
            txHead = (txHead + 1) % txRingSize();
        }
        registers.write(Regs.TDH(0), txHead);
        writeBackTransmit();
        return frames;
    }

    /** Receives without slicing (allocation-free): the frame bytes are whatever the buffer holds. */
    boolean receiveLength(final int length) {
        if (rxHead == registers.read(Regs.RDT(0))) {
            return false;
        }
        final MemorySegment host = memory.segment();
        final long descriptor = descriptor(rxRing(), rxHead);
        QWORD.set(host, descriptor + QWORD0, 0L);
        QWORD.setRelease(host, descriptor + QWORD1, AdvancedRxDescriptor.writeBack(length, true));
        rxHead = (rxHead + 1) % rxRingSize();
        return true;
    }

    /** Fetches every descriptor up to TDT, without writing anything back; returns how many. */
    int fetchTransmit() {
        final int tail = registers.read(Regs.TDT(0));
        int fetched = 0;
        while (txHead != tail) {
            txHead = (txHead + 1) % txRingSize();
            fetched++;
        }
        registers.write(Regs.TDH(0), txHead);
        return fetched;
    }

    /** Writes DD back on every fetched descriptor not yet written back (as WTHRESH would, late). */
    void writeBackTransmit() {
        final MemorySegment host = memory.segment();
        while (txDone != txHead) {
            final long descriptor = descriptor(txRing(), txDone);
            QWORD.setRelease(host, descriptor + QWORD1, (long) QWORD.get(host, descriptor + QWORD1) | AdvancedTxDescriptor.DD);
            txDone = (txDone + 1) % txRingSize();
        }
    }

    /** Writes DD back on descriptor {@code index} alone. */
    void writeBackTransmit(final int index) {
        final MemorySegment host = memory.segment();
        final long descriptor = descriptor(txRing(), index);
        QWORD.setRelease(host, descriptor + QWORD1, (long) QWORD.get(host, descriptor + QWORD1) | AdvancedTxDescriptor.DD);
    }

    /** Fetches and writes back everything up to TDT; returns how many. */
    int transmitAll() {
        final int fetched = fetchTransmit();
        writeBackTransmit();
        return fetched;
    }
}
