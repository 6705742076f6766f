package nicharness.bench.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.model.FrameSink;
import nicharness.model.NicModel;

/**
 * What the model benchmarks share: one port with a legacy receive ring and a legacy transmit
 * ring with head write-back, set up as TinyNF would, and a 60-byte frame. The transmit ring is
 * written once: with head write-back the engine never changes a descriptor, so the benchmark can
 * hand the same descriptors over again and again, and measures the engine, not a driver.
 */
final class ModelBench {
    /** Ring size: a power of two, so that index arithmetic is a mask. */
    static final int RING = 1024;
    /** Descriptors per doorbell, frames per receive batch; also the RS period. */
    static final int BATCH = 32;
    static final int FRAME = 60;

    final SimulatedDmaMemory host = new SimulatedDmaMemory(16L << 20);
    final NicModel nic;
    final RegisterSpace regs;
    final MemorySegment frame = Arena.ofAuto().allocate(FRAME);
    final MemorySegment transmitHead;
    final int rdt = Regs.RDT(0);
    final int rdh = Regs.RDH(0);
    final int tdt = Regs.TDT(0);

    /** A port built by {@code configure} (given the host memory), brought up, with both rings set up. */
    ModelBench(final java.util.function.Function<SimulatedDmaMemory, NicModel.Builder> configure, final FrameSink sink) {
        this.nic = configure.apply(host).strict(false).build();
        this.nic.connect(sink);
        this.regs = nic.registers();
        for (int i = 0; i < FRAME; i++) {
            frame.set(ValueLayout.JAVA_BYTE, i, (byte) (i < 6 ? 0xFF : i));
        }
        try {
            new DeviceBringUp(regs).run();
        } catch (final DeviceInitException e) {
            throw new IllegalStateException(e);
        }
        final DmaRegion buffers = host.allocate((long) RING * 2048, 4096);
        final DmaRegion rx = host.allocate((long) RING * Descriptor.SIZE, 128);
        final DmaRegion tx = host.allocate((long) RING * Descriptor.SIZE, 128);
        final DmaRegion head = host.allocate(64, 64);
        this.transmitHead = head.segment();
        for (int i = 0; i < RING; i++) {
            final long buffer = buffers.physicalAddress((long) i * 2048);
            Descriptor.QWORD.set(rx.segment(), Descriptor.offset(i), buffer);
            Descriptor.QWORD.set(tx.segment(), Descriptor.offset(i), buffer);
            Descriptor.QWORD.set(tx.segment(), Descriptor.offset(i) + Descriptor.QWORD1,
                    LegacyTxDescriptor.command(FRAME, i % BATCH == BATCH - 1));
            MemorySegment.copy(frame, 0, buffers.segment(), (long) i * 2048, FRAME);
        }
        // 4.6.7.1 receive queue 0, legacy descriptors, 2 KiB buffers, DROP_EN.
        regs.write(Regs.RDBAL(0), (int) rx.physicalAddress());
        regs.write(Regs.RDBAH(0), (int) (rx.physicalAddress() >>> 32));
        regs.write(Regs.RDLEN(0), RING * Descriptor.SIZE);
        regs.write(Regs.SRRCTL(0), Regs.withField(regs.read(Regs.SRRCTL(0)), Regs.SRRCTL_.BSIZEPACKET, 2)
                | Regs.SRRCTL_.DROP_EN);
        regs.write(Regs.RXDCTL(0), Regs.RXDCTL_.ENABLE);
        awaitEnabled(Regs.RXDCTL(0), Regs.RXDCTL_.ENABLE);
        regs.write(rdt, RING - 1);
        regs.write(Regs.RXCTRL, Regs.RXCTRL_.RXEN);
        // 4.6.8 transmit queue 0, head write-back, WTHRESH 0.
        regs.write(Regs.TDBAL(0), (int) tx.physicalAddress());
        regs.write(Regs.TDBAH(0), (int) (tx.physicalAddress() >>> 32));
        regs.write(Regs.TDLEN(0), RING * Descriptor.SIZE);
        regs.write(Regs.TDWBAH(0), (int) (head.physicalAddress() >>> 32));
        regs.write(Regs.TDWBAL(0), (int) head.physicalAddress() | Regs.TDWBAL_.HEAD_WB_EN);
        regs.write(Regs.DCA_TXCTRL(0), 0);
        regs.write(Regs.DMATXCTL, Regs.DMATXCTL_.TE);
        regs.write(Regs.TXDCTL(0), Regs.TXDCTL_.ENABLE);
        awaitEnabled(Regs.TXDCTL(0), Regs.TXDCTL_.ENABLE);
    }

    private void awaitEnabled(final int register, final int bit) {
        while ((regs.read(register) & bit) == 0) {
            Thread.onSpinWait();
        }
    }

    /** The transmit head the engine last wrote back (acquire: pairs with its release). */
    int transmitHead() {
        return (int) Descriptor.DWORD.getAcquire(transmitHead, 0L);
    }

    /** Gives every descriptor the receive engine has filled back to it, keeping one back. */
    void recycleReceive() {
        regs.write(rdt, (regs.read(rdh) - 1) & (RING - 1));
    }

    void close() {
        nic.close();
        host.close();
    }

    /** A sink that only counts, on the engine's thread. */
    static final class Counter implements FrameSink {
        long frames;

        @Override
        public void frame(final MemorySegment data, final long offset, final int length) {
            frames++;
        }
    }
}
