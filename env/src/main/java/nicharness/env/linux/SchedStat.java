package nicharness.env.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A thread's scheduler statistics, from {@code /proc/self/task/TID/schedstat} (the kernel's
 * {@code Documentation/scheduler/sched-stats.rst}): time on a CPU, time spent runnable but waiting
 * on a run queue, and the number of timeslices run.
 *
 * <p>The waiting time is what the harness needs: a busy-polling thread is never asleep, so every
 * nanosecond it spent waiting is a nanosecond another thread held its CPU, during which its
 * receive ring filled without it. {@code getrusage} counts involuntary switches but not their
 * length, and the thread's CPU time cannot tell a long preemption from many short ones either.
 *
 * @param onCpuNanos   time spent running
 * @param waitingNanos time spent runnable, waiting for a CPU
 * @param timeslices   how many times it was given a CPU
 */
public record SchedStat(long onCpuNanos, long waitingNanos, long timeslices) {

    /**
     * The calling thread's kernel id ({@code gettid(2)}), the name of its folder under {@code /proc/self/task}.
     *
     * @throws UnsupportedOperationException off x86-64, whose system-call number this uses
     */
    public static long currentThreadId() {
        final String arch = System.getProperty("os.arch");
        if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
            throw new UnsupportedOperationException("gettid is system call " + LibC.SYS_GETTID + " on x86-64 only, not on "
                    + arch);
        }
        return LibC.INSTANCE.syscall(LibC.SYS_GETTID);
    }

    /** The statistics of this process's thread {@code tid}, or empty when the kernel does not provide them. */
    public static Optional<SchedStat> ofThread(final long tid) {
        return read(Path.of("/proc/self/task", Long.toString(tid), "schedstat"));
    }

    /**
     * The statistics of another process's main thread ({@code /proc/PID/schedstat}), or empty when
     * the kernel does not provide them or the process has ended: for a single-threaded process,
     * such as a C driver the harness runs, the whole process.
     */
    public static Optional<SchedStat> ofProcess(final long pid) {
        return read(Path.of("/proc", Long.toString(pid), "schedstat"));
    }

    /** The statistics in {@code file}, or empty when it cannot be read or is not a schedstat line. */
    static Optional<SchedStat> read(final Path file) {
        try {
            return parse(Files.readString(file));
        } catch (final IOException | SecurityException e) {
            return Optional.empty(); // no CONFIG_SCHED_INFO, or the thread has ended
        }
    }

    /** Three decimal fields separated by blanks, as the kernel writes them; empty otherwise. */
    static Optional<SchedStat> parse(final String text) {
        final String[] fields = text.strip().split("\\s+");
        if (fields.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SchedStat(Long.parseLong(fields[0]), Long.parseLong(fields[1]),
                    Long.parseLong(fields[2])));
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
    }
}
