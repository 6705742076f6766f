package nicharness.tinynf;

import static nicharness.ixgbe.Descriptor.DWORD;
import static nicharness.ixgbe.Descriptor.QWORD;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import nicharness.driver.Port;
import nicharness.env.MemoryRegisterSpace;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.testing.BoundedList;

/**
 * A card scripted by the test, for unit tests of the agent's rules without the NIC model: registers
 * are plain storage (enable bits read back as written), the test delivers received frames by hand,
 * and a transmit-tail write "sends" at once, writing the head back after RS descriptors, unless the
 * queue is held. It records the non-null descriptors each queue sent, as (slot, length) pairs.
 */
final class ScriptedCard {
    final SimulatedDmaMemory memory;
    final Port port;
    private final MemoryRegisterSpace storage;
    private final int[] transmitHead = new int[Regs.QUEUE_COUNT];
    private final boolean[] held = new boolean[Regs.QUEUE_COUNT];
    private final List<BoundedList<int[]>> sent = new ArrayList<>();
    /** The next receive slot the card fills (its RDH). */
    private int receiveHead;

    ScriptedCard(final SimulatedDmaMemory memory, final int index) {
        this.memory = memory;
        this.storage = new MemoryRegisterSpace(Arena.ofAuto().allocate(Regs.BAR0_SIZE, 4096));
        // The security block of the receive path is always ready (read-only 1 on the card).
        storage.write(Regs.SECRXSTAT, Regs.SECRXSTAT_.SECRX_RDY);
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            sent.add(new BoundedList<>("descriptors sent by queue " + sent.size(), BoundedList.DEFAULT_CAPACITY));
        }
        this.port = new Port(index, new RegisterSpace() {
            @Override
            public int read(final int offset) {
                return storage.read(offset);
            }

            @Override
            public void write(final int offset, final int value) {
                storage.write(offset, value);
                final int queue = (offset - Regs.TDT(0)) / 0x40;
                if (offset >= Regs.TDT(0) && queue < Regs.QUEUE_COUNT && offset == Regs.TDT(queue)) {
                    transmit(queue);
                }
            }

            @Override
            public long size() {
                return storage.size();
            }
        });
    }

    RegisterSpace registers() {
        return port.registers();
    }

    private long register64(final int low, final int high) {
        return ((long) storage.read(high) << 32) | (storage.read(low) & 0xFFFF_FFFFL);
    }

    MemorySegment receiveRing() {
        return memory.resolve(register64(Regs.RDBAL(0), Regs.RDBAH(0)), storage.read(Regs.RDLEN(0)));
    }

    MemorySegment transmitRing(final int queue) {
        return memory.resolve(register64(Regs.TDBAL(queue), Regs.TDBAH(queue)), storage.read(Regs.TDLEN(queue)));
    }

    private int ringSize() {
        return storage.read(Regs.RDLEN(0)) / Descriptor.SIZE;
    }

    /**
     * Receives one frame as the engine would, into the slot at the receive head, if the card owns
     * it (head != tail): bytes first, then qword1 with DD, with release.
     *
     * @return whether the card had a descriptor for it (else it was dropped)
     */
    boolean receive(final byte[] frame) {
        if (receiveHead == storage.read(Regs.RDT(0))) {
            return false;
        }
        final MemorySegment ring = receiveRing();
        final long buffer = (long) QWORD.get(ring, Descriptor.offset(receiveHead) + Descriptor.QWORD0);
        MemorySegment.copy(frame, 0, memory.resolve(buffer, frame.length), ValueLayout.JAVA_BYTE, 0, frame.length);
        QWORD.setRelease(ring, Descriptor.offset(receiveHead) + Descriptor.QWORD1,
                LegacyRxDescriptor.writeBack(frame.length, true));
        receiveHead = (receiveHead + 1) % ringSize();
        return true;
    }

    /** Holds the transmit engine of {@code queue} back, or releases it (it then sends up to the tail). */
    void hold(final int queue, final boolean hold) {
        held[queue] = hold;
        if (!hold) {
            transmit(queue);
        }
    }

    private void transmit(final int queue) {
        if (held[queue] || storage.read(Regs.TDLEN(queue)) == 0) {
            return;
        }
        final MemorySegment ring = transmitRing(queue);
        final int size = storage.read(Regs.TDLEN(queue)) / Descriptor.SIZE;
        final int tail = storage.read(Regs.TDT(queue));
        while (transmitHead[queue] != tail) {
            final int slot = transmitHead[queue];
            final long command = (long) QWORD.get(ring, Descriptor.offset(slot) + Descriptor.QWORD1);
            if (LegacyTxDescriptor.length(command) != 0) {
                sent.get(queue).add(new int[] {slot, LegacyTxDescriptor.length(command)});
            }
            transmitHead[queue] = (slot + 1) % size;
            if ((command & LegacyTxDescriptor.RS) != 0) {
                writeBackHead(queue, transmitHead[queue]);
            }
        }
    }

    /** The head write-back of {@code queue}: the 32-bit head at the TDWBAL/TDWBAH address. */
    void writeBackHead(final int queue, final int head) {
        final long address = ((long) storage.read(Regs.TDWBAH(queue)) << 32)
                | (storage.read(Regs.TDWBAL(queue)) & Regs.TDWBAL_.HEAD_WB_LOW & 0xFFFF_FFFFL);
        DWORD.setRelease(memory.resolve(address, 4), 0L, head);
    }

    /** The (slot, length) of every non-null descriptor {@code queue} sent, in order. */
    List<int[]> sent(final int queue) {
        return sent.get(queue).items();
    }

    /** qword1 of descriptor {@code slot} of transmit queue {@code queue}. */
    long transmitCommand(final int queue, final int slot) {
        return (long) QWORD.get(transmitRing(queue), Descriptor.offset(slot) + Descriptor.QWORD1);
    }

    int receiveTail() {
        return storage.read(Regs.RDT(0));
    }

    int transmitTail(final int queue) {
        return storage.read(Regs.TDT(queue));
    }
}
