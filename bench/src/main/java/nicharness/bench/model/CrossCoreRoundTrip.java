package nicharness.bench.model;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a cache line takes to go to the other core and back, now and over time: two threads
 * pass a counter back and forth through two shared words, and every 0.3 s this prints the mean
 * round trip of the last 200,000 passes in nanoseconds. Everything that crosses cores at a high
 * rate (the engine thread and the driver in {@link ForwardingBenchmark}, real-time runs, the
 * simulated testbed's {@code OTHER_CPU} device) moves with it.
 *
 * <p>On a shared 2-vCPU guest it is not one number: the hypervisor moves the vCPUs between host
 * cores while the guest runs, and the round trip changes with where they land (about 30 ns, 60-80
 * ns, now and then 400-460 ns in one minute; {@code docs/measurement-noise.md}). Run it beside a
 * benchmark whose results are bimodal.
 *
 * <p>HOW TO RUN: {@code java -cp bench/target/classes nicharness.bench.model.CrossCoreRoundTrip [seconds]}
 * (60 by default). The threads are not pinned: with two vCPUs and nothing else busy, the scheduler
 * keeps them on different CPUs.
 */
public final class CrossCoreRoundTrip {
    private static final int PASSES = 200_000;
    private static final AtomicLong PING = new AtomicLong();
    private static final AtomicLong PONG = new AtomicLong();

    private CrossCoreRoundTrip() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final long seconds = args.length > 0 ? parseSeconds(args[0]) : 60;
        final Thread echo = new Thread(CrossCoreRoundTrip::echo, "echo");
        echo.setDaemon(true);
        echo.start();
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        long sent = 0;
        final StringBuilder line = new StringBuilder("round trip, ns:");
        while (System.nanoTime() - end < 0) {
            final long start = System.nanoTime();
            for (int k = 0; k < PASSES; k++) {
                sent++;
                PING.set(sent);
                while (PONG.get() != sent) {
                    Thread.onSpinWait();
                }
            }
            line.append(' ').append((System.nanoTime() - start) / PASSES);
            Thread.sleep(300);
        }
        System.out.println(line);
    }

    private static void echo() {
        long seen = 0;
        while (true) {
            long value;
            while ((value = PING.get()) == seen) {
                Thread.onSpinWait();
            }
            seen = value;
            PONG.set(value);
        }
    }

    private static long parseSeconds(final String text) {
        try {
            final long seconds = Long.parseLong(text);
            if (seconds > 0) {
                return seconds;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        System.err.println("seconds must be a positive whole number: " + text);
        System.exit(2);
        return 0;
    }
}
