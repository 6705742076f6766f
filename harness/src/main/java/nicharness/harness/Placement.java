package nicharness.harness;

import java.util.List;

/**
 * Where a trial's two busy threads go: the driver thread and the tester's thread (which also runs
 * the model's engines) on separate CPUs when the machine has them, leaving CPU 0 to the operating
 * system and the harness when there are three or more.
 */
public final class Placement {

    private Placement() {
    }

    /**
     * The CPUs for (driver thread, tester thread), or an empty list when there are fewer than two
     * CPUs and pinning would only serialise the two threads.
     */
    public static List<Integer> trialCpus(final int availableCpus) {
        if (availableCpus >= 3) {
            return List.of(1, 2);
        }
        if (availableCpus == 2) {
            return List.of(1, 0);
        }
        return List.of();
    }
}
