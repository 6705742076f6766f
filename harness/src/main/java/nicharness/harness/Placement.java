package nicharness.harness;

import java.util.List;
import nicharness.env.linux.ThreadAffinity;

/**
 * Where a trial's two busy threads go: the driver thread and the tester's thread (which also runs
 * the model's engines) on separate CPUs when the machine has them, leaving the first CPU to the
 * operating system and the harness when there are three or more.
 */
public final class Placement {

    private Placement() {
    }

    /**
     * The CPUs this process may use (its affinity mask: taskset and cgroup cpusets count), or
     * 0 .. availableProcessors - 1 where the mask cannot be read.
     */
    public static int[] usableCpus() {
        try {
            return ThreadAffinity.availableCpus();
        } catch (final RuntimeException | LinkageError e) {
            return java.util.stream.IntStream.range(0, Runtime.getRuntime().availableProcessors()).toArray();
        }
    }

    /** {@link #trialCpus(int[])} of this process's CPUs. */
    public static List<Integer> trialCpus() {
        return trialCpus(usableCpus());
    }

    /**
     * The CPUs for (driver thread, tester thread) among {@code cpus}, or an empty list when there are
     * fewer than two and pinning would only serialise the two threads.
     */
    public static List<Integer> trialCpus(final int[] cpus) {
        if (cpus.length >= 3) {
            return List.of(cpus[1], cpus[2]);
        }
        if (cpus.length == 2) {
            return List.of(cpus[1], cpus[0]);
        }
        return List.of();
    }

    /**
     * Pins the calling thread to {@code cpu}; where the machine will not, says so on standard output
     * naming {@code what} and goes on unpinned (an unpinned thread still measures, and the trial's
     * log shows why it may be slower).
     */
    public static void pinCurrentThread(final int cpu, final String what) {
        try {
            nicharness.env.linux.ThreadAffinity.pin(cpu);
        } catch (final RuntimeException | LinkageError e) {
            System.out.println(what + " stays unpinned: " + e.getMessage());
        }
    }
}
