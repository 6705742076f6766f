package nicharness.model;

import java.lang.foreign.MemorySegment;

/**
 * {@link DrivingMode#THREADED}: an {@link EngineThread} runs the engines in passes of a bounded
 * burst each, polling the doorbells with acquire loads and draining the injection ring, which the
 * tester fills from its own thread (single producer). Frames that the engine thread itself puts on
 * the wire (its idle strategy's tester, a {@link Cable} between two of its ports) are received at
 * once. Doorbells and tail moves need nothing more: the next pass sees them. For performance runs.
 */
final class ThreadedScheduler implements Scheduler {
    private final int port;
    private final Engines engines;
    private final DeviceReset reset;
    private volatile EngineThread engine;

    ThreadedScheduler(final int port, final Engines engines, final DeviceReset reset) {
        this.port = port;
        this.engines = engines;
        this.reset = reset;
    }

    @Override
    public DrivingMode mode() {
        return DrivingMode.THREADED;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean receiveFromWire(final MemorySegment frame, final long offset, final int length,
                                   final long arrivalNanos) {
        final EngineThread e = engine;
        if (e != null && e.onEngineThread()) {
            return engines.receiveNow(frame, offset, length, arrivalNanos);
        }
        return engines.inject(frame, offset, length, arrivalNanos);
    }

    @Override
    public void doorbell(final TxQueue queue) {
        // The engine thread polls TDT.
    }

    @Override
    public void receiveTailMoved() {
        // The engine thread drains the packet buffer every pass.
    }

    @Override
    public void transmitMayStart() {
        // The engine thread polls the gates every pass.
    }

    /** From the driver's thread: pauses the engine thread between passes, resets, and resumes it. */
    @Override
    public void resetDevice() {
        final EngineThread e = engine;
        final boolean pause = e != null && !e.onEngineThread();
        if (pause) {
            e.pause();
        }
        try {
            reset.run();
        } finally {
            if (pause) {
                e.resume();
            }
        }
    }

    @Override
    public int step() {
        throw new IllegalStateException("step() drives the deferred and synchronous modes; port " + port
                + " is THREADED and its engine thread runs the engines");
    }

    @Override
    public ThreadedScheduler threaded() {
        return this;
    }

    /** One pass for the engine thread. */
    int doWork(final long nowNanos) {
        return engines.pass(nowNanos);
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
    public EngineThread engineThread() {
        return engine;
    }
}
