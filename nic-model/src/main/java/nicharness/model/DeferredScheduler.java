package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * {@link DrivingMode#DEFERRED}: frames from the wire wait in the injection ring and the engines
 * run when the caller steps them ({@link NicModel#step()}), so a test can observe "not yet sent",
 * WTHRESH groups and a late head write-back. A doorbell only fetches descriptors, as a card's fetch
 * answers the doorbell when it arrives.
 *
 * <p>The simulated-time testbed ({@code harness}'s {@code SimulatedTestbed}) is this mode's main
 * client: it holds each port ({@link NicModel#holdTransmit}), steps it at the times its events fall
 * due, and sends each doorbell's frames with {@link #transmit} once their data has crossed the
 * modelled PCIe link. With {@link Interleaving}, the engines also run at seeded points between
 * the driver's register accesses, and fetch there rather than at the doorbell.
 */
final class DeferredScheduler extends Scheduler {
    private final TransmitEngine tx;
    /** Whether a doorbell fetches at once; not when interleaved, which fetches at its own points. */
    private final boolean fetchOnDoorbell;

    DeferredScheduler(final int port, final Engines engines, final DeviceReset reset, final boolean interleaved) {
        super(DrivingMode.DEFERRED, port, engines, reset);
        this.tx = engines.tx();
        this.fetchOnDoorbell = !interleaved;
    }

    @Override
    boolean receiveFromWire(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        return engines.inject(frame, offset, length, arrivalNanos);
    }

    /** The frames already in the injection ring first, then this one, with no copy into the ring. */
    @Override
    boolean receiveFromWireNow(final MemorySegment frame, final long offset, final int length) {
        return engines.receiveAfterInjected(frame, offset, length);
    }

    /**
     * The fetch answers the doorbell, even while the port is held (a card's fetch engine does not
     * wait for the MAC); processing waits for {@link #step()} or {@link #transmit}.
     */
    @Override
    void doorbell(final TxQueue queue) {
        if (fetchOnDoorbell && tx.mayFetch()) {
            tx.fetchOnDoorbell(queue);
        }
    }

    /**
     * For a testbed that times each doorbell's frames by the DMA reads of their data and holds the
     * port otherwise: TE and the link gate it, the hold does not.
     */
    @Override
    int transmit(final int queue, final int descriptors) {
        if (!tx.mayFetch()) {
            return 0;
        }
        return tx.drain(tx.queue(queue), descriptors, System.nanoTime());
    }
}
