package nicharness.harness.tester;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.DriverRegistry;
import nicharness.driver.DriverSetup;
import nicharness.env.IdleStrategy;
import nicharness.driver.Port;
import nicharness.env.SimulatedDmaMemory;
import nicharness.env.linux.ThreadPriority;
import nicharness.harness.plan.Workload;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import nicharness.harness.trial.Testbed;
import nicharness.model.AccessCost;
import nicharness.model.DrivingMode;
import nicharness.model.EngineThread;
import nicharness.model.NicModel;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfDescriptor;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;

/**
 * The paper's testbed on the software 82599: two ports (the DUT's two cards) sharing host memory,
 * the driver under test with its NF on its own pinned thread, and the {@link WireTester} on the
 * ports' engine thread, pinned to another CPU.
 *
 * <p>Each period of traffic starts the driver's thread, offers the traffic, waits for the frames in
 * flight to come back, stops the driver's thread, and then checks the books: every frame offered
 * either came back, or was counted as dropped by a card (its statistics registers) or by the
 * driver (the NF's drops and transmit refusals). A frame that is in neither is an error, reported
 * with every count, never a footnote.
 *
 * <p>Register accesses cost the driver's thread the workload's multiple of the model's measured
 * PCIe latencies ({@link #accessCost}), so that doorbells and register reads weigh as on a card.
 *
 * <p>When is the tester the limit? A period is marked tester-limited when the tester offered less
 * than 99 % of the frames its schedule asked for, or when frames were lost while the tester's and
 * model's thread was busy 95 % of its time or had fallen 64 frames or more behind its schedule
 * (a burst it did not mean to send), or while the driver's thread or the tester's thread, both of
 * which busy-poll, had a CPU for less than 90 % of the period: then the machine (other processes,
 * too few CPUs) set the pace. Such a period says nothing about the driver. Separately, a period in
 * which the tester kept up but the frames lost are no more than arrived while the driver's thread
 * was runnable but waiting for a CPU ({@link #preempted}) is reported as {@code driverPreempted}:
 * the trial judges it against the workload's loss threshold.
 */
public final class ModelTestbed implements Testbed {

    /** Host memory for rings, buffers and pools: every driver's defaults on two ports fit (as in the drivers' contract test). */
    public static final long HOST_BYTES = 64L << 20;
    /** The most a finished period waits for its frames in flight. */
    static final long DRAIN_LIMIT_NANOS = 5_000_000_000L;
    /** Offered below this share of the schedule: the tester could not keep up. */
    static final double RATE_SHORTFALL = 0.99;
    /** Busier than this while frames were lost: the loss may be the model's. */
    static final double BUSY_LIMIT = 0.95;
    /** A lag of this many frames while frames were lost: the tester sent a burst. */
    static final double LAG_FRAMES_LIMIT = 64;

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private boolean priorityRefusalNoted;
    /** Why the engine's thread could not get the highest priority, set on the driver's thread. */
    private volatile String engineRefusal;
    /** The engine thread's CPU time when the period began, read on the driver's thread. */
    private volatile long engineCpuAtBegin = -1;
    private final Workload workload;
    private final NicModel[] ports;
    private final WireTester tester;
    private final EngineThread engine;
    private final Driver driver;
    private final DriverThread driverThread;
    private final CardCounters cards;
    private long sequence;

    private ModelTestbed(final Workload workload, final String driverName, final List<Integer> cpus) {
        this.workload = workload;
        final int driverCpu = cpus.size() >= 2 ? cpus.get(0) : -1;
        final int wireCpu = cpus.size() >= 2 ? cpus.get(1) : -1;
        final SimulatedDmaMemory host = new SimulatedDmaMemory(HOST_BYTES);
        ports = new NicModel[2];
        for (int p = 0; p < 2; p++) {
            // No line-rate pacing in the model: the tester's outputs keep each wire's 10 Gb/s clock.
            // The injection ring stays minimal: the tester injects on the engine thread, which
            // receives at once, so the ring is never used.
            ports[p] = NicModel.builder(host).port(p).mode(DrivingMode.THREADED).strict(false)
                    .accessCost(accessCost(workload.deviceCostFactor())).injectionCapacity(2).build();
        }
        tester = new WireTester(new WirePort[] {WirePort.of(ports[0]), WirePort.of(ports[1])}, workload.layer(), PaperTraffic.DEFAULT_FLOWS, wireCpu,
                Clock.SYSTEM);
        engine = new EngineThread("wire", tester, ports);
        engine.start();
        if (driverName == null) {
            driver = null;
            driverThread = null;
        } else {
            driver = DriverRegistry.byName(driverName).open(new DriverSetup(
                    List.of(new Port(0, ports[0].registers()), new Port(1, ports[1].registers())),
                    host, networkFunction(workload), Clock.SYSTEM, IdleStrategy.BUSY_SPIN, Map.of()));
            for (final NicModel port : ports) {
                port.awaitLinkUp(LINK_WAIT_NANOS); // the tester waits for its link partner, as MoonGen does
            }
            driverThread = new DriverThread(driver, driverCpu);
        }
        cards = new CardCounters(ports);
    }

    /** How long the tester waits for the links to come up after the driver's reset (10 ms on the model). */
    static final long LINK_WAIT_NANOS = 2_000_000_000L;

    /**
     * The testbed for one trial: the driver called {@code driverName} running the workload's NF.
     *
     * @param cpus the CPUs for (driver thread, tester thread), or empty
     */
    public static ModelTestbed open(final Workload workload, final String driverName, final List<Integer> cpus) {
        return new ModelTestbed(workload, java.util.Objects.requireNonNull(driverName, "driverName"), cpus);
    }

    /**
     * A testbed with no driver: the ports never enable receive, so every frame is dropped on
     * arrival. What the tester reaches on it is its ceiling: the most it can offer at all.
     */
    public static ModelTestbed withoutDriver(final Workload workload, final List<Integer> cpus) {
        return new ModelTestbed(workload, null, cpus);
    }

    /**
     * The cost of one register access for a device-cost factor: the factor times the model's
     * measured PCIe cost ({@link AccessCost#PCIE_MEASURED}; 1 is that default, 0 free registers).
     */
    public static AccessCost accessCost(final double factor) {
        return new AccessCost(Math.round(factor * AccessCost.DEFAULT.readNanos()),
                Math.round(factor * AccessCost.DEFAULT.writeNanos()));
    }

    public static NetworkFunction networkFunction(final Workload workload) {
        final NetworkFunction nf = NfRegistry.create(workload.nf(), NfPorts.paper(2), workload.nfOptions());
        return workload.extraWorkNs() > 0 ? new SlowNop(nf, SlowNop.calibrate(workload.extraWorkNs())) : nf;
    }

    @Override
    public void warmUp(final Load load) {
        // At normal priority: the compiler threads need the CPUs the warm-up is there for.
        run(load.gbpsPerDirection(), allDirections(), load.probeHeatupSeconds() + load.seconds(), load.probesPerSecond(),
                load.probeHeatupSeconds(), load.flowRuns(), false);
    }

    @Override
    public Measurement heatUp(final double seconds, final double gbpsPerDirection) {
        final NfDescriptor nf = NfRegistry.get(workload.nf());
        if (nf.reverseHeatUp()) {
            // Reference 9.3: the load balancer first hears from its backends (direction 1); its
            // loss is ignored, since heartbeats are consumed.
            run(gbpsPerDirection, 0b10, seconds, 0, 0, 8, true);
        }
        // The paper's heat-up is in the forward direction, each flow in runs of 8 frames.
        return run(gbpsPerDirection, 0b01, seconds, 0, 0, 8, true);
    }

    @Override
    public Measurement offer(final Load load) {
        return run(load.gbpsPerDirection(), allDirections(), load.probeHeatupSeconds() + load.seconds(), load.probesPerSecond(),
                load.probeHeatupSeconds(), load.flowRuns(), true);
    }

    private int allDirections() {
        return workload.directions() == 2 ? 0b11 : 0b01;
    }

    private Measurement run(final double gbpsPerDirection, final int mask, final double seconds, final int probesPerSecond,
                            final double probeHeatupSeconds, final int flowRuns, final boolean measured) {
        final long nanos = Math.round(seconds * 1e9);
        final Period period = new Period(++sequence, gbpsPerDirection, mask, nanos, probesPerSecond,
                Math.round(probeHeatupSeconds * 1e9), flowRuns);
        final PeriodBooks before = books();
        final long bits0 = tester.count(WireTester.WIRE_BITS);
        final long probesSent0 = tester.count(WireTester.PROBES_SENT);
        final long probesTimed0 = tester.count(WireTester.PROBES_TIMED);
        final long gc0 = Measurement.collectionsSoFar();

        // The period begins on the driver's thread once it polls: the engine's thread then goes to
        // the highest priority (earlier, at -20, it would have kept the new thread from its first
        // CPU) and the tester starts the traffic.
        final long engineTid = tester.engineKernelThreadId();
        final Runnable begin = () -> {
            if (measured && engineTid > 0) {
                engineRefusal = ThreadPriority.set(engineTid, ThreadPriority.HIGHEST);
            }
            engineCpuAtBegin = cpuTime(engineThreadId()); // the same instant as the driver's loop start
            tester.request(period);
        };
        final long mainWall0 = System.nanoTime();
        if (driverThread != null) {
            driverThread.start(measured, begin);
        } else {
            begin.run();
        }
        final Measurement measurement;
        final double driverShare;
        final double wireShare;
        final long driverWait;
        try {
            waitFinished(period);
            // The driver's wait while the traffic ran, not while the frames in flight drain.
            driverWait = driverThread == null ? -1 : driverThread.runQueueWaitNanos();
            drain(before);
            final long wall1 = System.nanoTime();
            final long wall0 = driverThread == null ? mainWall0 : driverThread.loopStartNanos();
            final double wall = wall1 - wall0;
            driverShare = driverThread == null ? Double.NaN
                    : share(driverThread.cpuAtLoopStart(), cpuTime(driverThread.threadId()), wall);
            wireShare = share(engineCpuAtBegin, cpuTime(engineThreadId()), wall);
        } finally {
            try {
                if (driverThread != null) {
                    driverThread.stop();
                    noteRefusal(driverThread.priorityRefused());
                }
            } finally {
                noteRefusal(engineRefusal);
                if (measured) {
                    prioritise(engineTid, ThreadPriority.NORMAL);
                }
            }
        }
        final PeriodBooks books = books().minus(before);
        if (books.unaccounted() != 0) {
            throw new IllegalStateException("loss accounting disagrees: " + books + "; period: " + period);
        }
        final long[] offered = books.offered();
        final long lost = books.offeredTotal() - books.returnedTotal();
        final double busy = Math.min(1, Math.max(0, 1 - (double) tester.waitingNanos() / nanos));
        final long bits = tester.count(WireTester.WIRE_BITS) - bits0;
        final double offeredGbps = bits / (double) nanos;
        final long probesSent = tester.count(WireTester.PROBES_SENT) - probesSent0;
        final long probesTimed = tester.count(WireTester.PROBES_TIMED) - probesTimed0;
        // The tester's and the model's own limits first; only when they kept up can the driver's
        // lost CPU be what spoiled the period, and only then is offering it again worth it.
        // Whether the loss is within the workload's threshold is the trial's to judge: a preempted
        // period is only reported as such here.
        final boolean testerShort = testerLimited(period, offered, lost, busy, tester.lagMaxNanos(), Double.NaN, wireShare);
        final boolean preempted = !testerShort && lost > 0
                && (preempted(period, lost, driverWait) || Measurement.starved(driverShare));
        measurement = new Measurement(offered, books.returned(), offeredGbps, books.cardDropped(), books.driverDropped(),
                tester.lagMaxNanos(), busy, testerShort, probesPerSecond > 0 ? tester.latency().copy() : null, probesSent,
                probesSent - probesTimed, Measurement.collectionsSoFar() - gc0, driverShare, wireShare, driverWait, preempted);
        return measurement;
    }

    /**
     * Whether the frames lost could all have arrived while the driver's thread waited for a CPU:
     * then the machine's scheduler, not the driver, may have lost them (its receive ring filled
     * while another thread held the CPU). The wait is a sum, and a ring only overflows during one
     * long wait, so this errs towards blaming the machine; a loss larger than everything that
     * arrived while the driver waited is the driver's, or the model's, for certain.
     */
    static boolean preempted(final Period period, final long lost, final long driverWaitNanos) {
        if (lost <= 0 || driverWaitNanos <= 0) {
            return false;
        }
        final double framesPerNano = period.gbpsPerDirection() / WireTester.FRAME_WIRE_BITS
                * Integer.bitCount(period.directionMask()) + period.probesPerSecond() / 1e9;
        return lost <= driverWaitNanos * framesPerNano;
    }

    /**
     * Sets the engine thread's nice value: the highest during a measured period, so that on a
     * machine without isolated CPUs the scheduler seldom takes its CPU away (see {@link ThreadPriority}).
     */
    private void prioritise(final long tid, final int nice) {
        if (tid > 0) {
            noteRefusal(ThreadPriority.set(tid, nice));
        }
    }

    /** Says once, in the trial's log, that the busy threads run at their normal priority. */
    private void noteRefusal(final String why) {
        if (why != null && !priorityRefusalNoted) {
            priorityRefusalNoted = true;
            System.out.println("the driver's and the tester's threads keep their normal priority: " + why);
        }
    }

    /** The rule of the class comment. */
    static boolean testerLimited(final Period period, final long[] offered, final long lost, final double busy, final long lagNanos,
                                 final double driverCpuShare, final double wireCpuShare) {
        final double framesPerNanoPerDirection = period.gbpsPerDirection() / WireTester.FRAME_WIRE_BITS;
        final double expected = framesPerNanoPerDirection * period.nanos();
        for (int d = 0; d < offered.length; d++) {
            if ((period.directionMask() & (1 << d)) != 0 && expected >= 1) {
                final double background = offered[d] - (d == 0 ? (double) period.probesPerSecond() * period.nanos() / 1e9 : 0);
                if (background < RATE_SHORTFALL * Math.floor(expected)) {
                    return true;
                }
            }
        }
        // Without loss, a tester that kept its schedule is no excuse: the driver coped regardless.
        return lost > 0 && (busy >= BUSY_LIMIT || lagNanos * framesPerNanoPerDirection >= LAG_FRAMES_LIMIT
                || Measurement.starved(driverCpuShare) || Measurement.starved(wireCpuShare));
    }


    private static long cpuTime(final long threadId) {
        return threadId < 0 ? -1 : THREADS.getThreadCpuTime(threadId);
    }

    private static double share(final long before, final long after, final double wallNanos) {
        return before < 0 || after < 0 || wallNanos <= 0 ? Double.NaN : Math.min(1, (after - before) / wallNanos);
    }

    private void waitFinished(final Period period) {
        final long deadline = System.nanoTime() + period.nanos() + 30_000_000_000L;
        // One sleep through the period, then short ones: every wake-up of this thread takes a CPU
        // from the driver's or the tester's thread for a moment, on a machine with only those two.
        sleep(period.nanos());
        while (!tester.finished(period.sequence())) {
            if (driverThread != null && driverThread.failed()) {
                return; // the period may never have begun: stopping the driver's thread says why
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the tester did not finish a period of " + period.nanos() / 1e9
                        + " s within 30 s of its end: the engine thread is stuck");
            }
            pause();
        }
    }

    /** Waits until every offered frame is back or counted as dropped, or the drain limit. */
    private void drain(final PeriodBooks before) {
        final long deadline = System.nanoTime() + DRAIN_LIMIT_NANOS;
        // The driver's counters are read while it runs: possibly stale, good enough to know when to stop waiting.
        while (System.nanoTime() - deadline < 0 && books().minus(before).unaccounted() > 0) {
            pause();
        }
    }

    /** The books now: the tester's counts, the cards' statistics (read, and so cleared), the driver's counters. */
    private PeriodBooks books() {
        cards.read();
        final long[] offered = {tester.count(WireTester.OFFERED_0), tester.count(WireTester.OFFERED_1)};
        final long[] returned = {tester.count(WireTester.RETURNED_0), tester.count(WireTester.RETURNED_1)};
        return PeriodBooks.read(offered, returned, cards, driver == null ? new DriverCounters() : driver.counters());
    }

    private static void pause() {
        sleep(1_000_000);
    }

    private static void sleep(final long nanos) {
        try {
            Thread.sleep(java.time.Duration.ofNanos(nanos));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tester", e);
        }
    }

    /**
     * Starts the driver and traffic at {@code gbpsPerDirection} on every direction, until
     * {@link #stopForwarding()}: the {@code forward} command's continuous run.
     */
    public void startForwarding(final double gbpsPerDirection) {
        if (driverThread == null) {
            throw new IllegalStateException("forwarding needs a driver");
        }
        final Period forever = new Period(++sequence, gbpsPerDirection, allDirections(), Long.MAX_VALUE / 4, 0, 0, 1);
        // An open-ended run at normal priority: the machine stays usable.
        driverThread.start(false, () -> tester.request(forever));
    }

    /** Stops the traffic and, once the frames in flight are back, the driver. */
    public void stopForwarding() {
        final Period silence = new Period(++sequence, 0, 0, 1, 0, 0, 1);
        tester.request(silence);
        waitFinished(silence);
        pause();
        driverThread.stop();
    }

    /** Reads a statistics register of port {@code port} as a driver would (clear-on-read). */
    public long readStatistic(final int port, final int offset) {
        return ports[port].readStatistic(offset);
    }

    /** The driver's counters; exact once the driver has stopped. */
    public DriverCounters driverCounters() {
        return driver == null ? new DriverCounters() : driver.counters().snapshot();
    }

    /** The engine thread's id once it has run, for allocation checks; -1 before. */
    public long engineThreadId() {
        final Thread t = tester.engineThread();
        return t == null ? -1 : t.threadId();
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            if (driverThread != null) {
                driverThread.stop();
            }
        } catch (final RuntimeException e) {
            failure = e;
        }
        if (driver != null) {
            driver.close();
        }
        engine.close();
        for (final NicModel port : ports) {
            port.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
