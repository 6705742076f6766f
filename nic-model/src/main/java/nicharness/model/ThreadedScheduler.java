package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * {@link DrivingMode#THREADED}: an {@link EngineThread} runs the engines in passes of a bounded
 * burst each, polling the doorbells with acquire loads and draining the injection ring, which the
 * tester fills from its own thread (single producer). Frames that the engine thread itself puts on
 * the wire (its idle strategy's tester, a {@link Cable} between two of its ports) are received at
 * once. Doorbells, tail moves and a lifted hold need nothing more: the next pass sees them. For
 * performance runs.
 */
final class ThreadedScheduler extends Scheduler {
    private volatile EngineThread engine;

    ThreadedScheduler(final int port, final Engines engines, final DeviceReset reset) {
        super(DrivingMode.THREADED, port, engines, reset);
    }

    @Override
    boolean receiveFromWire(final MemorySegment frame, final long offset, final int length, final long arrivalNanos) {
        final EngineThread e = engine;
        if (e != null && e.onEngineThread()) {
            return engines.receiveNow(frame, offset, length, arrivalNanos);
        }
        return engines.inject(frame, offset, length, arrivalNanos);
    }

    /** Only on the engine thread, which receives a frame from the wire at once anyway. */
    @Override
    boolean receiveFromWireNow(final MemorySegment frame, final long offset, final int length) {
        final EngineThread e = engine;
        if (e == null || !e.onEngineThread()) {
            throw new IllegalStateException("port " + port + " is THREADED: only its engine thread may receive a frame"
                    + " at once (receiveFromWireNow); other threads inject with receiveFromWire");
        }
        return engines.receiveNow(frame, offset, length, 0L);
    }

    /** On the engine thread, the frames it received from the wire since its last pass are written back now. */
    @Override
    void endOfWireBurst() {
        final EngineThread e = engine;
        if (e != null && e.onEngineThread()) {
            engines.endOfWireBurst();
        }
    }

    /** From the driver's thread: pauses the engine thread between passes, resets, and resumes it. */
    @Override
    void resetDevice() {
        final EngineThread e = engine;
        final boolean pause = e != null && !e.onEngineThread();
        if (pause) {
            e.pause();
        }
        try {
            super.resetDevice();
        } finally {
            if (pause) {
                e.resume();
            }
        }
    }

    @Override
    int step() {
        throw new IllegalStateException("step() drives the deferred and synchronous modes; port " + port
                + " is THREADED and its engine thread runs the engines");
    }

    /** One pass for the engine thread. */
    int doWork(final long nowNanos) {
        return engines.pass(nowNanos);
    }

    @Override
    ThreadedScheduler threaded() {
        return this;
    }

    void attach(final EngineThread engineThread) {
        if (engine != null) {
            throw new IllegalStateException("port " + port + " already has an engine thread: " + engine);
        }
        engine = engineThread;
    }

    void detach(final EngineThread engineThread) {
        if (engine == engineThread) {
            engine = null;
        }
    }

    @Override
    EngineThread engineThread() {
        return engine;
    }
}
