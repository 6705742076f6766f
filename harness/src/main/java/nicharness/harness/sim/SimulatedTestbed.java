package nicharness.harness.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.env.IdleStrategy;
import nicharness.env.SimulatedDmaMemory;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.plan.Workload;
import nicharness.harness.tester.CardCounters;
import nicharness.harness.tester.ModelTestbed;
import nicharness.harness.tester.ProbeLatency;
import nicharness.harness.tester.TrafficSchedule;
import nicharness.harness.tester.PeriodBooks;
import nicharness.harness.tester.PeriodVerdict;
import nicharness.harness.tester.WireTester;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import nicharness.harness.trial.Testbed;
import nicharness.ixgbe.Regs;
import nicharness.model.DrivingMode;
import nicharness.model.FrameSink;
import nicharness.model.NicModel;
import nicharness.nf.registry.NfDescriptor;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import nicharness.testbed.ModelPorts;
import org.HdrHistogram.Histogram;

/**
 * The paper's testbed in simulated time: two software 82599 ports in deferred mode, the driver
 * with its NF, and the tester, all on the caller's thread, with one {@link VirtualClock}.
 *
 * <p>The loop of a period, one iteration per poll:
 * <ol>
 * <li>the device catches up with the clock: every event due by now, in time order, its DMA timed
 *     on the PCIe link ({@link PcieLink}): frames arriving (their bytes and their descriptor's
 *     write-back written to the rings, visible to the driver once both have crossed the link,
 *     {@link DeviceLatencies#macPhyNanos()} after their last bit left the tester); register writes
 *     reaching the device {@link DeviceLatencies#postedWriteNanos()} after the poll that wrote
 *     them, where a receive tail fetches the descriptors it gives (one read of up to the receive
 *     descriptor cache's worth) and takes effect when they have arrived, and a transmit tail makes
 *     the model fetch what its descriptor cache's PTHRESH/HTHRESH rules say (none when they were
 *     prefetched), then the frames' data is read, the frames go to the MAC, and the write-backs
 *     the model makes (per WTHRESH, RS or head write-back) land {@link DeviceLatencies#dmaWriteNanos()}
 *     later;</li>
 * <li>the driver polls once, timed by {@link CpuTime}; its register writes are held
 *     ({@link PostedRegisters}) and its reads charged; the clock advances by the poll's CPU time
 *     plus its register costs, and the held writes become device events at the poll's end.</li>
 * </ol>
 * Nothing else moves the clock: the model's engines, the tester and the books stand for hardware
 * that runs beside the CPU, so the model's own speed changes how long a trial takes, never what it
 * measures. When an empty poll wrote no register, the polls until the next device event would all
 * be the same empty poll: they are skipped, and the clock moves to the first poll that can see the
 * event, in steps of the typical empty poll.
 *
 * <p>The transmit side in detail: a port is held ({@link NicModel#holdTransmit}), so the model's
 * fetch answers a doorbell when it arrives and its steps send nothing; each doorbell's
 * descriptors are processed ({@link NicModel#transmit}) when their frames' data has arrived. The
 * data read is timed from the descriptors in host memory between the previous tail and this one
 * (one read request per descriptor, of its length), which are what the card reads for them.
 *
 * <p>The wire: frame k of a direction leaves the tester when the {@link TrafficSchedule} says, which
 * the real-time tester shares: at {@code start + k * interval}, and nothing into a port between its
 * XOFF and its XON when the driver enabled flow control; a port's
 * transmissions leave one after another at 10 Gb/s from their hand-over (the transmit FIFO), and
 * reach the tester {@link DeviceLatencies#macPhyNanos()} after their last bit. A probe's latency
 * runs from its departure from the tester to its return, as MoonGen's hardware timestamps measure
 * it; a probe back later than 1 ms is lost.
 *
 * <p>What one thread does to caches: the driver finds what the device wrote in its own core's
 * cache, written moments before by the model on the same thread, where a card's DMA writes reach
 * the last-level cache (DDIO); see {@code harness/README.md} for how much that changes a poll.
 */
public final class SimulatedTestbed implements Testbed {
    /**
     * How long after a period's end, or after the last frame the drain accounted for, the frames in
     * flight may take to come back: a driver still forwarding (a cold one, during the warm-up, whose
     * polls take milliseconds while its receive packet buffer holds thousands of frames) is waited
     * for; one that has stopped for this long has lost what is left.
     */
    static final long DRAIN_LIMIT_NANOS = 20_000_000;
    /** A probe back later than this is lost ({@code bench-moongen.lua:133}), as in real time. */
    static final long PROBE_TIMEOUT_NANOS = WireTester.PROBE_TIMEOUT_NANOS;
    /** Wire bits of a 60-byte frame: 84 bytes with FCS, preamble and inter-frame gap. */
    static final long FRAME_WIRE_BITS = WireTester.FRAME_WIRE_BITS;
    /** Frames received by one port before its engines run (and may pause the wire or drain the packet buffer). */
    static final int INJECTION_BURST = 32;
    /** The clock's start: far from 0, so that no NF confuses a time with "never". */
    static final long EPOCH_NANOS = 1_000_000_000L;

    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Workload workload;
    private final DeviceLatencies latencies;
    /** Each simulated core's CPU time: its polls are timed apart from the other cores'. */
    private final CpuTime[] cpus;
    /** Each simulated core's clock: it moves by that core's polls only. */
    private final VirtualClock[] clocks;
    /** The driver's pollers, one per simulated core ({@link Driver#cores()}). */
    private final Driver[] cores;
    /** The core polling, or about to: the one furthest behind. */
    private int current;
    /** Whether a core's last poll received nothing and wrote no register: until it sees a device event, it writes none. */
    private final boolean[] quiet;
    private final ModelPorts assembly;
    private final SimulatedDmaMemory host;
    private final NicModel[] ports;
    private final PostedRegisters[] registers = new PostedRegisters[2];
    private final Driver driver;
    /** The tester's traffic, shared with the real-time tester: what is due when, and the pauses. */
    private final TrafficSchedule schedule;
    private final MemorySegment probe = Arena.ofAuto().allocate(PaperTraffic.PROBE_LENGTH, 64);
    /**
     * Per direction, the frame being injected, re-pointed at each frame's flow
     * ({@link PaperTraffic#rewriteFlow}): one cache line, where a table of the 60,000 flows' frames
     * (7.7 MB) cost a cache miss per frame on the thread that also times the driver.
     */
    private final MemorySegment[] hot = {Arena.ofAuto().allocate(64, 64), Arena.ofAuto().allocate(64, 64)};
    private final long[] probeDeparted = new long[1 << 16];
    private final Histogram latency = LatencyStatistics.newHistogram();
    private final DeviceEvents events = new DeviceEvents();
    private final long[] wireFreePicos = new long[2];
    private final PcieLink link;
    /** Per port, how long a frame may wait for the link before its receive packet buffer is full, in ps. */
    private final long[] packetBufferPicos = new long[2];
    /** Frames each port missed because the link was too far behind (its receive packet buffer full). */
    private final long[] linkMissed = new long[2];
    /** The receive tails written so far, by port and register ({@code offset >> 6}), or -1: the tail a fetch starts from. */
    private final int[][] receiveTails = new int[2][1 << 10];
    private final CardCounters cards;
    private DeviceCpu.Runner device;

    // ---- The current period's tester state ----
    private long end;
    /** The period's drain gives up at this time, moved on by every frame it accounts for. */
    private long drainDeadline;
    /** The time the device hands frames to the MAC in the step under way. */
    private long handOverNanos;

    // ---- Counters, cumulative ----
    private final long[] offered = new long[2];
    private final long[] returned = new long[2];
    private long wireBits;
    private long probesSent;
    private long probesTimed;
    private long skippedEmptyPolls;

    private SimulatedTestbed(final Workload workload, final String driverName, final CpuTime cpu,
                             final DeviceLatencies latencies) {
        this.workload = workload;
        this.latencies = latencies;
        this.link = new PcieLink(latencies);
        for (final int[] tails : receiveTails) {
            java.util.Arrays.fill(tails, -1);
        }
        for (final long[] offsets : ringOffsets) {
            java.util.Arrays.fill(offsets, -1);
        }
        // Deferred: the engines run only when this testbed steps them, at the events' times; the
        // frames from the wire go straight into the receive engine (receiveFromWireNow), not
        // through the injection ring, which would cost each frame a copy more in real time.
        this.assembly = ModelPorts.builder(2).strict(false)
                .each((port, p) -> port.mode(DrivingMode.DEFERRED).injectionCapacity(2)).build();
        this.ports = assembly.all();
        this.host = assembly.host();
        try {
            for (int p = 0; p < 2; p++) {
                registers[p] = new PostedRegisters(ports[p].registers(), p);
                ports[p].connect(new Output(p));
            }
            cards = new CardCounters(ports);
            schedule = new TrafficSchedule(workload.layer(), PaperTraffic.DEFAULT_FLOWS);
            for (int d = 0; d < 2; d++) {
                PaperTraffic.writeFrame(hot[d], 0, d, workload.layer(), 0);
            }
            for (int p = 0; p < 2; p++) {
                // 802.3x: port p's XOFF stops direction p, the traffic into it, until its XON.
                final int direction = p;
                ports[p].flowControlListener((port, pause) -> {
                    dueStale = true;
                    if (pause) {
                        schedule.pause(direction, handOverNanos);
                    } else {
                        schedule.resume(direction, handOverNanos);
                    }
                });
            }
            // Opening waits, in real time, for the links to train after the driver's reset.
            driver = assembly.open(driverName, assembly.setup(ModelTestbed.networkFunction(workload), p -> registers[p])
                    .withClock(this::coreNanoTime).withIdle(IdleStrategy.NONE));
            cores = driver.cores().toArray(new Driver[0]);
            clocks = new VirtualClock[cores.length];
            cpus = new CpuTime[cores.length];
            quiet = new boolean[cores.length];
            for (int c = 0; c < cores.length; c++) {
                clocks[c] = new VirtualClock(EPOCH_NANOS);
                cpus[c] = c == 0 ? cpu : cpu.forAnotherCore();
            }
            for (final NicModel port : ports) {
                port.holdTransmit(true); // each port sends only when its frames' data has been read
            }
            for (int p = 0; p < 2; p++) {
                final long bytes = Regs.field(registers[p].read(Regs.RXPBSIZE(0)), Regs.RXPBSIZE_.SIZE) * 1024L;
                packetBufferPicos[p] = bytes * latencies.pciePicosPerByte();
            }
        } catch (final RuntimeException e) {
            assembly.close();
            throw e;
        }
    }

    /**
     * The testbed for one trial: {@code driverName} running the workload's NF, its polls costing
     * what {@code cpu} says, the device's latencies {@code latencies}.
     */
    public static SimulatedTestbed open(final Workload workload, final String driverName, final CpuTime cpu,
                                        final DeviceLatencies latencies) {
        return open(workload, driverName, cpu, latencies, DeviceCpu.SAME_THREAD, -1);
    }

    /**
     * The testbed with the device's work on {@code deviceCpu} ({@link DeviceCpu#OTHER_CPU}: a thread
     * of its own, pinned to {@code pinCpu} if not negative).
     */
    public static SimulatedTestbed open(final Workload workload, final String driverName, final CpuTime cpu,
                                        final DeviceLatencies latencies, final DeviceCpu deviceCpu, final int pinCpu) {
        final SimulatedTestbed testbed = new SimulatedTestbed(workload,
                java.util.Objects.requireNonNull(driverName, "driverName"), cpu, latencies);
        testbed.device = deviceCpu.runner(testbed::advanceDevice, pinCpu);
        return testbed;
    }

    /** The defaults scaled by the workload's device-cost factor, polls timed on this CPU. */
    public static SimulatedTestbed open(final Workload workload, final String driverName) {
        return open(workload, driverName, new MeasuredCpuTime(), DeviceLatencies.DEFAULT.scaled(workload.deviceCostFactor()));
    }

    @Override
    public void warmUp(final Load load) {
        run(load.gbpsPerDirection(), allDirections(), load.probeHeatupSeconds() + load.seconds(), load.probesPerSecond(),
                load.probeHeatupSeconds(), load.flowRuns());
    }

    @Override
    public Measurement heatUp(final double seconds, final double gbpsPerDirection) {
        final NfDescriptor nf = NfRegistry.get(workload.nf());
        if (nf.reverseHeatUp()) {
            run(gbpsPerDirection, 0b10, seconds, 0, 0, 8); // bench-moongen.lua:273-274: the load balancer's backends first
        }
        return run(gbpsPerDirection, 0b01, seconds, 0, 0, 8);
    }

    @Override
    public Calibration calibrate(final List<Load> loads) {
        boolean any = false;
        for (final CpuTime cpu : cpus) {
            any |= cpu.calibrates();
        }
        if (!any) {
            return Calibration.NONE; // measured or fixed: no traffic of its own before the search
        }
        // Again, at most CALIBRATION_ATTEMPTS times, while the JIT compiles during a calibration:
        // its polls before that timed code that is gone, so it learnt from part of the loads only.
        int attempts;
        for (int attempt = 1; ; attempt++) {
            for (final CpuTime cpu : cpus) {
                cpu.beginCalibration(attempt < CALIBRATION_ATTEMPTS);
            }
            for (final Load load : loads) {
                warmUp(load);
            }
            boolean restarted = false;
            for (final CpuTime cpu : cpus) {
                restarted |= cpu.calibrationRestarted();
            }
            attempts = attempt;
            if (!restarted || attempt == CALIBRATION_ATTEMPTS) {
                break;
            }
        }
        final List<Calibration.CoreTable> tables = new java.util.ArrayList<>();
        for (int core = 0; core < cpus.length; core++) {
            final PollCostTable table = cpus[core].chargeFromCalibration();
            if (table != null) {
                tables.add(new Calibration.CoreTable(core, table));
            }
        }
        return new Calibration(tables, attempts);
    }

    /** The most calibrations {@link #calibrate} runs. */
    static final int CALIBRATION_ATTEMPTS = 3;

    @Override
    public void chargeMeasured() {
        for (final CpuTime cpu : cpus) {
            cpu.chargeMeasured();
        }
    }

    @Override
    public Measurement offer(final Load load) {
        return run(load.gbpsPerDirection(), allDirections(), load.probeHeatupSeconds() + load.seconds(),
                load.probesPerSecond(), load.probeHeatupSeconds(), load.flowRuns());
    }

    private int allDirections() {
        return workload.directions() == 2 ? 0b11 : 0b01;
    }

    /** Descriptor fetches both ports have made so far (the model's counters). */
    long descriptorFetches() {
        return ports[0].counters().descriptorFetches() + ports[1].counters().descriptorFetches();
    }

    /** Bytes the PCIe link has carried so far, towards the host and towards the device, overheads included. */
    long[] pcieBytes() {
        return new long[] {link.bytesTowardsHost(), link.bytesTowardsDevice()};
    }

    /**
     * Turns link flow control on at both ports, as a driver that wants it programs it (datasheet
     * 4.6.11.3.1; none of ours does, as DPDK leaves it off by default): FCCFG.TFCE = 01b, XOFF once
     * the receive packet buffer holds more than {@code highBytes} (FCRTH(0) with FCEN), XON once it
     * holds less than {@code lowBytes} (FCRTL(0) with XONE). Multiples of 32 bytes.
     */
    void enableFlowControl(final int highBytes, final int lowBytes) {
        for (final PostedRegisters r : registers) {
            r.write(Regs.FCCFG, Regs.withField(r.read(Regs.FCCFG), Regs.FCCFG_.TFCE, Regs.FCCFG_.TFCE_LINK));
            r.write(Regs.FCRTL(0), Regs.withField(Regs.FCRTL_.XONE, Regs.FCRTL_.RTL, lowBytes / 32));
            r.write(Regs.FCRTH(0), Regs.withField(Regs.FCRTH_.FCEN, Regs.FCRTH_.RTH, highBytes / 32));
        }
    }

    /** Time the tester's traffic has been paused by flow control so far, both directions. */
    long pausedNanos() {
        return schedule.pausedNanos(0, now()) + schedule.pausedNanos(1, now());
    }

    /** XOFF the tester has heard so far, both directions. */
    long pauses() {
        return schedule.pauses(0) + schedule.pauses(1);
    }

    /** Frames the ports missed so far because the PCIe link was too far behind. */
    long linkMissed() {
        return linkMissed[0] + linkMissed[1];
    }

    /** The driver's counters. */
    public DriverCounters driverCounters() {
        return driver.counters().snapshot();
    }

    /** Each simulated core's counters, by core. */
    public List<DriverCounters> coreCounters() {
        return java.util.Arrays.stream(cores).map(core -> core.counters().snapshot()).toList();
    }

    /** The simulated cores the driver runs on. */
    public int coreCount() {
        return cores.length;
    }

    private Measurement run(final double gbpsPerDirection, final int mask, final double seconds, final int probesPerSecond,
                            final double probeHeatupSeconds, final int runs) {
        final long nanos = Math.round(seconds * 1e9);
        final PeriodBooks before = books();
        final long bits0 = wireBits;
        final long probesSent0 = probesSent;
        final long probesTimed0 = probesTimed;
        final long skipped0 = skippedEmptyPolls;
        final long paused0 = pausedNanos();
        final long gc0 = Measurement.collectionsSoFar();
        begin(gbpsPerDirection, mask, nanos, probesPerSecond, Math.round(probeHeatupSeconds * 1e9), runs);
        for (final CpuTime cpu : cpus) {
            cpu.beginPeriod();
        }
        final long real0 = System.nanoTime();
        final long virtual0 = now();
        drainDeadline = end + DRAIN_LIMIT_NANOS;
        long unaccounted = Long.MAX_VALUE;
        while (true) {
            current = furthestBehind();
            device.advanceTo(now());
            if (now() - end >= 0 && events.isEmpty() && !generating()) {
                final long now = books().minus(before).unaccounted();
                if (now <= 0 || now() - drainDeadline > 0) {
                    break;
                }
                if (now < unaccounted) {
                    unaccounted = now;
                    drainDeadline = Math.max(drainDeadline, now() + DRAIN_LIMIT_NANOS);
                }
            }
            poll();
        }
        final long realNanos = System.nanoTime() - real0;
        final long virtualNanos = now() - virtual0;
        final PeriodBooks books = books().minus(before).balanced(new SimulatedPeriod(seconds, gbpsPerDirection, mask));
        CpuTime.PollStatistics polls = cpus[0].statistics();
        for (int c = 1; c < cpus.length; c++) {
            polls = polls.plus(cpus[c].statistics());
        }
        polls = polls.withSkipped(skippedEmptyPolls - skipped0);
        final long[] offeredNow = {books.offered()[0], books.offered()[1]};
        final long[] returnedNow = {books.returned()[0], books.returned()[1]};
        final long sentProbes = probesSent - probesSent0;
        final PeriodVerdict verdict = PeriodVerdict.SIMULATED;
        return new Measurement(offeredNow, returnedNow, (wireBits - bits0) / (double) nanos, books.cardDropped(),
                books.driverDropped(), 0, Double.NaN, verdict.testerLimited(), probesPerSecond > 0 ? latency.copy() : null,
                sentProbes, sentProbes - (probesTimed - probesTimed0), Measurement.collectionsSoFar() - gc0, Double.NaN,
                Double.NaN, -1, verdict.driverPreempted(), new Measurement.Simulated(virtualNanos, realNanos, polls),
                pausedNanos() - paused0);
    }

    // ---- The CPU ---------------------------------------------------------------------------------

    /**
     * The time of the simulation: the clock of the core furthest behind. Every core has run up to
     * here, so the device may run every event due by it, and no poll to come can write a register
     * that reaches the device earlier than it plus the posted-write latency.
     */
    private long now() {
        long now = clocks[0].nanoTime();
        for (int c = 1; c < clocks.length; c++) {
            if (clocks[c].nanoTime() - now < 0) {
                now = clocks[c].nanoTime();
            }
        }
        return now;
    }

    /** The time the NF of the core polling sees: that core's clock. */
    private long coreNanoTime() {
        return clocks[current].nanoTime();
    }

    /** The core whose clock is furthest behind, the lowest-numbered of equals: the one to run next. */
    private int furthestBehind() {
        int behind = 0;
        for (int c = 1; c < clocks.length; c++) {
            if (clocks[c].nanoTime() - clocks[behind].nanoTime() < 0) {
                behind = c;
            }
        }
        return behind;
    }

    /**
     * One poll of the current core, timed on this CPU and charged to that core's clock. The other
     * cores' clocks do not move: two cores run side by side in simulated time, each at its own
     * polls' pace, and their register writes reach the device in the order of their virtual times.
     * [MODEL] What one core's work does to the other's caches (the cache lines of the shared NF
     * state, the lines each core's writes take from the other) is not modelled: each core's polls
     * are timed on this CPU one after the other, each finding the shared state where the last poll,
     * of either core, left it.
     */
    private void poll() {
        final CpuTime cpu = cpus[current];
        final VirtualClock clock = clocks[current];
        registers[0].beginPoll();
        registers[1].beginPoll();
        cpu.start();
        final int packets = cores[current].pollOnce();
        long charged = cpu.stop(packets);
        registers[0].endPoll();
        registers[1].endPoll();
        int writes = 0;
        for (final PostedRegisters r : registers) {
            charged += r.reads() * latencies.cpuRegisterReadNanos() + r.writes() * latencies.cpuRegisterWriteNanos();
            writes += r.writes();
        }
        clock.advance(charged);
        final long arrives = clock.nanoTime() + latencies.postedWriteNanos();
        for (final PostedRegisters r : registers) {
            for (int i = 0; i < r.writes(); i++) {
                events.add(DeviceEvents.ARRIVAL, arrives, r, r.offset(i), r.value(i), 0);
            }
        }
        quiet[current] = packets == 0 && writes == 0;
        if (quiet[current]) {
            skipIdlePolls();
        }
    }

    /**
     * After an empty poll that wrote nothing, every poll until the next device event would be the
     * same: move the clock to the first poll that starts at or after it. With no event to come, the
     * next thing that can happen is the period's end (or, past it, the drain's deadline).
     */
    private void skipIdlePolls() {
        // Another core that may still write a register (one not quiet) can make an event that
        // reaches the device from its clock plus the posted-write latency on: neither the device
        // nor this core may run past that. A quiet core writes nothing before it sees an event,
        // which is no earlier than the next one known.
        long bound = Long.MAX_VALUE;
        for (int c = 0; c < clocks.length; c++) {
            if (c != current && !quiet[c]) {
                bound = Math.min(bound, clocks[c].nanoTime() + latencies.postedWriteNanos());
            }
        }
        // A register write reaching the device and a data read being requested change nothing the
        // driver can see: run them now, in time order, up to the first event or frame that does,
        // so that the polls skipped reach as far as they would have without them.
        while (events.nextTime() != Long.MAX_VALUE && events.nextTime() - nextArrival() < 0
                && events.nextTime() - bound <= 0
                && (events.nextKind() == DeviceEvents.ARRIVAL || events.nextKind() == DeviceEvents.DATA_READ)) {
            device.advanceTo(events.nextTime());
        }
        final VirtualClock clock = clocks[current];
        final long event = Math.min(Math.min(events.nextTime(), nextArrival()), bound);
        final long next = event != Long.MAX_VALUE ? event
                : clock.nanoTime() - end < 0 ? end : drainDeadline + 1;
        final long now = clock.nanoTime();
        if (next == Long.MAX_VALUE || next - now <= 0) {
            return;
        }
        final long step = cpus[current].emptyPollNanos();
        final long polls = (next - now + step - 1) / step;
        skippedEmptyPolls += polls;
        clock.advance(polls * step);
    }

    // ---- The device ------------------------------------------------------------------------------

    /** Runs every device event due by {@code now}, in time order. */
    private void advanceDevice(final long now) {
        while (true) {
            final long write = events.nextTime();
            final long arrival = nextArrival();
            if (Math.min(write, arrival) - now > 0 || Math.min(write, arrival) == Long.MAX_VALUE) {
                return;
            }
            if (write - arrival <= 0) {
                final int kind = events.nextKind();
                final PostedRegisters r = events.nextRegisters();
                final int offset = events.nextOffset();
                final int value = events.nextValue();
                final long extra = events.nextExtra();
                events.pop();
                switch (kind) {
                    case DeviceEvents.ARRIVAL -> arrive(write, r, offset, value);
                    case DeviceEvents.RECEIVE_TAIL -> {
                        handOverNanos = write;
                        r.apply(offset, value);
                        ports[r.port()].step();
                    }
                    case DeviceEvents.DATA_READ -> readData(write, r, offset, (int) extra, value);
                    default -> transmit(extra, r.port(), offset, value);
                }
            } else {
                injectArrivals(Math.min(now, write == Long.MAX_VALUE ? now : write - 1));
            }
        }
    }

    /**
     * A register write reaches the device at {@code now}: a transmit tail fetches and reads its
     * frames, a receive tail fetches its descriptors, anything else takes effect at once.
     */
    private void arrive(final long now, final PostedRegisters r, final int offset, final int value) {
        final NicModel port = ports[r.port()];
        if (PostedRegisters.isTransmitTail(offset)) {
            final int previous = r.read(offset);
            final nicharness.model.ModelCounters c = port.counters();
            final long fetches0 = c.descriptorFetches();
            final long fetched0 = c.descriptorsRead();
            r.apply(offset, value); // the deferred model fetches what its descriptor cache's rules say
            long fetched = now;
            final long fetches = c.descriptorFetches() - fetches0;
            if (fetches > 0) {
                fetched = PcieLink.nanosAtOrAfter(link.read(now * 1000, fetches,
                        (c.descriptorsRead() - fetched0) * DeviceLatencies.DESCRIPTOR_BYTES));
            }
            if (previous != value) {
                events.add(DeviceEvents.DATA_READ, fetched, r, offset, value, previous);
            }
        } else if (PostedRegisters.isReceiveTail(offset)) {
            final int[] tails = receiveTails[r.port()];
            final int previous = tails[offset >> 6] >= 0 ? tails[offset >> 6] : r.read(offset);
            tails[offset >> 6] = value;
            final int size = r.read(offset - PostedRegisters.TAIL_AFTER_LENGTH) / DeviceLatencies.DESCRIPTOR_BYTES;
            final int given = size > 0 ? Math.floorMod(value - previous, size) : 0;
            if (given == 0) {
                r.apply(offset, value);
                return;
            }
            final int cache = NicModel.RECEIVE_DESCRIPTOR_CACHE;
            final long fetched = link.read(now * 1000, (given + cache - 1) / cache,
                    (long) given * DeviceLatencies.DESCRIPTOR_BYTES);
            events.add(DeviceEvents.RECEIVE_TAIL, PcieLink.nanosAtOrAfter(fetched), r, offset, value, 0);
        } else {
            handOverNanos = now;
            r.apply(offset, value);
            port.step();
        }
    }

    /**
     * The descriptors from tail {@code from} to {@code to} are in the device's cache at {@code now}:
     * it reads their frames' data, and sends the frames when the data has arrived.
     */
    private void readData(final long now, final PostedRegisters r, final int offset, final int from, final int to) {
        final long dataBytes = transmitData(r, offset, from, to);
        if (transmitDescriptors > 0) {
            final long handOver = PcieLink.nanosAtOrAfter(link.read(now * 1000, transmitDescriptors, dataBytes));
            events.add(DeviceEvents.TRANSMIT, handOver + latencies.dmaWriteNanos(), r, offset, transmitDescriptors,
                    handOver);
        }
    }

    /** Descriptors the last {@link #transmitData} found. */
    private int transmitDescriptors;

    /**
     * The bytes of the buffers of the transmit descriptors from {@code from} up to {@code to} of
     * the ring whose tail is at {@code tailOffset}, read from host memory as the card reads them
     * (the length is bits 15:0 of qword1 in both the legacy and the advanced data descriptor,
     * datasheet 7.2.3.2.2 and 7.2.3.2.4); their number in {@link #transmitDescriptors}.
     */
    private long transmitData(final PostedRegisters r, final int tailOffset, final int from, final int to) {
        transmitDescriptors = 0;
        final int size = r.read(tailOffset - PostedRegisters.TAIL_AFTER_LENGTH) / DeviceLatencies.DESCRIPTOR_BYTES;
        if (size <= 0 || from < 0 || from >= size || to < 0 || to >= size) {
            return 0;
        }
        final long ring = ((long) r.read(tailOffset - PostedRegisters.TAIL_AFTER_BASE_HIGH) << 32)
                | (r.read(tailOffset - PostedRegisters.TAIL_AFTER_BASE_LOW) & 0xFFFF_FFFFL);
        final MemorySegment memory = host.segment();
        long bytes = 0;
        final long ringOffset = ringOffset(r.port(), tailOffset, ring, size);
        if (ringOffset >= 0) {
            for (int i = from; i != to; i = i + 1 == size ? 0 : i + 1) {
                bytes += memory.get(U64_LE, ringOffset + (long) i * DeviceLatencies.DESCRIPTOR_BYTES + 8) & 0xFFFF;
                transmitDescriptors++;
            }
            return bytes;
        }
        for (int i = from; i != to; i = i + 1 == size ? 0 : i + 1) {
            try {
                final long qword1 = host.checkedOffset(ring + (long) i * DeviceLatencies.DESCRIPTOR_BYTES + 8, 8);
                bytes += memory.get(U64_LE, qword1) & 0xFFFF;
                transmitDescriptors++;
            } catch (final nicharness.env.DmaFaultException e) {
                return bytes; // the model records the fault when it gets there
            }
        }
        return bytes;
    }

    /**
     * Per port and transmit tail ({@code offset >> 6}), the ring {@link #ringOffset} last found wholly
     * in host memory: its address, its descriptors and its offset there (-1 for none).
     */
    private final long[][] ringAddresses = new long[2][1 << 10];
    private final int[][] ringSizes = new int[2][1 << 10];
    private final long[][] ringOffsets = new long[2][1 << 10];

    /**
     * The offset in host memory of the ring of {@code size} descriptors at physical {@code address}
     * whose tail is at {@code tailOffset} of port {@code port}, if all of it lies in one allocated
     * region, else -1 (its descriptors are then looked up one by one, as far as they are
     * allocated). Host memory's regions are never freed, so a ring found once is there for good:
     * looking each descriptor up cost a search of the regions per frame.
     */
    private long ringOffset(final int port, final int tailOffset, final long address, final int size) {
        final int queue = tailOffset >> 6;
        if (ringOffsets[port][queue] < 0 || address != ringAddresses[port][queue] || size != ringSizes[port][queue]) {
            final long offset = host.allocatedOffset(address, (long) size * DeviceLatencies.DESCRIPTOR_BYTES);
            if (offset < 0) {
                return -1;
            }
            ringAddresses[port][queue] = address;
            ringSizes[port][queue] = size;
            ringOffsets[port][queue] = offset;
        }
        return ringOffsets[port][queue];
    }

    /**
     * Port {@code p} sends the frames of the {@code descriptors} transmit descriptors after its
     * head on the queue whose tail is at {@code tailOffset}, their data having reached the device
     * at {@code handOver}; its write-backs then cross the link.
     */
    private void transmit(final long handOver, final int p, final int tailOffset, final int descriptors) {
        final nicharness.model.ModelCounters c = ports[p].counters();
        final long writes0 = c.writeBackTransactions();
        final long bytes0 = c.dmaBytesWritten();
        handOverNanos = handOver;
        ports[p].transmit((tailOffset - PostedRegisters.FIRST_TRANSMIT_TAIL) / PostedRegisters.QUEUE_STRIDE, descriptors);
        final long writes = c.writeBackTransactions() - writes0;
        if (writes > 0) {
            link.write(handOver * 1000, writes, c.dmaBytesWritten() - bytes0);
        }
    }

    // ---- The tester's next frames, kept until the schedule or the link towards the host changes ----
    //
    // The loop asks when the next frame or probe reaches host memory several times per poll and per
    // event (to run the device up to it, to know whether the tester is done, to skip empty polls),
    // and its answer changes only when a frame or probe goes, a pause begins or ends, a period
    // begins or the link towards the host takes a transfer: computed afresh for every question, it
    // was about a tenth of a trial's real time.

    /** Departures of the next frame of each direction and of the next probe, {@link Long#MAX_VALUE} for none. */
    private long due0 = Long.MAX_VALUE;
    private long due1 = Long.MAX_VALUE;
    private long dueProbe = Long.MAX_VALUE;
    /** Whether the schedule may have moved since the departures were read. */
    private boolean dueStale = true;
    /** When each of them reaches host memory, and the first; valid while the link is as {@link #arrivalsFree} says. */
    private long visible0 = Long.MAX_VALUE;
    private long visible1 = Long.MAX_VALUE;
    private long visibleProbe = Long.MAX_VALUE;
    private long firstVisible = Long.MAX_VALUE;
    private boolean visibleStale = true;
    private long arrivalsFree;

    /** Brings the departures and the times they reach host memory up to date with the schedule and the link. */
    private void refreshArrivals() {
        if (dueStale) {
            dueStale = false;
            due0 = schedule.frameDue(0);
            due1 = schedule.frameDue(1);
            dueProbe = schedule.probeDue();
            visibleStale = true;
        }
        final long free = link.towardsHostFree();
        if (visibleStale || free != arrivalsFree) {
            visibleStale = false;
            arrivalsFree = free;
            visible0 = due0 == Long.MAX_VALUE ? Long.MAX_VALUE : visible(due0, PaperTraffic.FRAME_LENGTH, false);
            visible1 = due1 == Long.MAX_VALUE ? Long.MAX_VALUE : visible(due1, PaperTraffic.FRAME_LENGTH, false);
            visibleProbe = dueProbe == Long.MAX_VALUE ? Long.MAX_VALUE
                    : visible(dueProbe, PaperTraffic.PROBE_LENGTH, false);
            firstVisible = Math.min(visibleProbe, Math.min(visible0, visible1));
        }
    }

    /** When the next frame or probe becomes visible in host memory, or {@link Long#MAX_VALUE}. */
    private long nextArrival() {
        refreshArrivals();
        assert firstVisible == nextArrivalAfresh() : "next arrival kept " + firstVisible + ", afresh " + nextArrivalAfresh();
        return firstVisible;
    }

    /** {@link #nextArrival()} from the schedule and the link as they are, for checking what is kept. */
    private long nextArrivalAfresh() {
        long next = Long.MAX_VALUE;
        for (int d = 0; d < 2; d++) {
            final long departed = schedule.frameDue(d);
            if (departed != Long.MAX_VALUE) {
                next = Math.min(next, visible(departed, PaperTraffic.FRAME_LENGTH, false));
            }
        }
        final long probe = schedule.probeDue();
        if (probe != Long.MAX_VALUE) {
            next = Math.min(next, visible(probe, PaperTraffic.PROBE_LENGTH, false));
        }
        return next;
    }

    /**
     * When a frame whose first bit left the tester at {@code departed} is in host memory: its bytes
     * and its descriptor's write-back, two posted writes, after the wire and the MAC/PHY. With
     * {@code reserve}, the writes take their place on the link.
     */
    private long visible(final long departed, final int length, final boolean reserve) {
        final long atDevice = departed * 1000 + latencies.wirePicos(length) + latencies.macPhyNanos() * 1000;
        final long bytes = length + DeviceLatencies.DESCRIPTOR_BYTES;
        return PcieLink.nanosAtOrAfter(reserve ? link.write(atDevice, 2, bytes) : link.peekWrite(atDevice, 2, bytes));
    }

    /**
     * Whether a frame reaching port {@code d} finds room: while the PCIe link is behind, frames
     * wait in the receive packet buffer, and one that would wait longer than the buffer takes to
     * drain at the link's rate finds it full and is missed (MPC on a card). [MODEL] The buffer's
     * frames waiting for descriptors are not counted against it here, nor these against them.
     */
    private boolean linkHasRoom(final int d, final long departed, final int length) {
        final long atDevice = departed * 1000 + latencies.wirePicos(length) + latencies.macPhyNanos() * 1000;
        final long wait = link.peekWrite(atDevice, 2, length + DeviceLatencies.DESCRIPTOR_BYTES) - atDevice
                - latencies.pciePicos(2, length + DeviceLatencies.DESCRIPTOR_BYTES) - latencies.dmaWriteNanos() * 1000;
        return wait <= packetBufferPicos[d];
    }

    /**
     * Puts into the ports every frame and probe visible by {@code until}, in bursts, and runs the
     * ports' engines. Frames and probes go in the order they reach host memory, whichever the
     * direction, so that they take the PCIe link in the order they reach the device.
     */
    private void injectArrivals(final long until) {
        int n0 = 0;
        int n1 = 0;
        while (true) {
            // The next to reach host memory of the three (as nextArrival() finds it).
            final long first = nextArrival();
            if (first == Long.MAX_VALUE || first - until > 0) {
                break;
            }
            final boolean isProbe = first == visibleProbe;
            final int d = isProbe || first == visible0 ? 0 : 1;
            final long departed = isProbe ? dueProbe : d == 0 ? due0 : due1;
            final int length = isProbe ? PaperTraffic.PROBE_LENGTH : PaperTraffic.FRAME_LENGTH;
            if (isProbe) {
                injectProbe(departed);
            } else {
                if (linkHasRoom(d, departed, length)) {
                    visible(departed, length, true);
                    PaperTraffic.rewriteFlow(hot[d], 0, d, schedule.layer(), schedule.flow(d));
                    ports[d].receiveFromWireNow(hot[d], 0, length);
                } else {
                    linkMissed[d]++;
                }
                schedule.frameSent(d);
                // Only this direction's next frame moved (a pause heard meanwhile marked them all).
                if (d == 0) {
                    due0 = schedule.frameDue(0);
                } else {
                    due1 = schedule.frameDue(1);
                }
                visibleStale = true;
                offered[d]++;
                wireBits += FRAME_WIRE_BITS;
            }
            if (d == 0 && ++n0 == INJECTION_BURST || d == 1 && ++n1 == INJECTION_BURST) {
                handOverNanos = until;
                ports[d].step(); // may send XOFF or XON, which the schedule hears at once
                if (d == 0) {
                    n0 = 0;
                } else {
                    n1 = 0;
                }
            }
        }
        handOverNanos = until;
        if (n0 > 0) {
            ports[0].step();
        }
        if (n1 > 0) {
            ports[1].step();
        }
    }

    /** Puts the probe that left at {@code departed} into port 0. */
    private void injectProbe(final long departed) {
        final int sequence = schedule.writeProbe(probe);
        dueStale = true;
        probeDeparted[sequence] = departed;
        if (linkHasRoom(0, departed, PaperTraffic.PROBE_LENGTH)) {
            visible(departed, PaperTraffic.PROBE_LENGTH, true);
            ports[0].receiveFromWireNow(probe, 0, PaperTraffic.PROBE_LENGTH);
        } else {
            linkMissed[0]++;
        }
        if (schedule.measured(departed)) {
            probesSent++;
        }
        offered[0]++;
        wireBits += (PaperTraffic.PROBE_LENGTH + DeviceLatencies.WIRE_OVERHEAD_BYTES) * 8L;
    }

    /** Whether frames or probes due before the end have still to be injected (none while paused). */
    private boolean generating() {
        return nextArrival() != Long.MAX_VALUE;
    }

    private void begin(final double gbpsPerDirection, final int mask, final long nanos, final int probesPerSecond,
                       final long probeHeatupNanos, final int runs) {
        end = now() + nanos;
        latency.reset();
        schedule.begin(now(), nanos, gbpsPerDirection, mask, probesPerSecond, probeHeatupNanos, runs);
        dueStale = true;
    }

    /**
     * What port {@code port} transmits goes back to the tester as direction {@code 1 - port}: it
     * leaves at 10 Gb/s behind the frames before it, from its hand-over to the MAC.
     */
    private final class Output implements FrameSink {
        private final int port;

        Output(final int port) {
            this.port = port;
        }

        @Override
        public void frame(final MemorySegment data, final long offset, final int length) {
            final long startPicos = Math.max(handOverNanos * 1000, wireFreePicos[port]);
            wireFreePicos[port] = startPicos + latencies.wirePicos(length);
            returned[1 - port]++;
            if (length == PaperTraffic.PROBE_LENGTH) {
                timeProbe(data, offset, wireFreePicos[port] / 1000 + latencies.macPhyNanos());
            }
        }
    }

    private void timeProbe(final MemorySegment data, final long offset, final long backNanos) {
        final long nanos = ProbeLatency.of(schedule, probeDeparted, data, offset, backNanos);
        if (nanos != ProbeLatency.NONE) {
            latency.recordValue(nanos);
            probesTimed++;
        }
    }

    // ---- The books -------------------------------------------------------------------------------

    /** A period, as the books' verdict names it (formatted only when they do not balance). */
    private record SimulatedPeriod(double seconds, double gbpsPerDirection, int mask) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.6f s of simulated time at %.3f Gb/s per direction (mask %d)", seconds,
                    gbpsPerDirection, mask);
        }
    }

    private PeriodBooks books() {
        // The frames the link left no room for are the packet buffers' misses.
        return PeriodBooks.read(offered, returned, cards, driver.counters(), linkMissed[0] + linkMissed[1]);
    }

    @Override
    public void close() {
        if (device != null) {
            device.close();
        }
        driver.close();
        assembly.close();
    }

    @Override
    public String toString() {
        return "SimulatedTestbed[" + workload.id() + ", " + cores.length + " core(s), " + cpus[0].describe() + ", "
                + latencies + "]";
    }

}
