package nicharness.harness.cost;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import nicharness.testbed.DriverRig;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.env.IdleStrategy;
import nicharness.env.linux.HardwareCounters;
import nicharness.env.linux.HardwareCounters.Event;
import nicharness.model.AccessCost;
import nicharness.model.DrivingMode;

/**
 * Time per packet at saturation from a threaded run: the CPU time of the thread that runs the
 * driver and the NF, divided by the packets it received, with empty polls counted and their cost
 * taken out, as the paper left empty polls out of Table 4 (TinyNF osdi20
 * {@code code/tinynf.c:89-109}).
 *
 * <p>The set-up is a threaded {@link DriverRig}: one engine thread runs both software ports, the
 * driver runs on its own thread with {@link IdleStrategy#BUSY_SPIN}, and the frames circulate, so
 * the driver is never starved by a tester. The model's work is on the engine thread and so is not
 * in the figure. Four phases on the driver's thread, each bracketed by its own CPU-time and
 * counter readings ({@code ThreadMXBean.getCurrentThreadCpuTime}, {@link DriverCounters}):
 * <ol>
 * <li>warm-up: the frames flow; the JIT compiles the loop;</li>
 * <li>measurement: CPU time, packets, polls and empty polls;</li>
 * <li>drain: the engine thread stops; the driver takes what is left in its rings;</li>
 * <li>calibration: nothing can arrive, so every poll is empty, run by the code the JIT compiled
 *     under traffic: the CPU time of one empty poll.</li>
 * </ol>
 * The time per packet is {@code (cpu - emptyPolls x emptyPollCost) / packets} over the
 * measurement phase; the uncorrected {@code cpu / packets} is reported too, with the share of
 * empty polls and how busy the engine thread was (near 1: the model, not the driver, set the
 * pace, and the correction carries most of the figure).
 *
 * Where the machine has a PMU, the measurement phase also counts instructions, cycles and cache
 * events of the driver's thread through {@code perf_event_open} ({@link HardwareCounters}); where it
 * has none, that is reported as unavailable, with the kernel's reason, and instructions per packet
 * come from {@link CallgrindCost} instead.
 *
 * <p>CPU time counts only when the thread runs, so preemption by other work on a shared machine
 * does not inflate it, but cache interference does; report medians over repetitions.
 */
public final class ThreadedCost {

    /**
     * How long each phase lasts and what the rig looks like.
     *
     * @param calibration   after the measurement, engine stopped: empty polls only
     * @param warmUp        traffic flowing, not measured
     * @param measurement   traffic flowing, measured
     * @param framesPerPort frames circulating into each port
     * @param accessCost    what a register access costs the driver's thread
     * @param engineIdle    the engine thread's idle strategy
     */
    public record Settings(Duration calibration, Duration warmUp, Duration measurement, int framesPerPort,
                           AccessCost accessCost, IdleStrategy engineIdle) {
        /** Short phases for the default run: 0.2 s warm-up, 0.3 s measured, 0.05 s calibration. */
        public static Settings quick() {
            return new Settings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(300),
                    DriverRig.DEFAULT_FRAMES_PER_PORT, AccessCost.NONE, IdleStrategy.BUSY_SPIN);
        }

        /** Longer phases: 2 s warm-up, 5 s measured, 0.5 s calibration. */
        public static Settings full() {
            return new Settings(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    DriverRig.DEFAULT_FRAMES_PER_PORT, AccessCost.NONE, IdleStrategy.BUSY_SPIN);
        }

        /** These settings with another register access cost. */
        public Settings withAccessCost(final AccessCost cost) {
            return new Settings(calibration, warmUp, measurement, framesPerPort, cost, engineIdle);
        }
    }

    /**
     * What one threaded run measured on the driver's thread.
     *
     * @param driver              driver variant
     * @param nf                  NF
     * @param packets             packets received in the measurement phase
     * @param polls               polls in the measurement phase
     * @param emptyPolls          of which empty
     * @param cpuNanos            the driver thread's CPU time in the measurement phase
     * @param emptyPollCpuNanos   CPU time of one empty poll, from the calibration phase
     * @param engineUtilisation   share of the engine thread's passes that found work
     * @param driverCpuShare      the driver thread's CPU time over the measurement phase's wall time
     * @param engineCpuShare      the engine thread's CPU time over the measurement phase's wall time
     * @param counters            the hardware counts of the measurement phase, or null
     * @param calibrationPolls    polls in the calibration phase (all empty)
     * @param emptyPollCounters   the hardware counts of the calibration phase, or null
     * @param countersUnavailable why there are no hardware counts, or null
     * @param settings            the settings used
     */
    public record Result(String driver, String nf, long packets, long polls, long emptyPolls, long cpuNanos,
                         double emptyPollCpuNanos, double engineUtilisation, double driverCpuShare,
                         double engineCpuShare, HardwareCounters.Reading counters,
                         long calibrationPolls, HardwareCounters.Reading emptyPollCounters,
                         String countersUnavailable, Settings settings) {

        /**
         * CPU time per packet with the empty polls' share taken out; {@code NaN} when nothing was
         * received, or when the correction exceeds the measured time (empty polls so dominant that
         * the variation of their cost swamps the packets': the run says nothing about the driver).
         */
        public double nanosPerPacket() {
            final double corrected = (cpuNanos - emptyPolls * emptyPollCpuNanos) / packets;
            return packets > 0 && corrected > 0 ? corrected : Double.NaN;
        }

        /** CPU time per packet, empty polls included; {@code NaN} when nothing was received. */
        public double rawNanosPerPacket() {
            return packets > 0 ? (double) cpuNanos / packets : Double.NaN;
        }

        /** Share of polls that found nothing. */
        public double emptyPollShare() {
            return polls == 0 ? Double.NaN : (double) emptyPolls / polls;
        }

        /** A hardware count per packet, with the empty polls' share (from the calibration phase) taken out. */
        public double perPacket(final Event event) {
            if (counters == null || packets == 0) {
                return Double.NaN;
            }
            final double perEmptyPoll = emptyPollCounters == null || calibrationPolls == 0 ? 0
                    : (double) emptyPollCounters.value(event) / calibrationPolls;
            return (counters.value(event) - emptyPolls * perEmptyPoll) / packets;
        }
    }

    private ThreadedCost() {
    }

    /** The phases, as the main thread announces them to the driver's thread. */
    private static final int WARM_UP = 0;
    private static final int MEASURE = 1;
    private static final int DRAIN = 2;
    private static final int CALIBRATE = 3;
    private static final int DONE = 4;
    /** How long the driver gets to empty its rings once the engine has stopped. */
    private static final Duration DRAIN_TIME = Duration.ofMillis(20);

    /** What the driver's thread records at the end of each phase. */
    private static final class Phases {
        volatile int phase = WARM_UP;
        /** Set by the driver's thread once its counters are open, before its first poll. */
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        final long[] cpu = new long[DONE];
        final DriverCounters[] counters = new DriverCounters[DONE];
        HardwareCounters.Reading calibrationReading;
        HardwareCounters.Reading measurementReading;
        String unavailable;
        volatile Throwable failure;
    }

    /**
     * Runs {@code driver} with {@code nf} threaded and measures it; takes about the sum of the
     * phases.
     *
     * @throws IllegalStateException if the driver's thread failed or did not stop
     */
    public static Result measure(final String driver, final String nf, final Settings settings) {
        final DriverRig.Config config = DriverRig.Config.deferred(driver, nf).withMode(DrivingMode.THREADED)
                .withFramesPerPort(settings.framesPerPort()).withAccessCost(settings.accessCost())
                .withIdle(IdleStrategy.BUSY_SPIN);
        final DriverRig rig = DriverRig.open(config);
        final Phases phases = new Phases();
        final Thread thread = new Thread(() -> runPhases(rig.driver(), phases), "driver-" + driver);
        thread.setDaemon(true);
        try {
            thread.start();
            // Opening the counters loads JNA on that thread, which can take a second on a busy machine:
            // the phases start only once the thread is about to poll.
            awaitReady(phases, thread);
            rig.startEngine(settings.engineIdle());
            sleep(settings.warmUp());
            final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
            final long engineId = rig.engine().threadId();
            final long busyBefore = rig.engine().busyPasses();
            final long idleBefore = rig.engine().idlePasses();
            final long engineCpuBefore = threads.getThreadCpuTime(engineId);
            final long wallBefore = System.nanoTime();
            phases.phase = MEASURE;
            sleep(settings.measurement());
            phases.phase = DRAIN;
            final long wall = System.nanoTime() - wallBefore;
            final long engineCpu = threads.getThreadCpuTime(engineId) - engineCpuBefore;
            final long busy = rig.engine().busyPasses() - busyBefore;
            final long idle = rig.engine().idlePasses() - idleBefore;
            rig.stopEngine();
            sleep(DRAIN_TIME);
            phases.phase = CALIBRATE;
            sleep(settings.calibration());
            if (!stop(thread, phases)) {
                throw new IllegalStateException("the driver's thread did not stop within 30 s of being told to");
            }
            if (phases.failure != null) {
                throw new IllegalStateException("the driver's thread failed: " + phases.failure, phases.failure);
            }
            final DriverCounters start = phases.counters[WARM_UP];
            final DriverCounters end = phases.counters[MEASURE];
            final long packets = end.received - start.received;
            final DriverCounters drained = phases.counters[DRAIN];
            final DriverCounters calibrated = phases.counters[CALIBRATE];
            final long calibrationPolls = calibrated.polls - drained.polls;
            if (calibrated.received != drained.received || calibrationPolls == 0) {
                throw new IllegalStateException("the calibration phase must see only empty polls: it received "
                        + (calibrated.received - drained.received) + " packets in " + calibrationPolls + " polls");
            }
            final double emptyPollCpu = (double) (phases.cpu[CALIBRATE] - phases.cpu[DRAIN]) / calibrationPolls;
            final long cpu = phases.cpu[MEASURE] - phases.cpu[WARM_UP];
            return new Result(driver, nf, packets, end.polls - start.polls, end.emptyPolls - start.emptyPolls,
                    cpu, emptyPollCpu, busy + idle == 0 ? Double.NaN : (double) busy / (busy + idle),
                    (double) cpu / wall, (double) engineCpu / wall, phases.measurementReading,
                    calibrationPolls, phases.calibrationReading, phases.unavailable, settings);
        } finally {
            // The driver reads and writes the rig's memory by address (DmaWords): freed under a
            // thread still polling, it would crash the JVM or corrupt whatever reuses it. So the
            // memory is freed only once the thread has stopped, and left to the JVM's exit if not.
            if (stop(thread, phases)) {
                rig.close();
            } else {
                rig.abandon();
            }
        }
    }

    /** Tells the driver's thread to stop and waits up to 30 s; answers whether it has stopped. */
    private static boolean stop(final Thread thread, final Phases phases) {
        phases.phase = DONE;
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    private static void awaitReady(final Phases phases, final Thread thread) {
        try {
            if (!phases.ready.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the driver's thread did not start polling within 60 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the driver's thread", e);
        }
        if (phases.failure != null) {
            phases.phase = DONE;
            throw new IllegalStateException("the driver's thread failed: " + phases.failure, phases.failure);
        }
    }

    /** The driver's thread: one {@code run} per phase, each bracketed by CPU time and counter readings. */
    private static void runPhases(final Driver driver, final Phases phases) {
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        HardwareCounters hardware = null;
        try {
            switch (HardwareCounters.openTable4()) {
                case HardwareCounters.Opened opened -> hardware = opened.counters();
                case HardwareCounters.Unavailable unavailable -> phases.unavailable = unavailable.message();
            }
            final long start = threads.getCurrentThreadCpuTime();
            phases.ready.countDown();
            for (int phase = WARM_UP; phase < DONE; phase++) {
                final int current = phase;
                final boolean counted = hardware != null && (phase == MEASURE || phase == CALIBRATE);
                if (counted) {
                    hardware.reset();
                    hardware.enable();
                }
                driver.run(() -> phases.phase != current);
                if (counted) {
                    hardware.disable();
                    if (phase == CALIBRATE) {
                        phases.calibrationReading = hardware.read();
                    } else {
                        phases.measurementReading = hardware.read();
                    }
                }
                phases.cpu[phase] = threads.getCurrentThreadCpuTime() - start;
                phases.counters[phase] = driver.counters().snapshot();
            }
        } catch (final Throwable t) {
            phases.failure = t;
            phases.ready.countDown();
        } finally {
            if (hardware != null) {
                hardware.close();
            }
        }
    }

    private static void sleep(final Duration duration) {
        final long deadline = System.nanoTime() + duration.toNanos();
        for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** The rows of one result. */
    public static List<CostRow> rows(final Result r) {
        final String method = "threaded software 82599 (one engine thread, " + r.settings().engineIdle() + "), driver"
                + " thread CPU time (ThreadMXBean) over " + r.settings().measurement().toMillis() + " ms after "
                + r.settings().warmUp().toMillis() + " ms of warm-up, " + r.settings().framesPerPort()
                + " frames circulating per port, register access cost " + r.settings().accessCost() + "; "
                + r.emptyPolls() + " of " + r.polls() + " polls empty, charged "
                + String.format(java.util.Locale.ROOT, "%.1f", r.emptyPollCpuNanos()) + " ns each (calibrated) and taken out"
                + (r.packets() == 0 ? "; NO PACKET RECEIVED: the driver or engine thread did not get a CPU" : "")
                + (r.driverCpuShare() < 0.5 || r.engineCpuShare() < 0.5 ? String.format(java.util.Locale.ROOT,
                        "; UNRELIABLE: the driver and engine threads ran %.0f%% and %.0f%% of the time (the machine was"
                                + " overloaded)", 100 * r.driverCpuShare(), 100 * r.engineCpuShare()) : "")
                + (r.packets() > 0 && Double.isNaN(r.nanosPerPacket())
                        ? "; the empty polls' calibrated cost exceeds the measured time, so the corrected figure is"
                                + " left empty: empty polls dominated and the figure says nothing about the driver" : "");
        final List<CostRow> rows = new ArrayList<>();
        rows.add(CostRow.of(r.driver(), r.nf(), "time_per_packet_threaded", r.nanosPerPacket(), "ns", method));
        rows.add(CostRow.of(r.driver(), r.nf(), "time_per_packet_threaded_with_empty_polls", r.rawNanosPerPacket(), "ns", method));
        rows.add(CostRow.of(r.driver(), r.nf(), "empty_poll_share", r.emptyPollShare(), "fraction", method));
        rows.add(CostRow.of(r.driver(), r.nf(), "model_engine_utilisation", r.engineUtilisation(), "fraction",
                "share of the engine thread's passes that found work in the measurement phase (near 1: the model set"
                        + " the pace, not the driver)"));
        final String share = "thread CPU time over the measurement phase's wall time; each thread should have a core"
                + " (near 1): much less means the machine was overloaded and the threaded figures say little";
        rows.add(CostRow.of(r.driver(), r.nf(), "driver_thread_cpu_share", r.driverCpuShare(), "fraction", share));
        rows.add(CostRow.of(r.driver(), r.nf(), "engine_thread_cpu_share", r.engineCpuShare(), "fraction", share));
        if (r.counters() != null) {
            final String hw = "perf_event_open on the driver thread (user space), measurement phase, empty polls'"
                    + " share (from the calibration phase) taken out";
            final double instructions = r.perPacket(Event.INSTRUCTIONS);
            final double cycles = r.perPacket(Event.CYCLES);
            rows.add(CostRow.of(r.driver(), r.nf(), "instructions_per_packet", instructions, "instructions", hw)
                    .withSlideInstructions());
            rows.add(CostRow.of(r.driver(), r.nf(), "cycles_per_packet", cycles, "cycles", hw));
            rows.add(CostRow.of(r.driver(), r.nf(), "ipc", instructions / cycles, "instructions/cycle", hw));
            rows.add(CostRow.of(r.driver(), r.nf(), "cache_references_per_packet", r.perPacket(Event.CACHE_REFERENCES),
                    "references", hw));
            rows.add(CostRow.of(r.driver(), r.nf(), "cache_misses_per_packet", r.perPacket(Event.CACHE_MISSES),
                    "misses", hw));
        } else {
            rows.add(CostRow.of(r.driver(), r.nf(), "instructions_per_packet", Double.NaN, "instructions",
                    "hardware counters unavailable: " + r.countersUnavailable() + "; instructions per packet come from"
                            + " the callgrind command (nicharness.harness.cost.CallgrindCost)").withSlideInstructions());
        }
        return rows;
    }
}
