package nicharness.model;

/**
 * When the model's engines run ({@code nic-model/README.md}, "Driving modes").
 */
public enum DrivingMode {
    /**
     * Deterministic, for tests: receive DMA happens inside {@link NicModel#receiveFromWire}, and
     * transmission inside the TDT write (when the write returns, every descriptor up to the new
     * tail has been sent and written back).
     */
    SYNCHRONOUS,
    /**
     * Doorbells and injected frames are only recorded; the engines run on {@link NicModel#step()}.
     * Lets a test observe "not yet transmitted" states, WTHRESH groups and late head write-backs.
     */
    DEFERRED,
    /**
     * An engine thread polls the doorbells and the injection ring (see {@link EngineThread}); for
     * performance runs.
     */
    THREADED
}
