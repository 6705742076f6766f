package nicharness.model;

import java.util.SplittableRandom;

/**
 * Seeded interleaving ({@link NicModel.Builder#interleave}), a deferred-mode option: before a
 * driver's register access takes effect, the engines may run over everything pending, one time in
 * {@value #ODDS}, as a card's engines run whenever they like between a driver's accesses.
 * Deterministic for a seed. Called by the register view on the driver's thread.
 */
final class Interleaving {
    /** The engines run before one driver register access in this many. */
    static final int ODDS = 4;

    private final SplittableRandom random;
    private final Engines engines;
    /** Whether the engines are running now (no re-entry from their own accesses). */
    private boolean running;

    Interleaving(final long seed, final Engines engines) {
        this.random = new SplittableRandom(seed);
        this.engines = engines;
    }

    void beforeDriverAccess() {
        if (!running && random.nextInt(ODDS) == 0) {
            running = true;
            try {
                engines.runAll();
            } finally {
                running = false;
            }
        }
    }
}
