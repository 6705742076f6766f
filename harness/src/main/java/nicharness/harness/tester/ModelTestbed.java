package nicharness.harness.tester;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ObjIntConsumer;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.DriverRegistry;
import nicharness.env.RegisterSpace;
import nicharness.env.linux.ThreadPriority;
import nicharness.harness.plan.Workload;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import nicharness.harness.trial.Testbed;
import nicharness.model.AccessCost;
import nicharness.model.DrivingMode;
import nicharness.model.EngineThread;
import nicharness.model.Fault;
import nicharness.model.FaultKind;
import nicharness.model.ModelFiles;
import nicharness.model.NicModel;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfDescriptor;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import nicharness.driver.DriverModel;
import nicharness.model.WireTap;
import nicharness.testbed.ModelPorts;

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
 * <p>Whether the tester, the model or the machine rather than the driver set a period's pace is
 * the {@link PeriodVerdict}, from the tester's schedule and load and the CPU time and run-queue wait
 * of the driver's and the tester's threads.
 */
public final class ModelTestbed implements Testbed {

    /** The most a finished period waits for its frames in flight. */
    static final long DRAIN_LIMIT_NANOS = 5_000_000_000L;
    /** How many of an external driver's strict-mode faults the failure lists in full. */
    static final int FAULTS_SHOWN = 5;

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private boolean priorityRefusalNoted;
    /** Why the engine's thread could not get the highest priority, set on the driver's thread. */
    private volatile String engineRefusal;
    /** The engine thread's CPU time when the period began, read on the driver's thread. */
    private volatile long engineCpuAtBegin = -1;
    private final Workload workload;
    private final ModelPorts assembly;
    private final NicModel[] ports;
    private final WireTester tester;
    private final EngineThread engine;
    /** The driver under test, opened once the engine thread runs; null for none. */
    private final DriverUnderTest driver;
    /** Whether a strict-mode fault of the model ends the run (an external driver under {@code --strict}). */
    private final boolean faultsFatal;
    /** Released after the ports: an external driver's model file. */
    private final AutoCloseable resources;
    private final CardCounters cards;
    private long sequence;

    private ModelTestbed(final Workload workload, final ModelPorts assembly, final int wireCpu,
                         final java.util.function.Function<ModelPorts, DriverUnderTest> openDriver,
                         final boolean faultsFatal, final AutoCloseable resources) {
        this.workload = workload;
        this.assembly = assembly;
        this.ports = assembly.all();
        this.faultsFatal = faultsFatal;
        this.resources = resources;
        tester = new WireTester(new WirePort[] {WirePort.of(ports[0]), WirePort.of(ports[1])}, workload.layer(), PaperTraffic.DEFAULT_FLOWS, wireCpu,
                Clock.SYSTEM);
        engine = new EngineThread("wire", tester, ports);
        engine.start();
        DriverUnderTest opened = null;
        try {
            opened = openDriver == null ? null : openDriver.apply(assembly);
            if (opened != null) {
                assembly.awaitLinkUp(); // the tester waits for its link partner, as MoonGen does
            }
        } catch (final RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            releaseModel(e);
            throw e;
        }
        driver = opened;
        cards = new CardCounters(ports);
    }

    /**
     * The testbed for one trial: the driver called {@code driverName} running the workload's NF.
     *
     * @param cpus the CPUs for (driver thread, tester thread), or empty
     */
    public static ModelTestbed open(final Workload workload, final String driverName, final List<Integer> cpus) {
        java.util.Objects.requireNonNull(driverName, "driverName");
        return open(workload, DriverRegistry.byName(driverName), cpus, false);
    }

    /**
     * The testbed for {@code model}, in strict mode if {@code strict}: the checks of
     * {@code nic-model/README.md}, "Strict mode",
     * the ownership audit and the conflict detector on both ports, and host memory that aligns
     * every region to exactly what the driver asked; {@link #faultReport()} then says what the
     * driver broke. Faults do not stop the testbed by themselves: the caller looks.
     */
    public static ModelTestbed open(final Workload workload, final DriverModel model,
                                    final List<Integer> cpus, final boolean strict) {
        return new ModelTestbed(workload, intercepted(workload, strict), wireCpu(cpus),
                ports -> driverThreads(model.open(ports.setup(networkFunction(workload))), driverCpu(cpus)), false, null);
    }

    /**
     * The driver's thread, or one per core for a driver on several cores; the trial's log says so
     * when the cores and the tester's thread are more busy threads than this machine has CPUs.
     */
    private static DriverUnderTest driverThreads(final Driver driver, final int cpu) {
        if (driver.cores().size() == 1) {
            return new DriverThread(driver, cpu);
        }
        final String oversubscribed = DriverThreads.oversubscription(driver.cores().size(), 1,
                Runtime.getRuntime().availableProcessors());
        if (oversubscribed != null) {
            System.out.println(oversubscribed);
        }
        return new DriverThreads(driver, cpu);
    }

    /**
     * The testbed for a driver in another process (the {@code external} command): the model's two
     * ports in file-backed mode on {@code modelFile}, the tester on their wires, and the driver
     * started by {@code launch} once the engine thread serves the file. Strict mode, if asked for,
     * makes any fault the model records end the run with an {@link IllegalStateException} naming
     * it, checked after the driver's start-up and after every period.
     *
     * <p>The driver reaches the registers through the file, which the model cannot intercept, so
     * register accesses cost it what memory costs (no {@link AccessCost}), and its own drop counts
     * are unknown: the books count only what the cards dropped, and a frame the driver loses is an
     * accounting error.
     *
     * @param cpus the CPUs for (driver process, tester thread), or empty
     */
    public static ModelTestbed external(final Workload workload, final ExternalDriver.Launch launch, final Path modelFile,
                                        final long hostBytes, final boolean strict, final List<Integer> cpus) {
        final ModelFiles files = ModelFiles.create(modelFile, 2, hostBytes);
        final AutoCloseable release = () -> {
            files.close();
            Files.deleteIfExists(modelFile);
        };
        final ModelPorts ports;
        try {
            ports = ports(strict, (port, p) -> port.registerMemory(files.bar0(p))).host(files.host()).build();
        } catch (final RuntimeException e) {
            closeQuietly(release, e);
            throw e;
        }
        final RegisterSpace[] views = {files.driverRegisters(0), files.driverRegisters(1)};
        final ModelTestbed testbed = new ModelTestbed(workload, ports, wireCpu(cpus),
                opened -> launch.start(modelFile, driverCpu(cpus), views), strict, release);
        try {
            testbed.checkFaults("while the driver started");
        } catch (final RuntimeException e) {
            testbed.close();
            throw e;
        }
        return testbed;
    }

    /** Two ports whose registers the model intercepts, each access costing the workload's multiple of a PCIe access. */
    private static ModelPorts intercepted(final Workload workload, final boolean strict) {
        final AccessCost cost = accessCost(workload.deviceCostFactor());
        return ports(strict, (port, p) -> port.accessCost(cost)).build();
    }

    /** Two THREADED ports, with {@code registers} saying where their registers are and what they cost. */
    private static ModelPorts.Builder ports(final boolean strict, final ObjIntConsumer<NicModel.Builder> registers) {
        // No line-rate pacing in the model: the tester's outputs keep each wire's 10 Gb/s clock.
        // The injection ring stays minimal: the tester injects on the engine thread, which
        // receives at once, so the ring is never used.
        return ModelPorts.builder(2).strict(strict)
                .each((port, p) -> registers.accept(port.mode(DrivingMode.THREADED).injectionCapacity(2), p));
    }

    private static int driverCpu(final List<Integer> cpus) {
        return cpus.size() >= 2 ? cpus.get(0) : -1;
    }

    private static int wireCpu(final List<Integer> cpus) {
        return cpus.size() >= 2 ? cpus.get(1) : -1;
    }

    /**
     * Under strict mode for an external driver: throws if any port recorded a fault, naming each.
     *
     * @param when what was going on, for the message
     */
    private void checkFaults(final String when) {
        if (!faultsFatal) {
            return;
        }
        long count = 0;
        final Map<FaultKind, Integer> kinds = new EnumMap<>(FaultKind.class);
        final List<Fault> first = new ArrayList<>();
        for (final NicModel port : ports) {
            count += port.faults().count();
            for (final Fault fault : port.faults().all()) { // the first of each kind
                kinds.merge(fault.kind(), (int) Math.min(Integer.MAX_VALUE, port.faults().count(fault.kind())),
                        Integer::sum);
                if (first.size() < FAULTS_SHOWN) {
                    first.add(fault);
                }
            }
        }
        if (count > 0) {
            // A broken driver repeats its bug on every descriptor: the kinds with their counts, then a few in full.
            final StringBuilder message = new StringBuilder("strict mode: the software 82599 recorded ").append(count)
                    .append(" driver fault(s) ").append(when).append(":");
            kinds.forEach((kind, n) -> message.append(' ').append(kind).append(" x").append(n));
            message.append("; the first:");
            for (final Fault fault : first) {
                message.append("\n  ").append(fault);
            }
            throw new IllegalStateException(message.toString());
        }
    }

    /**
     * The faults the ports recorded, for a driver author: per port, each kind's first occurrence
     * with its context, the rule and its usual cause, and how many more; empty if none.
     */
    public String faultReport() {
        return assembly.faultReport();
    }

    /** Records port {@code port}'s wire (see {@link WireTap}); closed with the testbed. */
    public void tap(final int port, final WireTap tap) {
        ports[port].tap(tap);
    }

    /**
     * A testbed with no driver: the ports never enable receive, so every frame is dropped on
     * arrival. What the tester reaches on it is its ceiling: the most it can offer at all.
     */
    public static ModelTestbed withoutDriver(final Workload workload, final List<Integer> cpus) {
        return new ModelTestbed(workload, intercepted(workload, false), wireCpu(cpus), null, false, null);
    }

    /**
     * The cost of one register access for a device-cost factor: the factor times the model's
     * measured PCIe cost ({@link AccessCost#PCIE_MEASURED}; 1 is that default, 0 free registers).
     */
    public static AccessCost accessCost(final double factor) {
        return new AccessCost(Math.round(factor * AccessCost.PCIE_MEASURED.readNanos()),
                Math.round(factor * AccessCost.PCIE_MEASURED.writeNanos()));
    }

    public static NetworkFunction networkFunction(final Workload workload) {
        final NetworkFunction nf = NfRegistry.create(workload.nf(), NfPorts.paper(2), workload.nfOptions());
        if (workload.extraWorkNs() <= 0) {
            return nf;
        }
        final SlowNop slow = new SlowNop(nf, SlowNop.calibrate(workload.extraWorkNs()));
        System.out.println("the NF: " + slow + " for " + workload.extraWorkNs() + " ns");
        return slow;
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
            // bench-moongen.lua:273-274: the load balancer first hears from its backends (direction 1); its
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
        final long paused0 = tester.count(WireTester.PAUSED_NANOS);
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
        if (driver != null) {
            driver.start(measured, begin);
        } else {
            begin.run();
        }
        final double driverShare;
        final double wireShare;
        final long driverWait;
        try {
            waitFinished(period);
            // The driver's wait while the traffic ran, not while the frames in flight drain.
            driverWait = driver == null ? -1 : driver.runQueueWaitNanos();
            drain(before);
            final long wall1 = System.nanoTime();
            final long wall0 = driver == null ? mainWall0 : driver.loopStartNanos();
            final double wall = wall1 - wall0;
            driverShare = driver == null ? Double.NaN : share(driver.cpuAtLoopStart(), driver.cpuNanos(), wall);
            wireShare = share(engineCpuAtBegin, cpuTime(engineThreadId()), wall);
        } finally {
            try {
                if (driver != null) {
                    driver.stop();
                    noteRefusal(driver.priorityRefused());
                }
            } finally {
                noteRefusal(engineRefusal);
                if (measured) {
                    prioritise(engineTid, ThreadPriority.NORMAL);
                }
            }
        }
        // A fault first: a driver that broke the protocol explains whatever the books say next.
        checkFaults("during period " + period.sequence());
        final PeriodBooks books = books().minus(before).balanced(period);
        final double busy = Math.min(1, Math.max(0, 1 - (double) tester.waitingNanos() / nanos));
        final long bits = tester.count(WireTester.WIRE_BITS) - bits0;
        final double offeredGbps = bits / (double) nanos;
        final long probesSent = tester.count(WireTester.PROBES_SENT) - probesSent0;
        final long probesTimed = tester.count(WireTester.PROBES_TIMED) - probesTimed0;
        final long paused = tester.count(WireTester.PAUSED_NANOS) - paused0;
        final PeriodVerdict verdict = PeriodVerdict.realTime(period, books, tester.lagMaxNanos(), paused,
                driverShare, wireShare, driverWait);
        return new Measurement(books.offered(), books.returned(), offeredGbps, books.cardDropped(), books.driverDropped(),
                tester.lagMaxNanos(), busy, verdict.testerLimited(), probesPerSecond > 0 ? tester.latency().copy() : null,
                probesSent, probesSent - probesTimed, Measurement.collectionsSoFar() - gc0, driverShare, wireShare,
                driverWait, verdict.driverPreempted(), null, paused);
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
            if (driver != null && driver.failed()) {
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
        final long[] offered = {tester.count(WireTester.OFFERED_0), tester.count(WireTester.OFFERED_1)};
        final long[] returned = {tester.count(WireTester.RETURNED_0), tester.count(WireTester.RETURNED_1)};
        return PeriodBooks.read(offered, returned, cards, driver == null ? new DriverCounters() : driver.counters(), 0);
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
        if (driver == null) {
            throw new IllegalStateException("forwarding needs a driver");
        }
        final Period forever = new Period(++sequence, gbpsPerDirection, allDirections(), Long.MAX_VALUE / 4, 0, 0, 1);
        // An open-ended run at normal priority: the machine stays usable.
        driver.start(false, () -> tester.request(forever));
    }

    /** Stops the traffic and, once the frames in flight are back, the driver. */
    public void stopForwarding() {
        final Period silence = new Period(++sequence, 0, 0, 1, 0, 0, 1);
        tester.request(silence);
        waitFinished(silence);
        pause();
        driver.stop();
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
            if (driver != null) {
                driver.close();
            }
        } catch (final RuntimeException e) {
            failure = e;
        }
        releaseModel(failure);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Stops the engine and the ports, then releases the model file; failures join {@code failure}
     * if there is one. After a failure the host memory is left to the JVM's exit: a driver thread
     * that did not stop may still read and write it by address.
     */
    private void releaseModel(final RuntimeException failure) {
        engine.close();
        if (failure == null) {
            assembly.close();
        } else {
            assembly.abandon();
        }
        if (resources != null) {
            closeQuietly(resources, failure);
        }
    }

    private static void closeQuietly(final AutoCloseable resource, final RuntimeException failure) {
        try {
            resource.close();
        } catch (final Exception e) {
            if (failure != null) {
                failure.addSuppressed(e);
            } else {
                throw new IllegalStateException("could not release the model file: " + e.getMessage(), e);
            }
        }
    }
}
