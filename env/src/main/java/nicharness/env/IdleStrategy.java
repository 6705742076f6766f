package nicharness.env;

/**
 * What a driver's loop does after each poll, given how many packets it received (Agrona's idle
 * strategy). Busy-spinning is the paper's setting; yielding lets instruction counts under
 * valgrind, which serialises threads, stay repeatable ({@code docs/java-platform.md}, "Counting
 * instructions without hardware counters").
 */
@FunctionalInterface
public interface IdleStrategy {

    /** Called after every poll with the packets it received; 0 is an empty poll. */
    void idle(int workCount);

    /** Spin with a CPU pause hint on empty polls: the setting for every timing run. */
    IdleStrategy BUSY_SPIN = new IdleStrategy() {
        @Override
        public void idle(final int workCount) {
            if (workCount == 0) {
                Thread.onSpinWait();
            }
        }

        @Override
        public String toString() {
            return "busy-spin";
        }
    };

    /** Give the CPU away on empty polls: for callgrind runs and for tests on a busy machine. */
    IdleStrategy YIELD = new IdleStrategy() {
        @Override
        public void idle(final int workCount) {
            if (workCount == 0) {
                Thread.yield();
            }
        }

        @Override
        public String toString() {
            return "yield";
        }
    };

    /** Do nothing: for lock-step use where the caller decides when to poll again. */
    IdleStrategy NONE = new IdleStrategy() {
        @Override
        public void idle(final int workCount) {
        }

        @Override
        public String toString() {
            return "none";
        }
    };
}
