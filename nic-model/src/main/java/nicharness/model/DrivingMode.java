package nicharness.model;

/**
 * When the model's engines run ({@code nic-model/README.md}, "Driving modes"). Chosen once per
 * port ({@link NicModel.Builder#mode}); each mode is a {@code Scheduler} of its own.
 */
public enum DrivingMode {
    /**
     * Deterministic, for tests: receive DMA happens inside {@link NicModel#receiveFromWire}, and
     * transmission inside the TDT write (when the write returns, every descriptor up to the new
     * tail has been sent and written back). {@code SynchronousScheduler}.
     */
    SYNCHRONOUS,
    /**
     * Injected frames wait and a doorbell only fetches descriptors; the engines run on {@link NicModel#step()}.
     * Lets a test observe "not yet transmitted" states, WTHRESH groups and late head write-backs;
     * the simulated-time testbed steps its ports this way. {@code DeferredScheduler}.
     */
    DEFERRED,
    /**
     * An engine thread polls the doorbells and the injection ring (see {@link EngineThread}); for
     * performance runs. {@code ThreadedScheduler}.
     */
    THREADED
}
