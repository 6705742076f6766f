package nicharness.harness.tester;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.env.IdleStrategy;
import nicharness.model.FrameSink;
import nicharness.nf.Clock;
import nicharness.nf.traffic.PaperTraffic;
import org.HdrHistogram.Histogram;

/**
 * The tester, a MoonGen on the model's wire: it offers the paper's traffic on each port at a paced
 * wire rate, and takes back what the ports transmit, counting it and timing the latency probes.
 *
 * <p>It runs on the model's engine thread, as that thread's idle strategy: after every pass of the
 * engines it injects the frames whose scheduled arrival has come. So the tester and the model share
 * one thread and one CPU, and the driver has the other; on a 2-core machine, a third busy thread
 * would make the three take turns in scheduler time slices, and latency would measure the
 * scheduler. Injected on the engine thread, a frame is received (DMA'd to the driver's ring) at
 * once, and the ports' sinks are called on the same thread, so the latency histogram has a single
 * writer, as HdrHistogram requires.
 *
 * <p>Time: the frames and probes are due when the {@link TrafficSchedule} says, which the
 * simulated-time testbed shares: frame k of a direction at {@code start + k * interval}, the
 * interval being the frame's 84 bytes on the wire at the requested rate, and nothing in a
 * direction whose port sent XOFF until it sends XON (flow control, off unless the driver enables
 * it; the model's engine thread, this one, tells the tester). A frame injected late carries its lateness into the measurement rather than hiding it: probes
 * are timed from their scheduled arrival (no coordinated omission), and the largest lateness is
 * reported as the schedule lag. A probe's latency ends when the port has put it back on the wire
 * (the end of its transmission at 10 Gb/s, behind the frames before it: see {@code Output}). A
 * probe not back within the paper's 1 ms counts as lost.
 *
 * <p>Threads: the control thread asks for a period with {@link #request}, waits for
 * {@link #finished}, and reads the counters, which the engine thread publishes with release stores
 * (so that the histogram, written before, is visible after an acquire read of the counts). The
 * engine thread allocates nothing.
 */
public final class WireTester implements IdleStrategy {

    /** Frames injected per direction per pass, so the engines get their turn between bursts. */
    static final int BURST = 32;
    /**
     * How long past its end a period may go on catching up with frames scheduled before the end
     * (after the thread lost the CPU for a while, say). A tester further behind than this stops
     * anyway, and its shortfall shows in the offered count; the frames it sent late show in the lag.
     * 10 ms covers the scheduler's slices; an overloaded period (the search's first steps) would
     * otherwise spend the whole allowance on traffic that can never catch up.
     */
    static final long CATCH_UP_NANOS = 10_000_000;
    /**
     * How far ahead of a probe's time an idle pass waits for it ({@link #awaitProbe}): longer than
     * an idle pass of the engines (about 150 ns), so that every probe is met; the engines wait for
     * at most this long, 50,000 times a second at the quick profile's probe rate, and only when
     * they had nothing to do.
     */
    static final long PROBE_AHEAD_NANOS = 500;
    /** A probe back later than this is lost (TinyNF osdi20 {@code bench-moongen.lua:133}). */
    public static final long PROBE_TIMEOUT_NANOS = 1_000_000;
    /** Wire bits of a 60-byte frame: 84 bytes with FCS, preamble and inter-frame gap. */
    public static final long FRAME_WIRE_BITS = 84 * 8;
    /** Wire bits of an 84-byte probe. */
    public static final long PROBE_WIRE_BITS = (PaperTraffic.PROBE_LENGTH + 24) * 8;

    /** FCS, preamble and inter-frame gap: the bytes a frame occupies on the wire beyond its own. */
    static final int WIRE_OVERHEAD_BYTES = 24;
    /** One byte at 10 Gb/s: 0.8 ns. */
    static final long PICOS_PER_BYTE = 800;

    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle FINISHED = handle("finishedSequence");
    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    // Counters, cumulative over the tester's life, one cache line apart (index * 8 longs).
    static final int OFFERED_0 = 8;
    static final int OFFERED_1 = 16;
    static final int RETURNED_0 = 24;
    static final int RETURNED_1 = 32;
    static final int PROBES_SENT = 40;
    static final int PROBES_TIMED = 48;
    static final int WIRE_BITS = 56;
    /** Time the traffic was paused by flow control, both directions, cumulative, published at each period's end. */
    static final int PAUSED_NANOS = 64;
    private final long[] counts = new long[80];

    private final WirePort[] ports;
    private final Clock clock;
    private final TrafficSchedule schedule;
    private final int layer;
    private final int pinCpu;
    private final MemorySegment probe = Arena.ofAuto().allocate(PaperTraffic.PROBE_LENGTH, 64);
    /** Per direction, the frame being injected: one cache line, hot on the engine thread. */
    private final MemorySegment[] hot = {Arena.ofAuto().allocate(64, 64), Arena.ofAuto().allocate(64, 64)};
    /** Scheduled arrival of each probe, by PTP sequence id. */
    private final long[] probeScheduled = new long[1 << 16];
    private final Histogram latency = LatencyStatistics.newHistogram();
    /** The origin of the output wires' clocks. */
    private final long epoch;

    private volatile Period requested;
    @SuppressWarnings("unused") // accessed through FINISHED
    private volatile long finishedSequence = -1;
    private volatile Thread engineThread;
    private volatile long engineKernelThreadId = -1;

    // ---- Engine-thread state of the current period ----
    private Period current;
    private boolean generating;
    private long start;
    private long end;
    private long lagMax;
    private long waitingNanos;
    private long lastPass;
    private int lastInjected;
    /** Whether {@link #probe} holds the next probe already ({@link #awaitProbe} builds it before its time). */
    private boolean probeReady;
    private boolean pinned;

    /**
     * A tester for two ports (port d receives direction d and transmits direction 1 - d).
     *
     * @param ports  the two ports; on the model, THREADED ports whose engine thread uses this tester as its idle strategy
     * @param layer  the layer the flows vary at (2, 3 or 4)
     * @param flows  how many flows (the paper: 60,000)
     * @param pinCpu the CPU to pin the engine thread to, or -1
     * @param clock  the time (the model's engines use {@link System#nanoTime()}: so must the tester on the model)
     */
    public WireTester(final WirePort[] ports, final int layer, final int flows, final int pinCpu, final Clock clock) {
        if (ports.length != 2) {
            throw new IllegalArgumentException("the tester drives two ports: ports=" + ports.length);
        }
        this.ports = ports.clone();
        this.clock = clock;
        this.epoch = clock.nanoTime();
        this.layer = layer;
        this.schedule = new TrafficSchedule(layer, flows);
        this.pinCpu = pinCpu;
        for (int p = 0; p < 2; p++) {
            PaperTraffic.writeFrame(hot[p], 0, p, layer, 0); // then only its flow field changes (injectDue)
            this.ports[p].connect(new Output(p));
            final int direction = p; // port p receives direction p: its XOFF pauses that direction
            this.ports[p].hearPauses((port, pause) -> {
                if (pause) {
                    schedule.pause(direction, clock.nanoTime());
                } else {
                    schedule.resume(direction, clock.nanoTime());
                }
            });
        }
    }

    // ---- Control thread ----------------------------------------------------------------------

    /** Asks for a period of traffic; returns at once. */
    void request(final Period period) {
        requested = period;
    }

    /** Whether the period with this sequence has finished generating. */
    boolean finished(final long sequence) {
        return (long) FINISHED.getAcquire(this) >= sequence;
    }

    /** A cumulative counter (see the index constants), read with acquire. */
    long count(final int index) {
        return (long) COUNT.getAcquire(counts, index);
    }

    /** The latencies of the last period's probes; read only once it has finished and drained. */
    Histogram latency() {
        return latency;
    }

    /** The largest schedule lag of the last period, in ns; read once it has finished. */
    long lagMaxNanos() {
        return lagMax;
    }

    /** The time the engine thread spent waiting, with nothing to generate or process, in the last period. */
    long waitingNanos() {
        return waitingNanos;
    }

    /** The engine thread, once it has run a pass; null before. */
    /** The engine thread's kernel id once it has run, or -1. */
    long engineKernelThreadId() {
        return engineKernelThreadId;
    }

    Thread engineThread() {
        return engineThread;
    }

    // ---- Engine thread -----------------------------------------------------------------------

    @Override
    public void idle(final int workCount) {
        if (!pinned) {
            firstPass();
        }
        final Period r = requested;
        if (r != current && r != null) {
            begin(r); // a new request ends the current period, if it is still running
        } else if (!generating) {
            if (workCount == 0) {
                Thread.onSpinWait();
            }
            return;
        }
        long now = clock.nanoTime();
        if (workCount == 0 && schedule.probing()) {
            now = awaitProbe(now);
        }
        int injected0 = schedule.carries(0) ? injectDue(0, now) : 0;
        final int injected1 = schedule.carries(1) ? injectDue(1, now) : 0;
        if (schedule.probing()) {
            injected0 += injectProbes(now); // probes go in on port 0
        }
        // What each port received in this call is one burst, written back now rather than at the next pass.
        if (injected0 > 0) {
            ports[0].endOfBurst();
        }
        if (injected1 > 0) {
            ports[1].endOfBurst();
        }
        final int injected = injected0 + injected1;
        // A pass in which neither the engines nor the tester had anything to do is waiting time.
        if (workCount == 0 && lastInjected == 0) {
            waitingNanos += now - lastPass;
        }
        lastPass = now;
        lastInjected = injected;
        if (now - end >= 0 && (schedule.caughtUp() || now - end >= CATCH_UP_NANOS)) {
            generating = false;
            // Cumulative: a pause under way at the end counts up to now, and on from there in the next period.
            COUNT.setRelease(counts, PAUSED_NANOS, schedule.pausedNanos(0, now) + schedule.pausedNanos(1, now));
            FINISHED.setRelease(this, current.sequence());
        }
    }

    /**
     * On a pass that found no work: if the next probe is due within {@link #PROBE_AHEAD_NANOS} and
     * no frame is due before it, waits for its time, so that it goes in when it is due rather than
     * up to a pass later (latency runs from the due time, so that wait would count as the device's).
     *
     * @return the time now
     */
    private long awaitProbe(final long now) {
        final long due = schedule.probeDue();
        if (due == Long.MAX_VALUE || due - now <= 0 || due - now > PROBE_AHEAD_NANOS
                || schedule.frameDue(0) - due < 0 || schedule.frameDue(1) - due < 0) {
            return now;
        }
        if (!probeReady) {
            schedule.prepareProbe(probe); // its checksums take about 100 ns: not after its time
            probeReady = true;
        }
        // Bounded in the machine's time too: a tester on a clock of its own (tests) must not wait for it.
        final long giveUp = System.nanoTime() + PROBE_AHEAD_NANOS;
        long t = clock.nanoTime();
        while (due - t > 0 && System.nanoTime() - giveUp < 0) {
            Thread.onSpinWait();
            t = clock.nanoTime();
        }
        return t;
    }

    private void firstPass() {
        pinned = true;
        engineThread = Thread.currentThread();
        try {
            engineKernelThreadId = nicharness.env.linux.SchedStat.currentThreadId();
        } catch (final RuntimeException | LinkageError e) {
            engineKernelThreadId = -1; // its priority stays as it is
        }
        if (pinCpu >= 0) {
            try {
                nicharness.env.linux.ThreadAffinity.pin(pinCpu);
            } catch (final RuntimeException | LinkageError e) {
                // Unpinned is still a measurement: the CPU-share columns show what it cost.
                System.out.println("the tester's thread stays unpinned: " + e.getMessage());
            }
        }
    }

    private void begin(final Period period) {
        current = period;
        latency.reset();
        start = clock.nanoTime();
        end = start + period.nanos();
        schedule.begin(start, period.nanos(), period.gbpsPerDirection(), period.directionMask(), period.probesPerSecond(),
                period.probeHeatupNanos(), period.flowRuns());
        lagMax = 0;
        waitingNanos = 0;
        probeReady = false;
        lastPass = start;
        lastInjected = 1;
        generating = true;
    }

    /**
     * Injects the frames of direction {@code d} whose time has come, at most {@link #BURST}. Each
     * frame is the direction's hot 64-byte frame with its flow field patched in
     * ({@link PaperTraffic#rewriteFlow}), not read from the 60,000-flow table, which would cost the
     * engine thread a cache miss per frame, nor copied from the template again.
     */
    private int injectDue(final int d, final long now) {
        final WirePort port = ports[d];
        final MemorySegment frame = hot[d];
        long due = schedule.frameDue(d);
        int n = 0;
        while (due != Long.MAX_VALUE && due - now <= 0 && n < BURST) {
            PaperTraffic.rewriteFlow(frame, 0, d, layer, schedule.flow(d));
            port.receiveFromWire(frame, 0, PaperTraffic.FRAME_LENGTH);
            schedule.frameSent(d);
            final long lag = now - due;
            if (lag > lagMax) {
                lagMax = lag;
            }
            n++;
            due = schedule.frameDue(d);
        }
        if (n > 0) {
            final int index = d == 0 ? OFFERED_0 : OFFERED_1;
            COUNT.setRelease(counts, index, (long) COUNT.get(counts, index) + n);
            COUNT.setRelease(counts, WIRE_BITS, (long) COUNT.get(counts, WIRE_BITS) + n * FRAME_WIRE_BITS);
        }
        return n;
    }

    /** Injects the latency probes whose time has come, in direction 0 ({@code bench-moongen.lua:125-167}). */
    private int injectProbes(final long now) {
        long due = schedule.probeDue();
        int n = 0;
        while (due != Long.MAX_VALUE && due - now <= 0 && n < BURST) {
            if (!probeReady) {
                schedule.prepareProbe(probe);
            }
            probeReady = false;
            final int sequence = schedule.probeSent();
            probeScheduled[sequence] = due;
            ports[0].receiveFromWire(probe, 0, PaperTraffic.PROBE_LENGTH);
            if (now - due > lagMax) {
                lagMax = now - due;
            }
            if (schedule.measured(due)) {
                COUNT.setRelease(counts, PROBES_SENT, (long) COUNT.get(counts, PROBES_SENT) + 1);
            }
            n++;
            due = schedule.probeDue();
        }
        if (n > 0) {
            COUNT.setRelease(counts, OFFERED_0, (long) COUNT.get(counts, OFFERED_0) + n);
            COUNT.setRelease(counts, WIRE_BITS, (long) COUNT.get(counts, WIRE_BITS) + n * PROBE_WIRE_BITS);
        }
        return n;
    }

    /**
     * What port {@code port} puts on the wire comes back to the tester: direction {@code 1 - port}.
     *
     * <p>The port's wire runs at 10 Gb/s, so a frame leaves only once the frames before it have
     * (its bytes plus 24 of FCS, preamble and gap; {@code bench-moongen.lua:250}). The model's
     * engine hands over
     * whole bursts at once, so the output keeps the wire's clock itself: a frame's departure is
     * the later of its hand-over and the previous departure, plus its own time on the wire. That
     * is the card's transmit FIFO, and what a probe's latency ends with.
     */
    private final class Output implements FrameSink {
        private final int index;
        /** When this port's wire is free again, in ps after {@link #epoch}. */
        private long wireFreePicos;

        Output(final int port) {
            this.index = port == 1 ? RETURNED_0 : RETURNED_1;
        }

        @Override
        public void frame(final MemorySegment data, final long offset, final int length) {
            frame(data, offset, length, clock.nanoTime());
        }

        @Override
        public void frame(final MemorySegment data, final long offset, final int length, final long transmitNanos) {
            final boolean probe = length == PaperTraffic.PROBE_LENGTH;
            // The engine's time is that of its pass, which may be a few microseconds old: a probe's
            // hand-over is read afresh (unless the port says it leaves later still).
            final long handedOver = (probe ? Math.max(clock.nanoTime(), transmitNanos) : transmitNanos) - epoch;
            final long start = Math.max(handedOver * 1000, wireFreePicos);
            wireFreePicos = start + (Math.max(length, PaperTraffic.FRAME_LENGTH) + WIRE_OVERHEAD_BYTES) * PICOS_PER_BYTE;
            if (probe) {
                timeProbe(data, offset, epoch + wireFreePicos / 1000);
            }
            // Release: the histogram write above is visible to whoever acquires this count.
            COUNT.setRelease(counts, index, (long) COUNT.get(counts, index) + 1);
        }
    }

    private void timeProbe(final MemorySegment data, final long offset, final long transmitNanos) {
        final long nanos = ProbeLatency.of(schedule, probeScheduled, data, offset, transmitNanos);
        if (nanos != ProbeLatency.NONE) {
            latency.recordValue(nanos);
            COUNT.setRelease(counts, PROBES_TIMED, (long) COUNT.get(counts, PROBES_TIMED) + 1);
        }
    }

    private static VarHandle handle(final String field) {
        try {
            return MethodHandles.lookup().findVarHandle(WireTester.class, field, long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "wire-tester(layer " + layer + ", " + schedule.flows() + " flows, spin when idle)";
    }
}
