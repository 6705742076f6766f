package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * {@link DrivingMode#SYNCHRONOUS}: the engines run inside the call that gives them work. A frame
 * from the wire is received inside {@link NicModel#receiveFromWire}; a TDT write returns once
 * every descriptor up to the new tail has been sent and written back; an RDT write lets the frames
 * waiting in the packet buffer take the new descriptors. Deterministic, for unit and driver tests.
 */
final class SynchronousScheduler implements Scheduler {
    private final int port;
    private final Engines engines;
    private final TransmitEngine tx;
    private final DeviceReset reset;

    SynchronousScheduler(final int port, final Engines engines, final DeviceReset reset) {
        this.port = port;
        this.engines = engines;
        this.tx = engines.tx();
        this.reset = reset;
    }

    @Override
    public DrivingMode mode() {
        return DrivingMode.SYNCHRONOUS;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean receiveFromWire(final MemorySegment frame, final long offset, final int length,
                                   final long arrivalNanos) {
        return engines.receiveNow(frame, offset, length, arrivalNanos);
    }

    /** Transmits until TDH == TDT ({@code nic-model/README.md}, "Driving modes"). */
    @Override
    public void doorbell(final TxQueue queue) {
        if (tx.mayTransmit()) {
            tx.drain(queue, Integer.MAX_VALUE, System.nanoTime());
        }
    }

    @Override
    public void receiveTailMoved() {
        engines.rx().drainPacketBuffer();
    }

    @Override
    public void transmitMayStart() {
        engines.transmitAll();
    }

    @Override
    public void resetDevice() {
        reset.run();
    }

    /** Harmless: whatever a call left pending (a held port's backlog) runs now. */
    @Override
    public int step() {
        return engines.runAll();
    }

}
