package nicharness.ixy;

import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.Regs;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RxQueue} against a card played by hand: exact descriptor and tail contents. */
class RxQueueTest {
    private static final int RING = 16;
    private final SimulatedDmaMemory dma = new SimulatedDmaMemory(4L << 20);
    private final ScriptedNic nic = new ScriptedNic(dma, 0, Transmit.BY_HAND);
    private final RegisterSpace registers = nic.registers();

    @AfterEach
    void close() {
        dma.close();
    }

    private RxQueue started(final BufferPool pool) {
        final RxQueue rx = RxQueue.configure(registers, 0, dma, RING, pool);
        rx.start(nic.waits());
        return rx;
    }

    @Test
    void setUpProgramsAdvancedDescriptorsDropsAndTheRing() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 64, 2048, true);
        final RxQueue rx = started(pool);
        final int srrctl = registers.read(Regs.SRRCTL_ALIAS(0));
        assertEquals(Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER, Regs.field(srrctl, Regs.SRRCTL_.DESCTYPE));
        assertTrue((srrctl & Regs.SRRCTL_.DROP_EN) != 0);
        assertEquals(2, Regs.field(srrctl, Regs.SRRCTL_.BSIZEPACKET), "ixy keeps the 2 KiB reset value");
        assertEquals((int) rx.ringPhysicalAddress(), registers.read(Regs.RDBAL(0)));
        assertEquals((int) (rx.ringPhysicalAddress() >>> 32), registers.read(Regs.RDBAH(0)));
        assertEquals(RING * 16, registers.read(Regs.RDLEN(0)));
        assertTrue((registers.read(Regs.RXDCTL(0)) & Regs.RXDCTL_.ENABLE) != 0);
        assertEquals(0, registers.read(Regs.RDH(0)));
        assertEquals(RING - 1, registers.read(Regs.RDT(0)), "every descriptor but one belongs to the card");
        for (int i = 0; i < RING; i++) {
            assertEquals(pool.physicalAddress(rx.bufferAt(i)) + PacketBuffer.DATA_OFFSET, nic.receiveQword(i, QWORD0));
            assertEquals(0L, nic.receiveQword(i, QWORD1), "header address 0, DD clear");
        }
        assertEquals(64 - RING, pool.freeCount());
    }

    @Test
    void nothingReceivedLeavesTheTailAlone() {
        final RxQueue rx = started(BufferPool.allocate(dma, 0, 64, 2048, true));
        registers.write(Regs.RDT(0), 7); // would be overwritten by a tail write
        assertEquals(0, rx.rxBatch(new int[32], 32));
        assertEquals(7, registers.read(Regs.RDT(0)));
    }

    @Test
    void receivedBuffersAreHandedOutAndDescriptorsReArmed() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 64, 2048, true);
        final RxQueue rx = started(pool);
        final int[] armed = {rx.bufferAt(0), rx.bufferAt(1), rx.bufferAt(2)};
        for (int i = 0; i < 3; i++) {
            assertTrue(nic.receive(60 + i, (byte) (0x10 + i)));
        }
        final int[] out = new int[32];
        assertEquals(3, rx.rxBatch(out, 32));
        for (int i = 0; i < 3; i++) {
            assertEquals(armed[i], out[i]);
            assertEquals(60 + i, pool.size(out[i]));
            assertEquals((byte) (0x10 + i), pool.memory(out[i]).get(ValueLayout.JAVA_BYTE, pool.dataOffset(out[i]) + 59));
            final int fresh = rx.bufferAt(i);
            assertTrue(fresh != armed[i]);
            assertEquals(pool.physicalAddress(fresh) + PacketBuffer.DATA_OFFSET, nic.receiveQword(i, QWORD0));
            assertEquals(0L, nic.receiveQword(i, QWORD1));
        }
        assertEquals(2, registers.read(Regs.RDT(0)), "tail = last processed descriptor, one behind the next");
        assertEquals(3, rx.rxIndex());
    }

    @Test
    void aBatchStopsAtItsSizeAndTheNextCallGoesOn() {
        final RxQueue rx = started(BufferPool.allocate(dma, 0, 64, 2048, true));
        for (int i = 0; i < 5; i++) {
            nic.receive(64, (byte) i);
        }
        final int[] out = new int[2];
        assertEquals(2, rx.rxBatch(out, 2));
        assertEquals(1, registers.read(Regs.RDT(0)));
        assertEquals(2, rx.rxBatch(out, 2));
        assertEquals(3, registers.read(Regs.RDT(0)));
        assertEquals(1, rx.rxBatch(out, 2));
        assertEquals(4, registers.read(Regs.RDT(0)));
        assertEquals(0, rx.rxBatch(out, 2));
    }

    @Test
    void manyWrapsLoseAndLeakNothing() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 64, 2048, true);
        final RxQueue rx = started(pool);
        final int[] out = new int[32];
        long received = 0;
        for (int round = 0; round < 50; round++) {
            int delivered = 0;
            while (nic.receive(64, (byte) round)) {
                delivered++;
            }
            assertEquals(RING - 1, delivered, "the card gets RING - 1 descriptors each time");
            final int count = rx.rxBatch(out, 32);
            assertEquals(delivered, count);
            for (int i = 0; i < count; i++) {
                assertEquals((byte) round, pool.memory(out[i]).get(ValueLayout.JAVA_BYTE, pool.dataOffset(out[i])));
                pool.free(out[i]);
            }
            received += count;
        }
        assertEquals(50L * (RING - 1), received);
        assertEquals(64 - RING, pool.freeCount(), "only the ring's buffers are out of the pool");
    }

    @Test
    void anEmptyPoolLeavesThePacketInTheRing() {
        final BufferPool pool = BufferPool.allocate(dma, 0, RING + 1, 2048, true);
        final int held = pool.alloc();
        final RxQueue rx = started(pool);
        assertEquals(0, pool.freeCount());
        nic.receive(64, (byte) 1);
        final int[] out = new int[4];
        assertEquals(0, rx.rxBatch(out, 4));
        assertEquals(RING - 1, registers.read(Regs.RDT(0)));
        assertTrue(AdvancedRxDescriptor.done(nic.receiveQword(0, QWORD1)), "the packet waits in its descriptor");
        pool.free(held);
        assertEquals(1, rx.rxBatch(out, 4));
        assertEquals(0, registers.read(Regs.RDT(0)));
    }

    @Test
    void aFramePieceWithoutEndOfPacketIsDroppedAndItsBufferKept() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 64, 2048, true);
        final RxQueue rx = started(pool);
        final int buffer = rx.bufferAt(0);
        Descriptor.QWORD.set(nic.receiveRing(), Descriptor.offset(0) + QWORD1,
                AdvancedRxDescriptor.writeBack(2048, false));
        final int free = pool.freeCount();
        assertEquals(0, rx.rxBatch(new int[4], 4));
        assertEquals(1, rx.multiDescriptorDrops());
        assertEquals(buffer, rx.bufferAt(0));
        assertEquals(pool.physicalAddress(buffer) + PacketBuffer.DATA_OFFSET, nic.receiveQword(0, QWORD0));
        assertEquals(free, pool.freeCount());
        assertEquals(0, registers.read(Regs.RDT(0)), "the descriptor goes back to the card");
    }

    @Test
    void receiveAllocatesNothing() {
        final BufferPool pool = BufferPool.allocate(dma, 0, 64, 2048, false);
        final RxQueue rx = started(pool);
        final int[] out = new int[32];
        final Runnable work = () -> {
            for (int round = 0; round < 20_000; round++) {
                for (int i = 0; i < 8; i++) {
                    nic.receive(64, (byte) 0);
                }
                final int count = rx.rxBatch(out, 32);
                for (int i = 0; i < count; i++) {
                    pool.free(out[i]);
                }
            }
        };
        Allocations.assertNonePerPacket(work, 20_000L * 8);
    }
}
