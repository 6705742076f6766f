package nicharness.env.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Performance counters of the calling thread through {@code perf_event_open(2)} (syscall 298 on
 * x86-64; {@code struct perf_event_attr} as {@code docs/java-platform.md}, "System calls", lays it out), for
 * Table 4's instructions, cycles and cache behaviour per packet.
 *
 * <p>The events form one group, read together in one {@code read(2)}, so that their counts cover
 * exactly the same interval. A group is opened for the thread that calls {@link #open} (pid 0,
 * any CPU) and counts that thread only, in user space only ({@code exclude_kernel},
 * {@code exclude_hv}): the data path makes no system calls, so this is the data path's work.
 *
 * <p>Virtual machines often expose no hardware PMU; the kernel then answers {@code ENOENT} and
 * {@link #open} returns an {@link Unavailable} that carries the reason, instead of throwing: the
 * harness records "no counters" and falls back to counting instructions another way
 * ({@code docs/java-platform.md}, "Counting instructions without hardware counters"). The software
 * task clock ({@link Event#TASK_CLOCK}) works
 * everywhere and keeps this code exercised.
 *
 * <p>Usage, on the measured thread: {@code open}, {@link #reset}, {@link #enable}, run,
 * {@link #disable}, {@link #read}, {@link #close}. Not thread-safe; not for the per-packet path
 * (each call is a system call through JNA).
 */
public final class HardwareCounters implements AutoCloseable {

    /** What a counter counts: a perf event type and config. */
    public enum Event {
        /** CPU cycles ({@code PERF_COUNT_HW_CPU_CYCLES}). */
        CYCLES(Event.HARDWARE, 0),
        /** Instructions retired ({@code PERF_COUNT_HW_INSTRUCTIONS}). */
        INSTRUCTIONS(Event.HARDWARE, 1),
        /** Last-level cache references ({@code PERF_COUNT_HW_CACHE_REFERENCES}). */
        CACHE_REFERENCES(Event.HARDWARE, 2),
        /** Last-level cache misses ({@code PERF_COUNT_HW_CACHE_MISSES}). */
        CACHE_MISSES(Event.HARDWARE, 3),
        /** Nanoseconds the thread ran on a CPU ({@code PERF_COUNT_SW_TASK_CLOCK}); works without a PMU. */
        TASK_CLOCK(Event.SOFTWARE, 1),
        /** Page faults ({@code PERF_COUNT_SW_PAGE_FAULTS}). */
        PAGE_FAULTS(Event.SOFTWARE, 2),
        /** Times the thread was switched out ({@code PERF_COUNT_SW_CONTEXT_SWITCHES}): preemption during a trial. */
        CONTEXT_SWITCHES(Event.SOFTWARE, 3);

        private static final int HARDWARE = 0;
        private static final int SOFTWARE = 1;

        private final int type;
        private final long config;

        Event(final int type, final long config) {
            this.type = type;
            this.config = config;
        }

        /** Whether the event needs a hardware PMU. */
        public boolean hardware() {
            return type == HARDWARE;
        }
    }

    /** The four hardware events of the paper's Table 4. */
    public static final Event[] TABLE_4 = {Event.INSTRUCTIONS, Event.CYCLES, Event.CACHE_REFERENCES, Event.CACHE_MISSES};

    /** The outcome of {@link #open}: counters, or the kernel's reason why not. */
    public sealed interface Opening permits Opened, Unavailable {
    }

    /** The counters were opened. */
    public record Opened(HardwareCounters counters) implements Opening {
    }

    /**
     * The kernel refused {@code event}.
     *
     * @param event   the first event refused
     * @param errno   the kernel's errno
     * @param meaning what that errno means for perf events, and what to do
     */
    public record Unavailable(Event event, int errno, String meaning) implements Opening {
        /** The errno's name, such as {@code ENOENT}. */
        public String errnoName() {
            return Errno.name(errno);
        }

        /** One line for a log or a results file. */
        public String message() {
            return "performance counter " + event + " unavailable: perf_event_open failed with "
                    + Errno.describe(errno) + ": " + meaning;
        }
    }

    /**
     * Counts of one {@link #read}: one value per event, in the order opened, and the times the
     * group was enabled and actually counting (less when the kernel multiplexed the PMU).
     */
    public record Reading(Event[] events, long[] values, long timeEnabledNanos, long timeRunningNanos) {
        /** The count of {@code event}, scaled up by enabled / running time if the group was multiplexed. */
        public long value(final Event event) {
            for (int i = 0; i < events.length; i++) {
                if (events[i] == event) {
                    if (timeRunningNanos == 0 || timeRunningNanos == timeEnabledNanos) {
                        return values[i];
                    }
                    return (long) (values[i] * ((double) timeEnabledNanos / timeRunningNanos));
                }
            }
            throw new IllegalArgumentException(event + " was not opened; opened: " + Arrays.toString(events));
        }

        @Override
        public String toString() {
            return "Reading" + Arrays.toString(events) + "=" + Arrays.toString(values)
                    + " enabled=" + timeEnabledNanos + "ns running=" + timeRunningNanos + "ns";
        }
    }

    // struct perf_event_attr (include/uapi/linux/perf_event.h), PERF_ATTR_SIZE_VER7
    private static final int ATTR_SIZE = 128;
    private static final long ATTR_TYPE = 0;
    private static final long ATTR_SIZE_FIELD = 4;
    private static final long ATTR_CONFIG = 8;
    private static final long ATTR_READ_FORMAT = 32;
    private static final long ATTR_FLAGS = 40;
    private static final long FLAG_DISABLED = 1L;
    private static final long FLAG_EXCLUDE_KERNEL = 1L << 5;
    private static final long FLAG_EXCLUDE_HV = 1L << 6;
    private static final long FORMAT_TOTAL_TIME_ENABLED = 1;
    private static final long FORMAT_TOTAL_TIME_RUNNING = 2;
    private static final long FORMAT_GROUP = 8;
    private static final long PERF_FLAG_FD_CLOEXEC = 8;
    private static final long IOC_ENABLE = 0x2400;
    private static final long IOC_DISABLE = 0x2401;
    private static final long IOC_RESET = 0x2403;
    private static final long IOC_FLAG_GROUP = 1;

    private final Event[] events;
    private final int[] fds;
    private final Memory buffer;
    private boolean closed;

    private HardwareCounters(final Event[] events, final int[] fds) {
        this.events = events;
        this.fds = fds;
        this.buffer = new Memory(8L * (3 + events.length)); // nr, time enabled, time running, values
    }

    /** Opens the four hardware events of Table 4 for the calling thread. */
    public static Opening openTable4() {
        return open(TABLE_4);
    }

    /**
     * Opens {@code events} as one group for the calling thread, disabled; or says why the kernel
     * refused. Never throws for a refusal: a machine without counters is a normal case.
     */
    public static Opening open(final Event... events) {
        if (events.length == 0) {
            throw new IllegalArgumentException("at least one event is needed");
        }
        final Event[] opened = events.clone();
        final List<Integer> fds = new ArrayList<>();
        try (Memory attr = new Memory(ATTR_SIZE)) {
            for (final Event event : opened) {
                Objects.requireNonNull(event, "event");
                attr.clear();
                attr.setInt(ATTR_TYPE, event.type);
                attr.setInt(ATTR_SIZE_FIELD, ATTR_SIZE);
                attr.setLong(ATTR_CONFIG, event.config);
                attr.setLong(ATTR_READ_FORMAT, FORMAT_GROUP | FORMAT_TOTAL_TIME_ENABLED | FORMAT_TOTAL_TIME_RUNNING);
                // the leader starts disabled and its members follow it; every member counts user space only
                attr.setLong(ATTR_FLAGS, (fds.isEmpty() ? FLAG_DISABLED : 0) | FLAG_EXCLUDE_KERNEL | FLAG_EXCLUDE_HV);
                final long leader = fds.isEmpty() ? -1L : fds.get(0);
                try {
                    fds.add((int) LibC.INSTANCE.syscall(LibC.SYS_PERF_EVENT_OPEN, attr, 0L, -1L, leader, PERF_FLAG_FD_CLOEXEC));
                } catch (final LastErrorException e) {
                    closeAll(fds);
                    return new Unavailable(event, e.getErrorCode(), meaning(e.getErrorCode(), event));
                }
            }
        }
        return new Opened(new HardwareCounters(opened, fds.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** What a perf_event_open errno means, and what to do about it. */
    static String meaning(final int errno, final Event event) {
        final Errno known = Errno.of(errno);
        if (known == null) {
            return "see perf_event_open(2)";
        }
        return switch (known) {
            case ENOENT -> event.hardware()
                    ? "the kernel has no hardware PMU for this event (usual in a virtual machine without PMU pass-through); "
                            + "count instructions with valgrind --tool=callgrind instead"
                    : "the kernel does not know this software event";
            case ENODEV -> "this CPU has no such event";
            case EOPNOTSUPP -> "the PMU cannot count this way (no such feature on this machine)";
            case EACCES, EPERM -> "not permitted by /proc/sys/kernel/perf_event_paranoid; run as root or lower it";
            case ENOSYS -> "the kernel was built without perf events";
            case EINVAL -> "the kernel rejects the event attributes (unknown event or too old a kernel)";
            case E2BIG -> "the kernel does not know this perf_event_attr size (too old a kernel)";
            case EMFILE -> "too many open files in this process";
            case EBUSY -> "another user holds the PMU exclusively";
            default -> known.meaning();
        };
    }

    /** The events, in the order their values are read. */
    public Event[] events() {
        return events.clone();
    }

    /** Zeroes every count of the group. */
    public void reset() {
        ioctl(IOC_RESET);
    }

    /** Starts counting. */
    public void enable() {
        ioctl(IOC_ENABLE);
    }

    /** Stops counting; the counts stay until {@link #reset}. */
    public void disable() {
        ioctl(IOC_DISABLE);
    }

    private void ioctl(final long request) {
        checkOpen();
        try {
            LibC.INSTANCE.ioctl(fds[0], request, IOC_FLAG_GROUP);
        } catch (final LastErrorException e) {
            throw new IllegalStateException(String.format("perf ioctl 0x%x on the counter group failed with %s",
                    request, Errno.describe(e.getErrorCode())), e);
        }
    }

    /** Reads every count of the group at once. */
    public Reading read() {
        checkOpen();
        final long expected = buffer.size();
        final long got;
        try {
            got = LibC.INSTANCE.read(fds[0], buffer, expected);
        } catch (final LastErrorException e) {
            throw new IllegalStateException("reading the perf counter group failed with " + Errno.describe(e.getErrorCode()), e);
        }
        if (got != expected || buffer.getLong(0) != events.length) {
            throw new IllegalStateException("perf counter group read " + got + " bytes for " + buffer.getLong(0)
                    + " counters; expected " + expected + " bytes for " + events.length);
        }
        final long[] values = new long[events.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getLong(8L * (3 + i));
        }
        return new Reading(events.clone(), values, buffer.getLong(8), buffer.getLong(16));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the counters are closed");
        }
    }

    /** Closes every counter of the group. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            final List<Integer> all = new ArrayList<>();
            for (final int fd : fds) {
                all.add(fd);
            }
            closeAll(all);
            buffer.close();
        }
    }

    private static void closeAll(final List<Integer> fds) {
        for (int i = fds.size() - 1; i >= 0; i--) { // members before their leader
            try {
                LibC.INSTANCE.close(fds.get(i));
            } catch (final LastErrorException ignored) {
                // a descriptor that cannot be closed is gone already
            }
        }
    }

    @Override
    public String toString() {
        return "HardwareCounters" + Arrays.toString(events) + (closed ? " closed" : "");
    }
}
