package nicharness.harness.plan;

import java.util.Locale;

/**
 * Which time a trial's measurements are in.
 *
 * <p>{@link #VIRTUAL} (the default on the software 82599): simulated time, one thread, the driver's
 * polls timed on the CPU and the card and the wire modelled ({@code nicharness.harness.sim}); the
 * results do not depend on what else the machine runs. {@link #REAL}: the driver on its own
 * thread and the model and tester on another, in wall-clock time, as on a card; on a 2-CPU machine
 * shared with other work, the machine's limits show in the results (and are marked).
 */
public enum TrialClock {
    VIRTUAL, REAL;

    /** The name on the command line and in the results: {@code virtual} or {@code real}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The clock called {@code id}.
     *
     * @throws IllegalArgumentException naming the clocks there are
     */
    public static TrialClock byId(final String id) {
        for (final TrialClock c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown clock '" + id + "'; the clocks are virtual (simulated time, the default)"
                + " and real");
    }
}
