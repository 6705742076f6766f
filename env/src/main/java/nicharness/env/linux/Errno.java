package nicharness.env.linux;

/**
 * The Linux errno values the environment can meet, with their names and plain meanings, so that an
 * error message can say {@code ENOMEM (12, out of memory)} instead of a bare number.
 */
public enum Errno {
    /** Not permitted. */
    EPERM(1, "operation not permitted"),
    /** No such file or directory, or no such event type. */
    ENOENT(2, "no such file, directory or event"),
    /** No such process or thread. */
    ESRCH(3, "no such process"),
    /** Interrupted by a signal. */
    EINTR(4, "interrupted system call"),
    /** Input/output error. */
    EIO(5, "input/output error"),
    /** Argument list too long (perf: attribute size the kernel does not know). */
    E2BIG(7, "argument too large"),
    /** Bad file descriptor. */
    EBADF(9, "bad file descriptor"),
    /** Try again. */
    EAGAIN(11, "resource temporarily unavailable"),
    /** Out of memory. */
    ENOMEM(12, "out of memory"),
    /** Permission denied. */
    EACCES(13, "permission denied"),
    /** Bad address. */
    EFAULT(14, "bad address"),
    /** Device or resource busy. */
    EBUSY(16, "device or resource busy"),
    /** No such device. */
    ENODEV(19, "no such device"),
    /** Invalid argument. */
    EINVAL(22, "invalid argument"),
    /** Too many open files in this process. */
    EMFILE(24, "too many open files"),
    /** Function not implemented. */
    ENOSYS(38, "function not implemented"),
    /** Operation not supported. */
    EOPNOTSUPP(95, "operation not supported");

    private final int number;
    private final String meaning;

    Errno(final int number, final String meaning) {
        this.number = number;
        this.meaning = meaning;
    }

    /** The errno number. */
    public int number() {
        return number;
    }

    /** What the kernel means by it, in a few words. */
    public String meaning() {
        return meaning;
    }

    /** The name of {@code errno} ({@code "ENOMEM"}), or {@code "errno 123"} for one not listed here. */
    public static String name(final int errno) {
        final Errno known = of(errno);
        return known == null ? "errno " + errno : known.name();
    }

    /** {@code "ENOMEM (12, out of memory)"}, or {@code "errno 123"} for one not listed here. */
    public static String describe(final int errno) {
        final Errno known = of(errno);
        return known == null ? "errno " + errno : known.name() + " (" + errno + ", " + known.meaning + ")";
    }

    /** The constant for {@code errno}, or {@code null}. */
    public static Errno of(final int errno) {
        for (final Errno value : values()) {
            if (value.number == errno) {
                return value;
            }
        }
        return null;
    }
}
