package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * The engines of one port and the work waiting for them: the receive and transmit engines, the
 * ring of frames injected from the wire, and, in file-backed mode, the look at the registers that
 * finds the driver's writes. What a pass over that work does is the same in every driving mode;
 * the {@link Scheduler} decides when a pass runs and how much it may take.
 */
final class Engines {
    /** Frames the engine thread takes from the injection ring per pass. */
    static final int RECEIVE_BURST = 64;
    /**
     * Descriptors per transmit queue per pass of the engine thread, so that queues are served
     * round-robin ([MODEL]: the datasheet's arbitration is not modelled).
     */
    static final int TRANSMIT_BURST = 64;

    private final ReceiveEngine rx;
    private final TransmitEngine tx;
    private final Wire wire;
    /** Frames from the wire waiting for the receive engine; null in synchronous mode, which receives at once. */
    private final FrameRing injection;
    /** The look at file-backed registers; null unless file-backed. */
    private final FileBackedRegisters fileBacked;
    /** Run when that look finds CTRL.RST set (on the thread that runs the engines, so nothing to stop). */
    private final DeviceReset reset;

    Engines(final ReceiveEngine rx, final TransmitEngine tx, final Wire wire, final FrameRing injection,
            final FileBackedRegisters fileBacked, final DeviceReset reset) {
        this.rx = rx;
        this.tx = tx;
        this.wire = wire;
        this.injection = injection;
        this.fileBacked = fileBacked;
        this.reset = reset;
    }

    ReceiveEngine rx() {
        return rx;
    }

    TransmitEngine tx() {
        return tx;
    }

    /** The receive engine takes a frame from the wire now, after the tap has seen it. */
    boolean receiveNow(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        wire.arrived(frame, offset, length, arrivalNanos);
        return rx.receive(frame, offset, length);
    }

    /**
     * Receives a frame at once, after the frames already waiting in the injection ring (deferred
     * mode, on the thread that steps the engines): what injecting it and stepping would do to it.
     */
    boolean receiveAfterInjected(final MemorySegment frame, final long offset, final int length) {
        if (injection.size() > 0) {
            drainInjection(Integer.MAX_VALUE);
        }
        return receiveNow(frame, offset, length, 0L);
    }

    /** The end of a burst of frames the engine thread received from the wire ({@link NicModel#endOfWireBurst}). */
    void endOfWireBurst() {
        rx.publishWriteBacks();
    }

    /** A frame from the wire waits in the injection ring for the next pass (single producer). */
    boolean inject(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        return injection.offer(frame, offset, length, arrivalNanos);
    }

    /** Frames waiting in the injection ring. */
    int pendingInjected() {
        return injection == null ? 0 : injection.size();
    }

    /**
     * Everything pending: frames waiting in the packet buffer and the injection ring, then every
     * enabled transmit queue until its head reaches its tail.
     *
     * @return descriptors and frames processed
     */
    int runAll() {
        final int work = receive(Integer.MAX_VALUE);
        return work + transmitAll();
    }

    /** Every enabled transmit queue until its head reaches its tail, if the port may transmit. */
    int transmitAll() {
        return tx.mayTransmit() ? tx.drainActive(Integer.MAX_VALUE, System.nanoTime()) : 0;
    }

    /** One pass of the engine thread: a bounded burst of each (an agent's duty cycle). */
    int pass(final long nowNanos) {
        rx.publishWriteBacks(); // what the idle strategy's tester injected since the last pass, if it did not say endOfWireBurst
        final int work = receive(RECEIVE_BURST);
        rx.publishWriteBacks();
        return tx.mayTransmit() ? work + tx.drainActive(TRANSMIT_BURST, nowNanos) : work;
    }

    /** The receive side's pending work, up to {@code budget} injected frames. */
    private int receive(final int budget) {
        if (fileBacked != null && fileBacked.observe()) {
            reset.run();
        }
        final int work = rx.drainPacketBuffer();
        return injection == null ? work : work + drainInjection(budget);
    }

    private int drainInjection(final int budget) {
        int frames = 0;
        while (frames < budget) {
            final long slot = injection.peek();
            if (slot < 0) {
                break;
            }
            final long frame = FrameRing.frameAt(slot);
            final int length = FrameRing.lengthAt(slot);
            wire.arrived(frame, length, FrameRing.arrivalAt(slot));
            rx.receiveAt(frame, length);
            injection.release();
            frames++;
        }
        return frames;
    }
}
