package nicharness.harness.tester;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nicharness.driver.DriverCounters;
import nicharness.env.RegisterSpace;
import nicharness.env.linux.SchedStat;
import nicharness.env.linux.ThreadPriority;
import nicharness.ixgbe.Regs;

/**
 * A driver in another process, attached to the model's file through the C shim (c-shim): started
 * once, before the first period, and left running until the testbed closes, since a C driver has
 * no way to be paused and resumed between periods. A period therefore begins at once (the driver
 * is already polling) and its counters are the cards' alone.
 *
 * <p>The process gets {@code NICSHIM_MODEL} (the model file) and {@code NICSHIM_DIE_WITH_PARENT}
 * (the shim then asks the kernel to kill it if this JVM dies, so that no busy-polling driver is
 * left behind). Its output, standard error included, is copied to the log with a {@code driver|}
 * prefix.
 *
 * <p>When is it ready? When a line of its output contains the ready text, if one is given (the
 * exact way); otherwise when both ports have the receive path on and a receive and a transmit
 * queue enabled, and then {@link #SETTLE_NANOS} more, for whatever the driver sets up after that.
 *
 * <p>Its CPU time and run-queue wait come from {@code /proc/PID/schedstat}, which counts the main
 * thread: right for the single-threaded drivers this is for.
 */
public final class ExternalDriver extends SinglePoller {

    /** Without a ready text: how long the driver may go on setting up once its queues are enabled. */
    static final long SETTLE_NANOS = 500_000_000L;
    /** Lines of the driver's output kept for the message when it fails. */
    private static final int TAIL_LINES = 20;

    /**
     * How to start a driver.
     *
     * @param command      a shell command line (run with {@code /bin/sh -c exec ...}, so that the
     *                     process the harness watches is the driver itself)
     * @param readyText    text the driver prints once it forwards, or null to judge by the card's state
     * @param readySeconds how long it may take to get ready
     * @param log          where its output goes
     */
    public record Launch(String command, String readyText, double readySeconds, PrintStream log) {

        /**
         * Starts the driver on {@code modelFile} and waits until it is ready.
         *
         * @param cpu   the CPU to pin it to (with {@code taskset}), or -1
         * @param ports the driver's view of the ports' registers, to see the card's state
         * @throws IllegalStateException if it exits or is not ready in time, with its last output
         */
        ExternalDriver start(final Path modelFile, final int cpu, final RegisterSpace[] ports) {
            final ExternalDriver driver = new ExternalDriver(this, modelFile, cpu);
            try {
                driver.awaitReady(ports);
            } catch (final RuntimeException e) {
                driver.close();
                throw e;
            }
            return driver;
        }
    }

    private final Launch launch;
    private final Process process;
    private final Thread pump;
    private final Deque<String> tail = new ArrayDeque<>();
    private volatile boolean readyTextSeen;
    private boolean prioritised;
    private String priorityRefused;

    private ExternalDriver(final Launch launch, final Path modelFile, final int cpu) {
        this.launch = launch;
        final List<String> command = new ArrayList<>();
        if (cpu >= 0) {
            command.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
        }
        command.addAll(List.of("/bin/sh", "-c", "exec " + launch.command()));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NICSHIM_MODEL", modelFile.toAbsolutePath().toString());
        builder.environment().put("NICSHIM_DIE_WITH_PARENT", "1");
        try {
            process = builder.start();
        } catch (final IOException e) {
            throw new IllegalStateException("cannot start the driver '" + launch.command() + "': " + e.getMessage(), e);
        }
        pump = new Thread(this::copyOutput, "driver-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Copies the driver's output to the log, keeping the last lines and watching for the ready text. */
    private void copyOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                launch.log().println("driver| " + line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                if (launch.readyText() != null && line.contains(launch.readyText())) {
                    readyTextSeen = true;
                }
            }
        } catch (final IOException e) {
            // the process ended and its pipe closed: nothing more to copy
        }
    }

    private void awaitReady(final RegisterSpace[] ports) {
        final long deadline = System.nanoTime() + Math.round(launch.readySeconds() * 1e9);
        long queuesUpSince = -1;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the driver exited with status " + exitStatus() + " before it was ready"
                        + lastOutput());
            }
            if (launch.readyText() != null) {
                if (readyTextSeen) {
                    return;
                }
            } else if (queuesUp(ports)) {
                if (queuesUpSince < 0) {
                    queuesUpSince = System.nanoTime();
                } else if (System.nanoTime() - queuesUpSince >= SETTLE_NANOS) {
                    return;
                }
            } else {
                queuesUpSince = -1;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                        "the driver was not ready within %.1f s (%s)%s", launch.readySeconds(),
                        launch.readyText() == null ? "both ports' receive path on with a receive and a transmit queue enabled"
                                : "no output line containing '" + launch.readyText() + "'", lastOutput()));
            }
            try {
                Thread.sleep(10);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the driver to get ready", e);
            }
        }
    }

    /** Whether every port receives (RXCTRL.RXEN) and has a receive and a transmit queue enabled. */
    static boolean queuesUp(final RegisterSpace[] ports) {
        for (final RegisterSpace regs : ports) {
            if ((regs.read(Regs.RXCTRL) & Regs.RXCTRL_.RXEN) == 0) {
                return false;
            }
            boolean receive = false;
            boolean transmit = false;
            for (int q = 0; q < Regs.QUEUE_COUNT && !(receive && transmit); q++) {
                receive |= (regs.read(Regs.RXDCTL(q)) & Regs.RXDCTL_.ENABLE) != 0;
                transmit |= (regs.read(Regs.TXDCTL(q)) & Regs.TXDCTL_.ENABLE) != 0;
            }
            if (!receive || !transmit) {
                return false;
            }
        }
        return true;
    }

    private String exitStatus() {
        try {
            return Integer.toString(process.exitValue());
        } catch (final IllegalThreadStateException e) {
            return "unknown";
        }
    }

    /** The driver's last lines of output, for a failure's message. */
    private String lastOutput() {
        try {
            pump.join(1000); // an exited driver's last lines may still be in the pipe
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (tail) {
            return tail.isEmpty() ? "; it printed nothing" : "; its last output:\n  " + String.join("\n  ", tail);
        }
    }

    private Optional<SchedStat> schedStat() {
        return SchedStat.ofProcess(process.pid());
    }

    @Override
    public void start(final boolean measured, final Runnable whenPolling) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the driver exited with status " + exitStatus() + lastOutput());
        }
        prioritised = measured;
        priorityRefused = measured ? ThreadPriority.set(process.pid(), ThreadPriority.HIGHEST) : null;
        final Optional<SchedStat> stat = schedStat();
        markLoopStart(stat.map(SchedStat::onCpuNanos).orElse(-1L), stat.map(SchedStat::waitingNanos).orElse(-1L));
        whenPolling.run(); // the driver polls already
    }

    @Override
    public void stop() {
        if (prioritised) {
            prioritised = false;
            ThreadPriority.set(process.pid(), ThreadPriority.NORMAL);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("the driver exited with status " + exitStatus() + " during the period"
                    + lastOutput());
        }
    }

    @Override
    public boolean failed() {
        return !process.isAlive();
    }

    @Override
    public long cpuNanos() {
        return schedStat().map(SchedStat::onCpuNanos).orElse(-1L);
    }

    @Override
    protected long waitingNanos() {
        return schedStat().map(SchedStat::waitingNanos).orElse(-1L);
    }

    @Override
    public String priorityRefused() {
        return priorityRefused;
    }

    /** Unknown for a driver in another process: zero, so that the books hold it to the cards' counts. */
    @Override
    public DriverCounters counters() {
        return new DriverCounters();
    }

    /** Terminates the driver (SIGTERM, then SIGKILL after 2 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            pump.join(1000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
