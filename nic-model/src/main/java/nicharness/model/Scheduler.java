package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * When the engines of one port run: the port's {@link DrivingMode}, as a strategy chosen when the
 * port is built. The register view and the wire tell it what happened (a frame arriving, a
 * doorbell, a tail move, a reset); it runs the engines ({@link Engines}) at once, when stepped, or
 * leaves them to an engine thread ({@code nic-model/README.md}, "Driving modes"). What this class
 * does itself is what the modes share; each subclass is one mode.
 *
 * <p>A JVM that measures runs its ports in one mode, so each call site here sees one class and the
 * JIT inlines it ({@code docs/design.md}, "The software 82599's parts").
 */
abstract sealed class Scheduler permits SynchronousScheduler, DeferredScheduler, ThreadedScheduler {
    private final DrivingMode mode;
    /** The port scheduled, for messages. */
    final int port;
    final Engines engines;
    private final DeviceReset reset;

    Scheduler(final DrivingMode mode, final int port, final Engines engines, final DeviceReset reset) {
        this.mode = mode;
        this.port = port;
        this.engines = engines;
        this.reset = reset;
    }

    /** The mode this scheduler is. */
    final DrivingMode mode() {
        return mode;
    }

    /**
     * A frame of {@code length} bytes arrives from the wire.
     *
     * @return whether the frame reached host memory (synchronous) or the injection ring took it
     */
    abstract boolean receiveFromWire(MemorySegment frame, long offset, int length, long arrivalNanos);

    /**
     * See {@link NicModel#receiveFromWireNow}: in synchronous mode every frame is received at
     * once anyway.
     */
    boolean receiveFromWireNow(final MemorySegment frame, final long offset, final int length) {
        return receiveFromWire(frame, offset, length, 0L);
    }

    /** See {@link NicModel#endOfWireBurst}: nothing, unless the engine thread received the burst. */
    void endOfWireBurst() {
    }

    /** The driver wrote TDT of {@code queue}. Nothing by default: the engines find the tail when they run. */
    void doorbell(final TxQueue queue) {
    }

    /** The driver wrote an RDT. Nothing by default: the packet buffer drains when the engines run. */
    void receiveTailMoved() {
    }

    /**
     * TE or a queue's ENABLE went to 1, the link came up or the hold was lifted: a backlog may go.
     * Nothing by default: it goes when the engines run.
     */
    void transmitMayStart() {
    }

    /** Runs a global reset of the port, with its engines stopped. */
    void resetDevice() {
        reset.run();
    }

    /**
     * Runs the engines over everything pending ({@link NicModel#step()}).
     *
     * @return descriptors and frames processed
     */
    int step() {
        return engines.runAll();
    }

    /**
     * Transmits at most {@code descriptors} descriptors of queue {@code queue}, held or not
     * ({@link NicModel#transmit}): deferred mode only.
     */
    int transmit(final int queue, final int descriptors) {
        throw new IllegalStateException("transmit(queue, descriptors) drives the deferred mode; port " + port + " is "
                + mode);
    }

    /** This port's scheduler as an engine thread drives it ({@link EngineThread}): threaded mode only. */
    ThreadedScheduler threaded() {
        throw new IllegalStateException("an engine thread drives THREADED ports only; port " + port + " is " + mode
                + ": build it with mode(DrivingMode.THREADED)");
    }

    /** The engine thread running the port, or null. */
    EngineThread engineThread() {
        return null;
    }
}
