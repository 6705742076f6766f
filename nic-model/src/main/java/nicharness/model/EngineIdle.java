package nicharness.model;

/**
 * What the engine thread does after a pass that found no work (Agrona's idle strategy). Spinning
 * is the setting for timing runs; yielding keeps two-thread runs under valgrind repeatable
 * (java-platform.md section 7) and is kinder to a shared machine.
 */
@FunctionalInterface
public interface EngineIdle {

    /** Called after every pass with the work it did. */
    void idle(int workCount);

    /** Spin with a CPU pause hint on empty passes. */
    EngineIdle SPIN = new EngineIdle() {
        @Override
        public void idle(final int workCount) {
            if (workCount == 0) {
                Thread.onSpinWait();
            }
        }

        @Override
        public String toString() {
            return "spin";
        }
    };

    /** Give the CPU away on empty passes. */
    EngineIdle YIELD = new EngineIdle() {
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
}
