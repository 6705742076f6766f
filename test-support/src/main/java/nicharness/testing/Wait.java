package nicharness.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A wait with a deadline. A test that waits for another thread (an engine, a tester) or for a
 * driver to catch up spins on a condition; if a bug means the condition never comes true, JUnit's
 * {@code @Timeout} in its default mode cannot stop the spinning thread and the build hangs. Every
 * such loop goes through here instead: once the deadline passes, it throws an
 * {@link AssertionError} that names what was awaited and the last values observed.
 *
 * <pre>{@code
 * Wait.until("all 6,000 frames on port 1", Wait.DEFAULT,
 *         () -> sink.count() >= 6_000,
 *         () -> "sent " + sink.count() + ", dropped " + dropped,
 *         () -> driver.pollOnce());
 * }</pre>
 */
public final class Wait {
    /**
     * The default deadline of one wait: long enough for a loaded two-CPU machine (every wait in
     * the tests is for work of a few milliseconds to a few seconds), short enough that a hung
     * test fails well before its {@code @Timeout}.
     */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Wait() {
    }

    /**
     * Spins, yielding the CPU between checks, until {@code done} is true.
     *
     * @throws AssertionError if {@code timeout} passes first
     */
    public static void until(final String what, final Duration timeout, final BooleanSupplier done,
                             final Supplier<?> observed) {
        until(what, timeout, done, observed, Thread::yield);
    }

    /**
     * Runs {@code eachPass} between checks of {@code done} (for example a driver's poll, or a
     * yield), until {@code done} is true. {@code done} may have an effect, for example an
     * injection that succeeds once there is room.
     *
     * @param what     what is awaited, as the failure message should say it
     * @param timeout  how long to wait at most
     * @param done     the condition, checked before every pass
     * @param observed the values to report on failure (called once, on failure)
     * @param eachPass what to do while the condition is false
     * @throws AssertionError if {@code timeout} passes before {@code done} is true
     */
    public static void until(final String what, final Duration timeout, final BooleanSupplier done,
                             final Supplier<?> observed, final Runnable eachPass) {
        Objects.requireNonNull(what);
        final long start = System.nanoTime();
        final long limit = timeout.toNanos();
        long passes = 0;
        while (!done.getAsBoolean()) {
            final long waited = System.nanoTime() - start;
            if (waited > limit) {
                throw new AssertionError(String.format(
                        "gave up waiting for %s after %.1f s (%d passes); last observed: %s",
                        what, waited / 1e9, passes, observed.get()));
            }
            eachPass.run();
            passes++;
        }
    }

    /**
     * Joins {@code thread}, failing if it is still alive after {@code timeout}; the message names
     * the thread, {@code what} it was doing and its stack.
     */
    public static void join(final Thread thread, final String what, final Duration timeout) throws InterruptedException {
        if (!thread.join(timeout)) {
            final StringBuilder stack = new StringBuilder();
            for (final StackTraceElement frame : thread.getStackTrace()) {
                stack.append("\n\tat ").append(frame);
            }
            throw new AssertionError("thread " + thread.getName() + " (" + what + ") still running after "
                    + timeout.toSeconds() + " s; its stack:" + stack);
        }
    }
}
