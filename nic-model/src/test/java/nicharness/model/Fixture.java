package nicharness.model;

import static nicharness.ixgbe.Descriptor.QWORD;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;
import nicharness.ixgbe.Regs;
import nicharness.testing.Wait;

/** A minimal driver for the model's tests: rings, buffers and frames, set up by the book. */
final class Fixture {
    static final DeviceBringUp.Sleeper NO_SLEEP = nanos -> { };
    static final int BUFFER_SIZE = 2048;

    final SimulatedDmaMemory host;

    Fixture() {
        this(new SimulatedDmaMemory(4L << 20));
    }

    Fixture(final SimulatedDmaMemory host) {
        this.host = host;
    }

    NicModel nic(final int port) {
        return NicModel.builder(host).instantResetAndLink().port(port).mode(DrivingMode.SYNCHRONOUS).strict(true).instantResetAndLink().build();
    }

    static void bringUp(final RegisterSpace regs) {
        try {
            new DeviceBringUp(regs, 1_000, NO_SLEEP).run();
        } catch (final DeviceInitException e) {
            throw new AssertionError(e);
        }
    }

    /** A ring of {@code size} descriptors, each pointing at its own 2 KiB buffer. */
    final class Ring {
        final int size;
        final DmaRegion descriptors;
        final DmaRegion buffers;

        Ring(final int size) {
            this.size = size;
            this.descriptors = host.allocate((long) size * Descriptor.SIZE, 128);
            this.buffers = host.allocate((long) size * BUFFER_SIZE, 4096);
            for (int i = 0; i < size; i++) {
                setQword0(i, bufferAddress(i));
            }
        }

        long bufferAddress(final int i) {
            return buffers.physicalAddress((long) i * BUFFER_SIZE);
        }

        MemorySegment buffer(final int i) {
            return buffers.segment().asSlice((long) i * BUFFER_SIZE, BUFFER_SIZE);
        }

        long qword0(final int i) {
            return (long) QWORD.get(descriptors.segment(), Descriptor.offset(i) + Descriptor.QWORD0);
        }

        long qword1(final int i) {
            return (long) QWORD.getAcquire(descriptors.segment(), Descriptor.offset(i) + Descriptor.QWORD1);
        }

        void setQword0(final int i, final long value) {
            QWORD.set(descriptors.segment(), Descriptor.offset(i) + Descriptor.QWORD0, value);
        }

        /**
         * Re-arms descriptors [from, to) (mod the ring size) for receive, as a driver does before
         * giving them back with RDT: the status cleared, so DD is not seen again (legacy write-back
         * keeps the buffer address in qword0).
         */
        void rearm(final int from, final int to) {
            for (int i = from; i != to; i = (i + 1) % size) {
                setQword1(i, 0);
            }
        }

        void setQword1(final int i, final long value) {
            QWORD.set(descriptors.segment(), Descriptor.offset(i) + Descriptor.QWORD1, value);
        }

        /** Copies {@code frame} into buffer {@code i}. */
        void fill(final int i, final byte[] frame) {
            MemorySegment.copy(frame, 0, buffer(i), ValueLayout.JAVA_BYTE, 0, frame.length);
        }

        byte[] bytes(final int i, final int length) {
            return buffer(i).asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** 4.6.7.1 for one queue: ring, buffer size, descriptor type, DROP_EN, enable, RDT = N - 1, RXEN. */
    static void setUpReceive(final RegisterSpace regs, final int q, final Ring ring, final int descType,
                             final boolean dropEn) {
        regs.write(Regs.RDBAL(q), (int) ring.descriptors.physicalAddress());
        regs.write(Regs.RDBAH(q), (int) (ring.descriptors.physicalAddress() >>> 32));
        regs.write(Regs.RDLEN(q), ring.size * Descriptor.SIZE);
        int srrctl = regs.read(Regs.SRRCTL(q));
        srrctl = Regs.withField(srrctl, Regs.SRRCTL_.BSIZEPACKET, 2);
        srrctl = Regs.withField(srrctl, Regs.SRRCTL_.DESCTYPE, descType);
        srrctl = dropEn ? srrctl | Regs.SRRCTL_.DROP_EN : srrctl & ~Regs.SRRCTL_.DROP_EN;
        regs.write(Regs.SRRCTL(q), srrctl);
        regs.write(Regs.RXDCTL(q), regs.read(Regs.RXDCTL(q)) | Regs.RXDCTL_.ENABLE);
        Wait.until("RXDCTL(" + q + ").ENABLE to read back as set", Wait.DEFAULT,
                () -> (regs.read(Regs.RXDCTL(q)) & Regs.RXDCTL_.ENABLE) != 0,
                () -> "RXDCTL = 0x" + Integer.toHexString(regs.read(Regs.RXDCTL(q))), Thread::onSpinWait);
        regs.write(Regs.RDT(q), ring.size - 1);
        regs.write(Regs.RXCTRL, regs.read(Regs.RXCTRL) | Regs.RXCTRL_.RXEN);
    }

    /** 4.6.8 for one queue: ring, thresholds, optional head write-back, TE, enable. */
    static void setUpTransmit(final RegisterSpace regs, final int q, final Ring ring, final int wthresh,
                              final long headWriteBackAddress) {
        regs.write(Regs.TDBAL(q), (int) ring.descriptors.physicalAddress());
        regs.write(Regs.TDBAH(q), (int) (ring.descriptors.physicalAddress() >>> 32));
        regs.write(Regs.TDLEN(q), ring.size * Descriptor.SIZE);
        regs.write(Regs.TXDCTL(q), Regs.withField(regs.read(Regs.TXDCTL(q)), Regs.TXDCTL_.WTHRESH, wthresh));
        if (headWriteBackAddress != 0) {
            regs.write(Regs.TDWBAH(q), (int) (headWriteBackAddress >>> 32));
            regs.write(Regs.TDWBAL(q), (int) headWriteBackAddress | Regs.TDWBAL_.HEAD_WB_EN);
        }
        regs.write(Regs.DCA_TXCTRL(q), regs.read(Regs.DCA_TXCTRL(q)) & ~Regs.DCA_TXCTRL_.TX_DESC_WRO_EN);
        regs.write(Regs.DMATXCTL, regs.read(Regs.DMATXCTL) | Regs.DMATXCTL_.TE);
        regs.write(Regs.TXDCTL(q), regs.read(Regs.TXDCTL(q)) | Regs.TXDCTL_.ENABLE);
        Wait.until("TXDCTL(" + q + ").ENABLE to read back as set", Wait.DEFAULT,
                () -> (regs.read(Regs.TXDCTL(q)) & Regs.TXDCTL_.ENABLE) != 0,
                () -> "TXDCTL = 0x" + Integer.toHexString(regs.read(Regs.TXDCTL(q))), Thread::onSpinWait);
    }

    /** A frame of {@code length} bytes to {@code destination}, with a recognisable payload. */
    static byte[] frame(final int length, final long destination, final int seed) {
        final byte[] frame = new byte[length];
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) (destination >>> (40 - 8 * i));
        }
        final long source = 0x02_00_00_00_00_99L;
        for (int i = 0; i < 6; i++) {
            frame[6 + i] = (byte) (source >>> (40 - 8 * i));
        }
        frame[12] = 0x08;
        frame[13] = 0x00;
        for (int i = 14; i < length; i++) {
            frame[i] = (byte) (seed * 31 + i);
        }
        return frame;
    }

    static byte[] frame(final int length, final int seed) {
        return frame(length, 0x02_00_00_00_00_00L, seed);
    }
}
