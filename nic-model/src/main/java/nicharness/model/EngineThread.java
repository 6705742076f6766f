package nicharness.model;

import nicharness.env.IdleStrategy;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread that runs the engines of one or more THREADED ports (Agrona's agent runner): each
 * pass takes a burst of injected frames and a burst of each enabled transmit queue of every port,
 * then calls the idle strategy with the work done.
 *
 * <p>One thread for several ports is the default design for a 2-core machine: the driver needs a
 * core, and the model's work per packet is small. Every port is polled by reading its doorbells
 * with acquire loads; nothing is allocated per pass or per packet.
 *
 * <p>How busy it was: {@link #busyPasses()} and {@link #idlePasses()} count passes with and
 * without work, and {@link #busyNanos()} the time spent in passes that found work, so that a
 * harness can tell when the model, not the driver, was the limit (utilisation near 1).
 */
public final class EngineThread implements AutoCloseable {
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    // Indexes into the padded statistics array: written by the engine thread only.
    private static final int BUSY = 8;
    private static final int IDLE = 16;
    private static final int BUSY_NANOS = 24;

    /** The ports' schedulers, which run one pass of their engines each ({@link ThreadedScheduler#doWork}). */
    private final ThreadedScheduler[] schedulers;
    private final IdleStrategy idle;
    private final Thread thread;
    private final long[] passes = new long[40];
    private final AtomicInteger pauseDepth = new AtomicInteger();
    private volatile boolean parked;
    private volatile boolean running;

    /**
     * An engine thread for {@code ports} (each THREADED and without an engine thread yet),
     * not started.
     */
    public EngineThread(final String name, final IdleStrategy idle, final NicModel... ports) {
        if (ports.length == 0) {
            throw new IllegalArgumentException("an engine thread needs at least one port");
        }
        this.schedulers = new ThreadedScheduler[ports.length];
        this.idle = java.util.Objects.requireNonNull(idle, "idle");
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        for (int i = 0; i < ports.length; i++) {
            try {
                this.schedulers[i] = ports[i].threaded();
                this.schedulers[i].attach(this);
            } catch (final IllegalStateException e) {
                for (int j = 0; j < i; j++) {
                    this.schedulers[j].detach(this);
                }
                throw e;
            }
        }
    }

    /** Starts the thread. */
    public void start() {
        running = true;
        thread.start();
    }

    private void run() {
        final ThreadedScheduler[] schedulers = this.schedulers;
        long now = System.nanoTime();
        while (running) {
            if (pauseDepth.get() > 0) { // a device reset on another thread wants the engines still
                parked = true;
                while (pauseDepth.get() > 0 && running) {
                    Thread.onSpinWait();
                }
                parked = false;
                continue;
            }
            int work = 0;
            for (final ThreadedScheduler scheduler : schedulers) {
                work += scheduler.doWork(now);
            }
            final long next = System.nanoTime();
            if (work > 0) {
                add(BUSY, 1);
                add(BUSY_NANOS, next - now);
            } else {
                add(IDLE, 1);
            }
            idle.idle(work);
            now = work > 0 ? next : System.nanoTime();
        }
        parked = true;
    }

    private void add(final int index, final long delta) {
        COUNT.setOpaque(passes, index, (long) COUNT.getOpaque(passes, index) + delta);
    }

    /** Passes that found work. */
    public long busyPasses() {
        return (long) COUNT.getOpaque(passes, BUSY);
    }

    /** Passes that found nothing. */
    public long idlePasses() {
        return (long) COUNT.getOpaque(passes, IDLE);
    }

    /** Nanoseconds spent in passes that found work. */
    public long busyNanos() {
        return (long) COUNT.getOpaque(passes, BUSY_NANOS);
    }

    /** busy / (busy + idle) passes: near 1 means the model, not the driver, set the pace. */
    public double utilisation() {
        final long busy = busyPasses();
        final long total = busy + idlePasses();
        return total == 0 ? 0 : (double) busy / total;
    }

    /** The thread's id, for measuring what it allocates ({@code ThreadMXBean.getThreadAllocatedBytes}). */
    public long threadId() {
        return thread.threadId();
    }

    boolean onEngineThread() {
        return Thread.currentThread() == thread;
    }

    /** Stops the engines until {@link #resume()}; returns once the thread is parked between passes. */
    void pause() {
        pauseDepth.incrementAndGet();
        if (!running) {
            return;
        }
        while (!parked && running && thread.isAlive()) {
            Thread.onSpinWait();
        }
    }

    void resume() {
        pauseDepth.decrementAndGet();
    }

    /** Stops the thread, waits for it (up to 10 s) and detaches the ports. */
    @Override
    public void close() {
        running = false;
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(10_000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (final ThreadedScheduler scheduler : schedulers) {
            scheduler.detach(this);
        }
    }

    @Override
    public String toString() {
        return "EngineThread[" + thread.getName() + ", idle=" + idle + ", ports="
                + Arrays.stream(schedulers).map(s -> Integer.toString(s.port)).toList() + "]";
    }
}
