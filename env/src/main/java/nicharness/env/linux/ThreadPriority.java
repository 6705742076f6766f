package nicharness.env.linux;

import com.sun.jna.LastErrorException;

/**
 * A thread's nice value ({@code setpriority(2)}; on Linux each thread has its own).
 *
 * <p>The paper runs the driver on an isolated core. A machine without {@code isolcpus} comes
 * closest by giving the busy-polling threads the highest priority while they are measured: the
 * scheduler then rarely lets the JIT's compiler threads, a timer or the harness take their CPU for
 * the milliseconds in which a 128-descriptor receive ring overflows. Lowering a nice value needs
 * {@code CAP_SYS_NICE} (or an {@code RLIMIT_NICE} that allows it); without it the threads keep
 * their priority and the harness's run-queue accounting says what that cost.
 */
public final class ThreadPriority {
    /** The highest priority an ordinary (SCHED_OTHER) thread can have. */
    public static final int HIGHEST = -20;
    /** The default priority. */
    public static final int NORMAL = 0;

    private static final int PRIO_PROCESS = 0;

    private ThreadPriority() {
    }

    /**
     * Sets the nice value of kernel thread {@code tid} of this process (0: the calling thread).
     *
     * @return null if it was set, otherwise why not (for example "EPERM: not permitted"), for the log
     */
    public static String set(final long tid, final int nice) {
        try {
            LibC.INSTANCE.setpriority(PRIO_PROCESS, (int) tid, nice);
            return null;
        } catch (final LastErrorException e) {
            return (e.getErrorCode() == 1 || e.getErrorCode() == 13 ? "EPERM: not permitted (needs CAP_SYS_NICE)"
                    : "errno " + e.getErrorCode()) + " setting thread " + tid + " to nice " + nice;
        } catch (final LinkageError | RuntimeException e) {
            return "setpriority unavailable: " + e.getMessage();
        }
    }
}
