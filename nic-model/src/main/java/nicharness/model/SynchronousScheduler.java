package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * {@link DrivingMode#SYNCHRONOUS}: the engines run inside the call that gives them work. A frame
 * from the wire is received inside {@link NicModel#receiveFromWire}; a TDT write returns once
 * every descriptor up to the new tail has been sent and written back; an RDT write lets the frames
 * waiting in the packet buffer take the new descriptors. {@link NicModel#step()} is harmless: it
 * runs what a call left pending (a held port's backlog). Deterministic, for unit and driver tests.
 */
final class SynchronousScheduler extends Scheduler {
    private final TransmitEngine tx;

    SynchronousScheduler(final int port, final Engines engines, final DeviceReset reset) {
        super(DrivingMode.SYNCHRONOUS, port, engines, reset);
        this.tx = engines.tx();
    }

    @Override
    boolean receiveFromWire(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        return engines.receiveNow(frame, offset, length, arrivalNanos);
    }

    /** Transmits until TDH == TDT ({@code nic-model/README.md}, "Driving modes"). */
    @Override
    void doorbell(final TxQueue queue) {
        if (tx.mayTransmit()) {
            tx.drain(queue, Integer.MAX_VALUE, System.nanoTime());
        }
    }

    @Override
    void receiveTailMoved() {
        engines.rx().drainPacketBuffer();
    }

    @Override
    void transmitMayStart() {
        engines.transmitAll();
    }
}
