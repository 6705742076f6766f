package nicharness.harness.trial;

/**
 * The device under test and the tester around it, as one trial uses them: a driver with its NF on
 * two ports, and a tester that offers paced traffic on the ports' wires and timestamps what comes
 * back. Implementations: the software 82599 with a tester on its wire.
 *
 * <p>Every method runs traffic for the time it is asked to, then waits for the frames in flight
 * to come back, and cross-checks the loss it saw against the cards' and the driver's counters: a
 * disagreement is an error ({@link IllegalStateException}), never a footnote.
 */
public interface Testbed extends AutoCloseable {

    /**
     * Offers warm-up traffic, so that the JIT compiles the data path; nothing is recorded and no
     * loss is checked ({@link JitWarmUp} decides how much of it a trial needs).
     */
    void warmUp(Load load);

    /**
     * The paper's heat-up (TinyNF osdi20 {@code bench-moongen.lua:20-22, 256-267}): every flow sent
     * in runs of 8 frames, at a low rate, so
     * that the NF's tables hold every flow before measuring (the load balancer first gets a reverse
     * heat-up so that its backends register).
     *
     * @return what was measured, whose loss the caller checks against the paper's 1 %
     */
    Measurement heatUp(double seconds, double gbpsPerDirection);

    /** Offers one load and measures it. */
    Measurement offer(Load load);

    /**
     * In simulated time with a calibrated CPU ({@code --cpu-cost calibrated}): offers {@code loads}
     * unmeasured while learning what the driver's polls cost by packet count on this CPU, then
     * charges every poll from that until {@link #chargeMeasured()}.
     *
     * @return what was learnt; {@link nicharness.harness.sim.Calibration#NONE} where polls are not timed
     */
    default nicharness.harness.sim.Calibration calibrate(final java.util.List<Load> loads) {
        return nicharness.harness.sim.Calibration.NONE;
    }

    /** Ends what {@link #calibrate} began: polls are charged as measured again. */
    default void chargeMeasured() {
    }

    /** Stops the driver and the tester and releases the ports. */
    @Override
    void close();
}
