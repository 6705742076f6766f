package nicharness.driver;

/**
 * When a driver's {@link Driver#run} loop ends. The driver calls it every {@link #CHECK_PERIOD}
 * polls, so it must be a read that cannot be hoisted out of the loop (a volatile or opaque read),
 * as JCTools' {@code ExitCondition} requires.
 */
@FunctionalInterface
public interface StopCondition {

    /** Polls between two checks: rare enough to cost nothing, frequent enough to stop within microseconds. */
    int CHECK_PERIOD = 256;

    /** Whether the run loop should return now. */
    boolean shouldStop();
}
