package nicharness.dpdk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import nicharness.env.MemoryRegisterSpace;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.Regs;
import nicharness.testing.BoundedList;

/**
 * The NIC's half of one receive queue and of any transmit queue, over plain registers, for unit
 * tests of {@link RxQueue} and {@link TxQueue} alone: it writes frames and advanced write-backs
 * into the descriptors the tail gives it, and consumes transmit descriptors up to the tail,
 * setting DD on those with RS (WTHRESH 0). It checks ownership as the datasheet defines it and
 * fails the test on a violation. Its heads are the RDH and TDH registers, which the driver
 * resets when it starts a queue. It records every tail write.
 */
final class FakeNic implements RegisterSpace {
    private final SimulatedDmaMemory dma;
    private final MemoryRegisterSpace registers;
    private final BoundedList<Integer> rdtWrites = new BoundedList<>("RDT writes", BoundedList.DEFAULT_CAPACITY);
    private final BoundedList<Integer> tdtWrites = new BoundedList<>("TDT writes", BoundedList.DEFAULT_CAPACITY);

    FakeNic(final SimulatedDmaMemory dma) {
        this.dma = dma;
        this.registers = new MemoryRegisterSpace(Arena.ofAuto().allocate(Regs.BAR0_SIZE, 4096));
    }

    @Override
    public int read(final int offset) {
        return registers.read(offset);
    }

    @Override
    public void write(final int offset, final int value) {
        if (offset == Regs.RDT(0)) {
            rdtWrites.add(value);
        } else if (offset == Regs.TDT(0) || offset == Regs.TDT(1)) {
            tdtWrites.add(value);
        }
        registers.write(offset, value);
    }

    @Override
    public long size() {
        return registers.size();
    }

    /** Forgets the RDT and TDT writes recorded so far. */
    void clearTailWrites() {
        rdtWrites.clear();
        tdtWrites.clear();
    }

    List<Integer> rdtWrites() {
        return rdtWrites.items();
    }

    List<Integer> tdtWrites() {
        return tdtWrites.items();
    }

    private MemorySegment rxRing() {
        final long base = (registers.read(Regs.RDBAL(0)) & 0xFFFF_FFFFL) | ((long) registers.read(Regs.RDBAH(0)) << 32);
        return dma.resolve(base, registers.read(Regs.RDLEN(0)));
    }

    /**
     * Receives {@code frame} into the descriptor at the head, if the NIC owns one.
     *
     * @return false when RDH == RDT: no descriptor, the frame is dropped
     */
    boolean receive(final byte[] frame) {
        final MemorySegment ring = rxRing();
        final int n = (int) (ring.byteSize() / Descriptor.SIZE);
        final int tail = registers.read(Regs.RDT(0));
        final int rxHead = registers.read(Regs.RDH(0));
        if (rxHead == tail) {
            return false;
        }
        final long descriptor = Descriptor.offset(rxHead);
        final long address = (long) Descriptor.QWORD.get(ring, descriptor + Descriptor.QWORD0);
        final long qword1 = (long) Descriptor.QWORD.get(ring, descriptor + Descriptor.QWORD1);
        if (qword1 != 0) {
            throw new AssertionError("receive descriptor " + rxHead + " handed to the NIC with header address/DD "
                    + Long.toHexString(qword1));
        }
        MemorySegment.copy(frame, 0, dma.resolve(address, Mbuf.DATA_ROOM), ValueLayout.JAVA_BYTE, 0, frame.length);
        Descriptor.QWORD.set(ring, descriptor + Descriptor.QWORD0, 0L); // advanced write-back overwrites qword0
        Descriptor.QWORD.setRelease(ring, descriptor + Descriptor.QWORD1, AdvancedRxDescriptor.writeBack(frame.length, true));
        registers.write(Regs.RDH(0), (rxHead + 1) % n);
        return true;
    }

    /** Sends every descriptor of transmit queue {@code q} from its head to its tail. */
    List<byte[]> transmit(final int q) {
        final long base = (registers.read(Regs.TDBAL(q)) & 0xFFFF_FFFFL) | ((long) registers.read(Regs.TDBAH(q)) << 32);
        final MemorySegment ring = dma.resolve(base, registers.read(Regs.TDLEN(q)));
        final int n = (int) (ring.byteSize() / Descriptor.SIZE);
        final int tail = registers.read(Regs.TDT(q));
        final List<byte[]> frames = new ArrayList<>();
        for (int head = registers.read(Regs.TDH(q)); head != tail; head = (head + 1) % n) {
            final long descriptor = Descriptor.offset(head);
            final long address = (long) Descriptor.QWORD.get(ring, descriptor + Descriptor.QWORD0);
            final long qword1 = (long) Descriptor.QWORD.get(ring, descriptor + Descriptor.QWORD1);
            final long expected = AdvancedTxDescriptor.command(AdvancedTxDescriptor.length(qword1), false);
            if ((qword1 & ~AdvancedTxDescriptor.RS) != expected) {
                throw new AssertionError("transmit descriptor " + head + " of queue " + q + ": qword1 0x"
                        + Long.toHexString(qword1) + " is not a one-buffer data descriptor");
            }
            final int length = AdvancedTxDescriptor.length(qword1);
            frames.add(dma.resolve(address, length).toArray(ValueLayout.JAVA_BYTE));
            if ((qword1 & AdvancedTxDescriptor.RS) != 0) {
                Descriptor.QWORD.setRelease(ring, descriptor + Descriptor.QWORD1, qword1 | AdvancedTxDescriptor.DD);
            }
            registers.write(Regs.TDH(q), (head + 1) % n);
        }
        return frames;
    }

    /** A frame of {@code length} bytes whose first four bytes are {@code sequence}, big-endian. */
    static byte[] frame(final int sequence, final int length) {
        final byte[] frame = new byte[length];
        frame[0] = (byte) (sequence >>> 24);
        frame[1] = (byte) (sequence >>> 16);
        frame[2] = (byte) (sequence >>> 8);
        frame[3] = (byte) sequence;
        for (int i = 4; i < length; i++) {
            frame[i] = (byte) (i * 7 + sequence);
        }
        return frame;
    }

    /** The sequence number of a frame built by {@link #frame}. */
    static int sequence(final byte[] frame) {
        return (frame[0] & 0xFF) << 24 | (frame[1] & 0xFF) << 16 | (frame[2] & 0xFF) << 8 | (frame[3] & 0xFF);
    }

    /** The sequence number of the frame in an mbuf. */
    static int sequence(final Mempool pool, final int mbuf) {
        final MemorySegment m = pool.segment(mbuf);
        final long start = Mbuf.dataStart(m, mbuf);
        return (m.get(ValueLayout.JAVA_BYTE, start) & 0xFF) << 24 | (m.get(ValueLayout.JAVA_BYTE, start + 1) & 0xFF) << 16
                | (m.get(ValueLayout.JAVA_BYTE, start + 2) & 0xFF) << 8 | (m.get(ValueLayout.JAVA_BYTE, start + 3) & 0xFF);
    }
}
