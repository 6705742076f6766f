package nicharness.ixy;

import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TxQueue} against a card played by hand: placement, tail, and cleaning in batches. */
class TxQueueTest {
    private static final int RING = 64;
    private static final int CLEAN = 32;
    private final SimulatedDmaMemory dma = new SimulatedDmaMemory(8L << 20);
    private final ScriptedNic nic = new ScriptedNic(dma, 0, Transmit.BY_HAND);
    private final RegisterSpace registers = nic.registers();
    private final BufferPool pool = BufferPool.allocate(dma, 0, 256, 2048, true);
    private final BufferPool other = BufferPool.allocate(dma, 1, 256, 2048, true);
    private final TxQueue tx = TxQueue.configure(registers, 0, dma, RING, CLEAN, 36, 8, 4,
            new BufferPool[] {pool, other});

    TxQueueTest() {
        tx.start(nic.waits());
    }

    @AfterEach
    void close() {
        dma.close();
    }

    /** {@code count} buffers of {@code from}, each with a frame of 60 + i bytes. */
    private static int[] buffers(final BufferPool from, final int count) {
        final int[] buffers = new int[count];
        for (int i = 0; i < count; i++) {
            buffers[i] = from.alloc();
            from.setSize(buffers[i], 60 + i);
        }
        return buffers;
    }

    private int send(final int count) {
        final int[] buffers = buffers(pool, count);
        final int sent = tx.txBatch(buffers, count);
        for (int i = sent; i < count; i++) {
            pool.free(buffers[i]);
        }
        return sent;
    }

    @Test
    void setUpProgramsTheRingAndIxysThresholds() {
        assertEquals((int) tx.ringPhysicalAddress(), registers.read(Regs.TDBAL(0)));
        assertEquals((int) (tx.ringPhysicalAddress() >>> 32), registers.read(Regs.TDBAH(0)));
        assertEquals(RING * 16, registers.read(Regs.TDLEN(0)));
        final int txdctl = registers.read(Regs.TXDCTL(0));
        assertEquals(36, Regs.field(txdctl, Regs.TXDCTL_.PTHRESH));
        assertEquals(8, Regs.field(txdctl, Regs.TXDCTL_.HTHRESH));
        assertEquals(4, Regs.field(txdctl, Regs.TXDCTL_.WTHRESH));
        assertTrue((txdctl & Regs.TXDCTL_.ENABLE) != 0);
        assertEquals(0, registers.read(Regs.TDH(0)));
        assertEquals(0, registers.read(Regs.TDT(0)));
        assertEquals(-1L, nic.transmitQword(0, 5, QWORD1), "a fresh ring is all 0xFF, as ixy leaves it");
    }

    @Test
    void buffersArePlacedWithReportStatusOnEveryDescriptor() {
        final int[] buffers = buffers(pool, 3);
        assertEquals(3, tx.txBatch(buffers, 3));
        for (int i = 0; i < 3; i++) {
            assertEquals(pool.physicalAddress(buffers[i]) + PacketBuffer.DATA_OFFSET, nic.transmitQword(0, i, QWORD0));
            final long command = nic.transmitQword(0, i, QWORD1);
            assertEquals(AdvancedTxDescriptor.command(60 + i, true), command);
            assertTrue((command & AdvancedTxDescriptor.RS) != 0);
            assertEquals(60 + i, AdvancedTxDescriptor.length(command));
        }
        assertEquals(3, registers.read(Regs.TDT(0)));
        assertEquals(3, tx.buffersHeld());
    }

    @Test
    void theTailIsWrittenOnEveryCallEvenWithNothingToSend() {
        registers.write(Regs.TDT(0), 17);
        assertEquals(0, tx.txBatch(new int[0], 0));
        assertEquals(0, registers.read(Regs.TDT(0)));
    }

    @Test
    void buffersComeBackOnlyAfterTheCardReportsThemDone() {
        assertEquals(40, send(40));
        nic.fetch(0); // sent, but nothing written back yet
        final int free = pool.freeCount();
        send(0);
        assertEquals(free, pool.freeCount(), "no DD, nothing freed");
        assertEquals(40, tx.buffersHeld());
        for (int i = 0; i < 40; i++) {
            if (i != CLEAN - 1) {
                nic.writeBack(0, i);
            }
        }
        send(0);
        assertEquals(free, pool.freeCount(), "only the DD of the batch's last descriptor counts");
        nic.writeBack(0, CLEAN - 1);
        send(0);
        assertEquals(free + CLEAN, pool.freeCount(), "the whole batch of 32 at once");
        assertEquals(CLEAN, tx.cleanIndex());
        assertEquals(8, tx.buffersHeld(), "a last partial batch waits for more traffic, even if done");
    }

    @Test
    void cleaningFreesWholeBatchesOnly() {
        final int free = pool.freeCount();
        for (int packet = 1; packet <= 100; packet++) {
            send(1);
            nic.transmit(0);
            // Cleaning runs before placing, so it sees the packets of earlier calls.
            final int cleanable = packet - 1;
            assertEquals(free - packet + cleanable / CLEAN * CLEAN, pool.freeCount(), "after packet " + packet);
        }
    }

    @Test
    void aFullRingTakesRingSizeMinusOneAndTheCallerKeepsTheRest() {
        assertEquals(RING - 1, send(RING + 6));
        assertEquals(RING - 1, registers.read(Regs.TDT(0)));
        assertEquals(0, send(1), "still full: nothing written back");
        nic.transmit(0);
        assertEquals(5, send(5), "the first batch of 32 is cleaned before placing");
        assertEquals(RING - 1 - CLEAN + 5, tx.buffersHeld());
    }

    @Test
    void buffersGoBackToThePoolTheyCameFrom() {
        final int poolFree = pool.freeCount();
        final int otherFree = other.freeCount();
        final int[] mixed = new int[CLEAN];
        for (int i = 0; i < CLEAN; i++) {
            mixed[i] = (i % 2 == 0 ? pool : other).alloc();
            (i % 2 == 0 ? pool : other).setSize(mixed[i], 64);
        }
        assertEquals(CLEAN, tx.txBatch(mixed, CLEAN));
        nic.transmit(0);
        send(0);
        assertEquals(poolFree, pool.freeCount());
        assertEquals(otherFree, other.freeCount());
    }

    @Test
    void aFreedBufferGivenToTransmitIsCaughtInDebugMode() {
        final int buffer = pool.alloc();
        pool.free(buffer);
        final var error = assertThrows(IllegalStateException.class, () -> tx.txBatch(new int[] {buffer}, 1));
        assertTrue(error.getMessage().contains("used after free: txBatch"), error.getMessage());
    }

    @Test
    void aBufferSentTwiceIsCaughtAsADoubleFreeWhenCleaned() {
        final int[] twice = buffers(pool, 1);
        tx.txBatch(twice, 1);
        tx.txBatch(twice, 1);
        send(CLEAN - 2);
        nic.transmit(0);
        final var error = assertThrows(IllegalStateException.class, () -> send(0));
        assertTrue(error.getMessage().contains("double free"), error.getMessage());
    }

    @Test
    void receiveToTransmitAllocatesNothing() {
        final BufferPool quiet = BufferPool.allocate(dma, 0, 1024, 2048, false);
        final TxQueue queue = TxQueue.configure(registers, 0, dma, RING, CLEAN, 36, 8, 4, new BufferPool[] {quiet});
        queue.start(nic.waits());
        final RxQueue rx = RxQueue.configure(registers, 0, dma, RING, quiet);
        rx.start(nic.waits());
        final int[] batch = new int[32];
        final Runnable work = () -> {
            for (int round = 0; round < 10_000; round++) {
                for (int i = 0; i < 32; i++) {
                    nic.receive(64, (byte) 0);
                }
                final int count = rx.rxBatch(batch, 32);
                final int sent = queue.txBatch(batch, count);
                for (int i = sent; i < count; i++) {
                    quiet.free(batch[i]);
                }
                nic.fetch(0);
                nic.writeBack(0);
            }
        };
        Allocations.assertNonePerPacket(work, 10_000L * 32);
        assertEquals(1024 - RING - queue.buffersHeld(), quiet.freeCount(), "no buffer leaked");
    }
}
