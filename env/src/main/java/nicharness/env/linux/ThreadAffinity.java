package nicharness.env.linux;

import com.sun.jna.LastErrorException;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Pins the calling thread to one CPU, through {@code sched_setaffinity(0, ...)} ({@code
 * docs/java-platform.md}, "System calls"): the driver's thread and the model's engine thread each get a CPU
 * of their own, so that neither migrates in the middle of a measurement.
 *
 * <p>Java platform threads are kernel threads one to one, so pid 0 (the calling thread) is the
 * Java thread that calls. Call {@link #pin} at the top of the thread's {@code run()}. JIT and GC
 * threads stay unpinned.
 */
public final class ThreadAffinity {
    /** CPUs a mask can name: glibc's {@code CPU_SETSIZE}. */
    public static final int MAX_CPUS = 1024;
    private static final int MASK_BYTES = MAX_CPUS / 8;

    private ThreadAffinity() {
    }

    /**
     * Restricts the calling thread to {@code cpu}.
     *
     * @throws IllegalArgumentException when {@code cpu} does not exist or this process may not use
     *                                  it, listing the CPUs it may use
     * @throws IllegalStateException    when the kernel refuses, with its errno
     */
    public static void pin(final int cpu) {
        final int[] available = availableCpus();
        if (Arrays.binarySearch(available, cpu) < 0) {
            throw new IllegalArgumentException("cannot pin a thread to CPU " + cpu
                    + ": no such CPU is available to this process; available CPUs are " + Arrays.toString(available)
                    + " (see nproc, and taskset or cgroup cpusets that restrict them)");
        }
        final long[] mask = new long[MASK_BYTES / 8];
        mask[cpu >>> 6] = 1L << (cpu & 63);
        try {
            LibC.INSTANCE.sched_setaffinity(0, MASK_BYTES, mask);
        } catch (final LastErrorException e) {
            throw new IllegalStateException("cannot pin thread " + Thread.currentThread().getName() + " to CPU " + cpu
                    + ": sched_setaffinity failed with " + Errno.describe(e.getErrorCode()), e);
        }
    }

    /** The CPU the calling thread is running on now ({@code sched_getcpu}). */
    public static int currentCpu() {
        try {
            return LibC.INSTANCE.sched_getcpu();
        } catch (final LastErrorException e) {
            throw new IllegalStateException("sched_getcpu failed with " + Errno.describe(e.getErrorCode()), e);
        }
    }

    /**
     * The CPUs this process may run on, in increasing order: the affinity of its main thread, which
     * is what the process was started with (taskset, cgroup cpusets), whatever other threads pinned.
     */
    public static int[] availableCpus() {
        return affinity(LibC.INSTANCE.getpid());
    }

    /** The CPUs the calling thread may run on now, in increasing order. */
    public static int[] allowedCpus() {
        return affinity(0);
    }

    private static int[] affinity(final int pid) {
        final long[] mask = new long[MASK_BYTES / 8];
        try {
            LibC.INSTANCE.sched_getaffinity(pid, MASK_BYTES, mask);
        } catch (final LastErrorException e) {
            throw new IllegalStateException("sched_getaffinity failed with " + Errno.describe(e.getErrorCode()), e);
        }
        return IntStream.range(0, MAX_CPUS).filter(cpu -> (mask[cpu >>> 6] & (1L << (cpu & 63))) != 0).toArray();
    }
}
