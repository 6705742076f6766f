package nicharness.harness.tester;

import java.util.ArrayList;
import java.util.List;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;

/**
 * A driver on several cores in real time: one {@link DriverThread} per core ({@link Driver#cores()}),
 * started and stopped together. Core 0 takes the driver's CPU; the others run unpinned, since the
 * testbed is given one CPU for the driver. On a machine with fewer CPUs than busy threads (the
 * cores, the tester's and the model's engine thread) the cores share CPUs and each gets a part of
 * one: {@link #oversubscription} says so, and the trial's log prints it.
 */
final class DriverThreads implements DriverUnderTest {
    private final Driver driver;
    private final List<DriverThread> threads = new ArrayList<>();

    /**
     * @param driver the opened driver, on one core or several
     * @param cpu    the CPU for core 0, or -1
     */
    DriverThreads(final Driver driver, final int cpu) {
        this.driver = driver;
        final List<Driver> cores = driver.cores();
        for (int core = 0; core < cores.size(); core++) {
            threads.add(new DriverThread(cores.get(core), core == 0 ? cpu : -1));
        }
    }

    /**
     * One line saying that the driver's {@code cores} threads and the testbed's {@code otherBusyThreads}
     * share {@code cpus} CPUs, or null when every busy thread has a CPU of its own.
     */
    static String oversubscription(final int cores, final int otherBusyThreads, final int cpus) {
        final int busy = cores + otherBusyThreads;
        if (busy <= cpus) {
            return null;
        }
        return "oversubscribed: the driver's " + cores + " core(s) run on " + cores + " threads, with the tester's "
                + otherBusyThreads + " " + busy + " busy threads on " + cpus + " CPUs; each core gets a part of a CPU,"
                + " so what the driver forwards here is not what " + cores + " cores of their own would";
    }

    @Override
    public void start(final boolean measured, final Runnable whenPolling) {
        // The traffic starts when the last core polls, so that no input waits for its core's first CPU.
        final java.util.concurrent.CountDownLatch polling = new java.util.concurrent.CountDownLatch(threads.size());
        for (final DriverThread thread : threads) {
            thread.start(measured, () -> {
                polling.countDown();
                if (polling.getCount() == 0) {
                    whenPolling.run();
                }
            });
        }
    }

    @Override
    public void stop() {
        RuntimeException first = null;
        for (final DriverThread thread : threads) {
            try {
                thread.stop();
            } catch (final RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public boolean failed() {
        return threads.stream().anyMatch(DriverThread::failed);
    }

    /** When the last core entered its loop, or -1 before every core has. */
    @Override
    public long loopStartNanos() {
        long latest = Long.MIN_VALUE;
        for (final DriverThread thread : threads) {
            if (thread.loopStartNanos() < 0) {
                return -1;
            }
            latest = Math.max(latest, thread.loopStartNanos());
        }
        return latest;
    }

    /** The cores' CPU time at their loops' start, summed, or -1 before every core has started. */
    @Override
    public long cpuAtLoopStart() {
        return sum(DriverThread::cpuAtLoopStart);
    }

    /** The cores' CPU time, summed: the share of one CPU it is may exceed 1. */
    @Override
    public long cpuNanos() {
        return sum(DriverThread::cpuNanos);
    }

    @Override
    public long runQueueWaitNanos() {
        return sum(DriverThread::runQueueWaitNanos);
    }

    @Override
    public String priorityRefused() {
        for (final DriverThread thread : threads) {
            if (thread.priorityRefused() != null) {
                return thread.priorityRefused();
            }
        }
        return null;
    }

    @Override
    public DriverCounters counters() {
        return driver.counters();
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            driver.close();
        }
    }

    private long sum(final java.util.function.ToLongFunction<DriverThread> value) {
        long sum = 0;
        for (final DriverThread thread : threads) {
            final long v = value.applyAsLong(thread);
            if (v < 0) {
                return -1;
            }
            sum += v;
        }
        return sum;
    }
}
