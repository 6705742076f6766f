package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * When the engines of one port run: the port's {@link DrivingMode}, as a strategy chosen when the
 * port is built. The register view and the wire tell it what happened (a doorbell, a tail move, a
 * reset, a frame arriving); it runs the engines ({@link Engines}) at once, when stepped, or leaves
 * them to an engine thread ({@code nic-model/README.md}, "Driving modes").
 *
 * <p>One implementation per mode; a JVM that measures runs its ports in one mode, so each call
 * site here sees one class and the JIT inlines it.
 */
sealed interface Scheduler permits SynchronousScheduler, DeferredScheduler, ThreadedScheduler {

    /** The mode this scheduler is. */
    DrivingMode mode();

    /** The port it schedules, for messages. */
    int port();

    /**
     * A frame of {@code length} bytes arrives from the wire.
     *
     * @return whether the frame reached host memory (synchronous) or the injection ring took it
     */
    boolean receiveFromWire(MemorySegment frame, long offset, int length, long arrivalNanos);

    /** The driver wrote TDT of {@code queue}. */
    void doorbell(TxQueue queue);

    /** The driver wrote an RDT. */
    void receiveTailMoved();

    /** TE or a queue's ENABLE went to 1, the link came up or the hold was lifted: a backlog may go. */
    void transmitMayStart();

    /** Runs a global reset of the port with its engines stopped. */
    void resetDevice();

    /**
     * Runs the engines over everything pending ({@link NicModel#step()}).
     *
     * @return descriptors and frames processed
     */
    int step();

    /**
     * Transmits at most {@code descriptors} descriptors of queue {@code queue}, held or not
     * ({@link NicModel#transmit}): deferred mode only.
     */
    default int transmit(final int queue, final int descriptors) {
        throw new IllegalStateException("transmit(queue, descriptors) drives the deferred mode; port " + port()
                + " is " + mode());
    }

    /** This port's scheduler as an engine thread drives it ({@link EngineThread}): threaded mode only. */
    default ThreadedScheduler threaded() {
        throw new IllegalStateException("an engine thread drives THREADED ports only; port " + port() + " is "
                + mode() + ": build it with mode(DrivingMode.THREADED)");
    }

    /** The engine thread running the port, or null. */
    default EngineThread engineThread() {
        return null;
    }
}
