package nicharness.harness.sim;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.driver.DriverRegistry;
import nicharness.driver.DriverSetup;
import nicharness.driver.Port;
import nicharness.env.IdleStrategy;
import nicharness.env.SimulatedDmaMemory;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.plan.Workload;
import nicharness.harness.tester.CardCounters;
import nicharness.harness.tester.ModelTestbed;
import nicharness.harness.tester.PaperFrames;
import nicharness.harness.tester.PeriodBooks;
import nicharness.harness.tester.WireTester;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import nicharness.harness.trial.Testbed;
import nicharness.model.DrivingMode;
import nicharness.model.FrameSink;
import nicharness.model.NicModel;
import nicharness.nf.registry.NfDescriptor;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import org.HdrHistogram.Histogram;

/**
 * The paper's testbed in simulated time: two software 82599 ports in deferred mode, the driver
 * with its NF, and the tester, all on the caller's thread, with one {@link VirtualClock}.
 *
 * <p>The loop of a period, one iteration per poll:
 * <ol>
 * <li>the device catches up with the clock: every event due by now, in time order: frames arriving
 *     (written to the rings and visible to the driver {@link DeviceLatencies#macPhyNanos()} +
 *     {@link DeviceLatencies#dmaWriteNanos()} after their last bit left the tester), receive tails
 *     reaching the device ({@link DeviceLatencies#receiveTailNanos()} after the poll that wrote
 *     them), transmit tails sending their frames ({@link DeviceLatencies#transmitHandOverNanos()}
 *     after the poll, heads and DD written back {@link DeviceLatencies#dmaWriteNanos()} later);</li>
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
 * <p>The wire: frame k of a direction leaves the tester at {@code start + k * interval}; a port's
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
    /** A probe back later than this is lost (reference 9.5), as in real time. */
    static final long PROBE_TIMEOUT_NANOS = WireTester.PROBE_TIMEOUT_NANOS;
    /** Wire bits of a 60-byte frame: 84 bytes with FCS, preamble and inter-frame gap. */
    static final long FRAME_WIRE_BITS = WireTester.FRAME_WIRE_BITS;
    /** Frames injected into one port before its engines run. */
    static final int INJECTION_BURST = 32;
    /** The clock's start: far from 0, so that no NF confuses a time with "never". */
    static final long EPOCH_NANOS = 1_000_000_000L;

    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final Workload workload;
    private final DeviceLatencies latencies;
    private final CpuTime cpu;
    private final VirtualClock clock = new VirtualClock(EPOCH_NANOS);
    private final SimulatedDmaMemory host;
    private final NicModel[] ports = new NicModel[2];
    private final PostedRegisters[] registers = new PostedRegisters[2];
    private final Driver driver;
    private final PaperFrames frames;
    private final MemorySegment probe = Arena.ofAuto().allocate(PaperTraffic.PROBE_LENGTH, 64);
    private final long[] probeDeparted = new long[1 << 16];
    private final Histogram latency = LatencyStatistics.newHistogram();
    private final DeviceEvents events = new DeviceEvents();
    private final long[] wireFreePicos = new long[2];
    private final CardCounters cards;
    private DeviceCpu.Runner device;

    // ---- The current period's tester state ----
    private long start;
    private long end;
    private long measureFrom;
    private final long[] intervalPicos = new long[2];
    private final long[] sent = new long[2];
    private final int[] flow = new int[2];
    private final int[] run = new int[2];
    private int flowRuns = 1;
    private long probeIntervalNanos;
    private long probesScheduled;
    private int probeSequence;
    private int probeFlow;
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
        this.cpu = cpu;
        this.latencies = latencies;
        this.host = new SimulatedDmaMemory(ModelTestbed.HOST_BYTES);
        try {
            for (int p = 0; p < 2; p++) {
                // Deferred: the engines run only when this testbed steps them, at the events' times.
                ports[p] = NicModel.builder(host).port(p).mode(DrivingMode.DEFERRED).strict(false)
                        .injectionCapacity(2 * INJECTION_BURST).build();
                registers[p] = new PostedRegisters(ports[p].registers(), p);
                ports[p].connect(new Output(p));
            }
            cards = new CardCounters(ports);
            frames = new PaperFrames(workload.layer(), PaperTraffic.DEFAULT_FLOWS);
            driver = DriverRegistry.byName(driverName).open(new DriverSetup(
                    List.of(new Port(0, registers[0]), new Port(1, registers[1])), host,
                    ModelTestbed.networkFunction(workload), clock, IdleStrategy.NONE, Map.of()));
            for (final NicModel port : ports) {
                port.awaitLinkUp(2_000_000_000L); // in real time: the link trains after the driver's reset
            }
        } catch (final RuntimeException e) {
            closeModels();
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
            run(gbpsPerDirection, 0b10, seconds, 0, 0, 8); // reference 9.3: the load balancer's backends first
        }
        return run(gbpsPerDirection, 0b01, seconds, 0, 0, 8);
    }

    @Override
    public Measurement offer(final Load load) {
        return run(load.gbpsPerDirection(), allDirections(), load.probeHeatupSeconds() + load.seconds(),
                load.probesPerSecond(), load.probeHeatupSeconds(), load.flowRuns());
    }

    private int allDirections() {
        return workload.directions() == 2 ? 0b11 : 0b01;
    }

    /** The driver's counters. */
    public DriverCounters driverCounters() {
        return driver.counters().snapshot();
    }

    private Measurement run(final double gbpsPerDirection, final int mask, final double seconds, final int probesPerSecond,
                            final double probeHeatupSeconds, final int runs) {
        final long nanos = Math.round(seconds * 1e9);
        final PeriodBooks before = books();
        final long bits0 = wireBits;
        final long probesSent0 = probesSent;
        final long probesTimed0 = probesTimed;
        final long skipped0 = skippedEmptyPolls;
        final long gc0 = Measurement.collectionsSoFar();
        begin(gbpsPerDirection, mask, nanos, probesPerSecond, Math.round(probeHeatupSeconds * 1e9), runs);
        cpu.beginPeriod();
        final long real0 = System.nanoTime();
        final long virtual0 = clock.nanoTime();
        drainDeadline = end + DRAIN_LIMIT_NANOS;
        long unaccounted = Long.MAX_VALUE;
        while (true) {
            device.advanceTo(clock.nanoTime());
            if (!generating() && events.isEmpty() && clock.nanoTime() - end >= 0) {
                final long now = books().minus(before).unaccounted();
                if (now <= 0 || clock.nanoTime() - drainDeadline > 0) {
                    break;
                }
                if (now < unaccounted) {
                    unaccounted = now;
                    drainDeadline = Math.max(drainDeadline, clock.nanoTime() + DRAIN_LIMIT_NANOS);
                }
            }
            poll();
        }
        final long realNanos = System.nanoTime() - real0;
        final long virtualNanos = clock.nanoTime() - virtual0;
        final PeriodBooks books = books().minus(before);
        if (books.unaccounted() != 0) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "loss accounting disagrees in simulated time: %s; period of %.6f s at %.3f Gb/s per direction (mask %d)",
                    books, seconds, gbpsPerDirection, mask));
        }
        final CpuTime.PollStatistics polls = cpu.statistics().withSkipped(skippedEmptyPolls - skipped0);
        final long[] offeredNow = {books.offered()[0], books.offered()[1]};
        final long[] returnedNow = {books.returned()[0], books.returned()[1]};
        final long sentProbes = probesSent - probesSent0;
        return new Measurement(offeredNow, returnedNow, (wireBits - bits0) / (double) nanos, books.cardDropped(),
                books.driverDropped(), 0, Double.NaN, false, probesPerSecond > 0 ? latency.copy() : null, sentProbes,
                sentProbes - (probesTimed - probesTimed0), Measurement.collectionsSoFar() - gc0, Double.NaN, Double.NaN, -1, false,
                new Measurement.Simulated(virtualNanos, realNanos, polls));
    }

    // ---- The CPU ---------------------------------------------------------------------------------

    private void poll() {
        registers[0].beginPoll();
        registers[1].beginPoll();
        cpu.start();
        final int packets = driver.pollOnce();
        long charged = cpu.stop(packets);
        registers[0].endPoll();
        registers[1].endPoll();
        int writes = 0;
        for (final PostedRegisters r : registers) {
            charged += r.reads() * latencies.cpuRegisterReadNanos() + r.writes() * latencies.cpuRegisterWriteNanos();
            writes += r.writes();
        }
        clock.advance(charged);
        final long issued = clock.nanoTime();
        for (final PostedRegisters r : registers) {
            for (int i = 0; i < r.writes(); i++) {
                final int offset = r.offset(i);
                if (PostedRegisters.isTransmitTail(offset)) {
                    events.transmitTail(issued + latencies.transmitHandOverNanos() + latencies.dmaWriteNanos(), r, offset,
                            r.value(i));
                } else {
                    events.otherWrite(issued + latencies.receiveTailNanos(), r, offset, r.value(i));
                }
            }
        }
        if (packets == 0 && writes == 0) {
            skipIdlePolls();
        }
    }

    /**
     * After an empty poll that wrote nothing, every poll until the next device event would be the
     * same: move the clock to the first poll that starts at or after it. With no event to come, the
     * next thing that can happen is the period's end (or, past it, the drain's deadline).
     */
    private void skipIdlePolls() {
        final long event = Math.min(events.nextTime(), nextArrival());
        final long next = event != Long.MAX_VALUE ? event
                : clock.nanoTime() - end < 0 ? end : drainDeadline + 1;
        final long now = clock.nanoTime();
        if (next == Long.MAX_VALUE || next - now <= 0) {
            return;
        }
        final long step = cpu.emptyPollNanos();
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
                final boolean transmit = events.nextIsTransmit();
                final PostedRegisters r = events.nextRegisters();
                handOverNanos = transmit ? write - latencies.dmaWriteNanos() : write;
                r.apply(events.nextOffset(), events.nextValue());
                events.pop();
                ports[r.port()].step();
            } else {
                injectArrivals(Math.min(now, write == Long.MAX_VALUE ? now : write - 1));
            }
        }
    }

    /** When the next frame or probe becomes visible in host memory, or {@link Long#MAX_VALUE}. */
    private long nextArrival() {
        long next = Long.MAX_VALUE;
        for (int d = 0; d < 2; d++) {
            if (intervalPicos[d] > 0) {
                final long departed = departure(d, sent[d]);
                if (departed - end < 0) {
                    next = Math.min(next, departed + visibleAfter(PaperTraffic.FRAME_LENGTH));
                }
            }
        }
        if (probeIntervalNanos > 0) {
            final long departed = start + probesScheduled * probeIntervalNanos;
            if (departed - end < 0) {
                next = Math.min(next, departed + visibleAfter(PaperTraffic.PROBE_LENGTH));
            }
        }
        return next;
    }

    /** From a frame's first bit leaving the tester to its bytes and descriptor in host memory. */
    private long visibleAfter(final int length) {
        return latencies.wirePicos(length) / 1000 + latencies.macPhyNanos() + latencies.dmaWriteNanos();
    }

    private long departure(final int d, final long k) {
        return start + k * intervalPicos[d] / 1000;
    }

    /** Puts into the ports every frame and probe visible by {@code until}, in bursts, and runs the ports' engines. */
    private void injectArrivals(final long until) {
        for (int d = 0; d < 2; d++) {
            int n = 0;
            while (intervalPicos[d] > 0 && n < INJECTION_BURST) {
                final long departed = departure(d, sent[d]);
                if (departed - end >= 0 || departed + visibleAfter(PaperTraffic.FRAME_LENGTH) - until > 0) {
                    break;
                }
                ports[d].receiveFromWire(frames.segment(), frames.offset(d, flow[d]), PaperTraffic.FRAME_LENGTH);
                if (++run[d] == flowRuns) {
                    run[d] = 0;
                    if (++flow[d] == frames.flows()) {
                        flow[d] = 0;
                    }
                }
                sent[d]++;
                offered[d]++;
                wireBits += FRAME_WIRE_BITS;
                n++;
            }
            if (d == 0) {
                n += injectProbes(until, INJECTION_BURST - n);
            }
            if (n > 0) {
                handOverNanos = until;
                ports[d].step();
            }
        }
    }

    private int injectProbes(final long until, final int budget) {
        int n = 0;
        while (probeIntervalNanos > 0 && n < budget) {
            final long departed = start + probesScheduled * probeIntervalNanos;
            if (departed - end >= 0 || departed + visibleAfter(PaperTraffic.PROBE_LENGTH) - until > 0) {
                break;
            }
            final int sequence = probeSequence;
            probeSequence = (sequence + 1) & 0xFFFF;
            PaperTraffic.writeProbe(probe, 0, 0, workload.layer(), probeFlow, sequence);
            if (++probeFlow == frames.flows()) {
                probeFlow = 0;
            }
            probeDeparted[sequence] = departed;
            ports[0].receiveFromWire(probe, 0, PaperTraffic.PROBE_LENGTH);
            if (departed - measureFrom >= 0) {
                probesSent++;
            }
            offered[0]++;
            wireBits += (PaperTraffic.PROBE_LENGTH + DeviceLatencies.WIRE_OVERHEAD_BYTES) * 8L;
            probesScheduled++;
            n++;
        }
        return n;
    }

    /** Whether frames or probes scheduled before the end have still to be injected. */
    private boolean generating() {
        return nextArrival() != Long.MAX_VALUE;
    }

    private void begin(final double gbpsPerDirection, final int mask, final long nanos, final int probesPerSecond,
                       final long probeHeatupNanos, final int runs) {
        start = clock.nanoTime();
        end = start + nanos;
        measureFrom = start + probeHeatupNanos;
        latency.reset();
        flowRuns = runs;
        for (int d = 0; d < 2; d++) {
            final boolean on = (mask & (1 << d)) != 0 && gbpsPerDirection > 0;
            // 672 bits at r Gb/s take 672 / r ns = 672,000 / r ps.
            intervalPicos[d] = on ? Math.max(1, Math.round(FRAME_WIRE_BITS * 1000 / gbpsPerDirection)) : 0;
            sent[d] = 0;
            flow[d] = 0;
            run[d] = 0;
        }
        probeIntervalNanos = probesPerSecond > 0 ? 1_000_000_000L / probesPerSecond : 0;
        probesScheduled = 0;
        probeFlow = 0; // reference 9.2: the probes' flow counter restarts with each measurement
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
        final int sequence = data.get(U16_BE, offset + PaperTraffic.PROBE_SEQUENCE_OFFSET) & 0xFFFF;
        final long departed = probeDeparted[sequence];
        if (departed - measureFrom < 0) {
            return; // a probe of the discarded heat-up
        }
        final long nanos = backNanos - departed;
        if (nanos <= PROBE_TIMEOUT_NANOS) {
            latency.recordValue(Math.max(0, nanos));
            probesTimed++;
        }
    }

    // ---- The books -------------------------------------------------------------------------------

    private PeriodBooks books() {
        cards.read();
        return PeriodBooks.read(offered, returned, cards, driver.counters());
    }

    @Override
    public void close() {
        if (device != null) {
            device.close();
        }
        driver.close();
        closeModels();
    }

    private void closeModels() {
        for (final NicModel port : ports) {
            if (port != null) {
                port.close();
            }
        }
        host.close();
    }

    @Override
    public String toString() {
        return "SimulatedTestbed[" + workload.id() + ", " + cpu.describe() + ", " + latencies + "]";
    }

}
