package nicharness.harness.tester;

import java.lang.foreign.MemorySegment;
import nicharness.nf.traffic.PaperTraffic;

/**
 * The tester's traffic in one period, for both clocks: which frame goes next in each direction and
 * when it is due, the latency probes and when they are due, and the pauses a port asks for. The
 * real-time {@link WireTester} and the simulated-time testbed each keep their own time and inject
 * what this says is due; neither keeps a schedule of its own.
 *
 * <p>Frame k of direction d is due at {@code origin(d) + k * interval}, the interval being the
 * frame's 84 bytes on the wire (60 + FCS 4 + preamble 8 + gap 12) at the period's rate; the
 * frames cycle through the flows, each flow {@code flowRuns} times in a row
 * ({@code bench-moongen.lua:175-198}, TinyNF osdi20).
 * Probes go in direction 0 at their own rate, each a PTP frame with a sequence number, from flow 0
 * on ({@code bench-moongen.lua:125-167}). Nothing is due at or after the period's end.
 *
 * <p>Pauses, as a link partner honouring 802.3x PAUSE does: when port d sends XOFF
 * ({@link #pause}), nothing more is due in direction d, probes included in direction 0, until it
 * sends XON ({@link #resume}); the frames that would have gone meanwhile are not sent late in a
 * burst: the schedule moves on by the pause, and the next frame is due at once. [MODEL] The model's
 * ports send XON when their buffer drains rather than letting a pause time (FCTTV) run out, so a
 * pause lasts until XON. The time paused is counted per direction ({@link #pausedNanos}).
 *
 * <p>One thread (the tester's). Allocation-free.
 */
public final class TrafficSchedule {
    private final int layer;
    private final int flows;

    private long start;
    private long end;
    private long measureFrom;
    private int flowRuns = 1;
    private final long[] intervalPicos = new long[2];
    /** Where each direction's frame 0 was due, moved on by each pause. */
    private final long[] originNanos = new long[2];
    private final long[] sent = new long[2];
    private final int[] flow = new int[2];
    private final int[] run = new int[2];
    private long probeIntervalNanos;
    private long probeOriginNanos;
    private long probesScheduled;
    private int probeSequence;
    private int probeFlow;

    private final boolean[] paused = new boolean[2];
    private final long[] pausedSince = new long[2];
    /** Time paused per direction, cumulative over the schedule's life. */
    private final long[] pausedNanos = new long[2];
    /** XOFF heard per direction, cumulative. */
    private final long[] pauses = new long[2];

    /**
     * @param layer the layer the flows vary at (2, 3 or 4)
     * @param flows how many flows (the paper: 60,000)
     */
    public TrafficSchedule(final int layer, final int flows) {
        if (layer < 2 || layer > 4) {
            throw new IllegalArgumentException("layer must be 2, 3 or 4: layer=" + layer);
        }
        if (flows < 1 || flows > PaperTraffic.MAX_FLOWS) {
            throw new IllegalArgumentException("flows must be in [1, " + PaperTraffic.MAX_FLOWS + "]: flows=" + flows);
        }
        this.layer = layer;
        this.flows = flows;
    }

    /**
     * A new period from {@code startNanos}: {@code gbpsPerDirection} in each direction of
     * {@code directionMask} for {@code nanos}, {@code probesPerSecond} probes in direction 0 of
     * which those of the first {@code probeHeatupNanos} are not measured, {@code flowRuns} frames
     * per flow in a row. A pause under way goes on into the new period.
     */
    public void begin(final long startNanos, final long nanos, final double gbpsPerDirection, final int directionMask,
                      final int probesPerSecond, final long probeHeatupNanos, final int flowRuns) {
        start = startNanos;
        end = startNanos + nanos;
        measureFrom = startNanos + probeHeatupNanos;
        this.flowRuns = flowRuns;
        for (int d = 0; d < 2; d++) {
            final boolean on = (directionMask & (1 << d)) != 0 && gbpsPerDirection > 0;
            // 672 bits at r Gb/s take 672 / r ns = 672,000 / r ps.
            intervalPicos[d] = on ? Math.max(1, Math.round(WireTester.FRAME_WIRE_BITS * 1000 / gbpsPerDirection)) : 0;
            originNanos[d] = startNanos;
            sent[d] = 0;
            flow[d] = 0;
            run[d] = 0;
        }
        probeIntervalNanos = probesPerSecond > 0 ? 1_000_000_000L / probesPerSecond : 0;
        probeOriginNanos = startNanos;
        probesScheduled = 0;
        probeFlow = 0; // bench-moongen.lua:152: the probes' flow counter restarts with each measurement
    }

    /** The period's start. */
    public long start() {
        return start;
    }

    /** The period's end: nothing is due at or after it. */
    public long end() {
        return end;
    }

    /** Whether direction {@code d} carries traffic in this period. */
    public boolean carries(final int d) {
        return intervalPicos[d] > 0;
    }

    /** Whether probes go in this period. */
    public boolean probing() {
        return probeIntervalNanos > 0;
    }

    // ---- Frames ---------------------------------------------------------------------------

    /** When the next frame of direction {@code d} is due, or {@link Long#MAX_VALUE} if none is (off, paused, or past the end). */
    public long frameDue(final int d) {
        if (intervalPicos[d] == 0 || paused[d]) {
            return Long.MAX_VALUE;
        }
        final long due = originNanos[d] + sent[d] * intervalPicos[d] / 1000;
        return due - end < 0 ? due : Long.MAX_VALUE;
    }

    /** The flow of the next frame of direction {@code d}. */
    public int flow(final int d) {
        return flow[d];
    }

    /** The layer the flows vary at: what {@link PaperTraffic#writeFrame} and {@link PaperTraffic#rewriteFlow} take. */
    public int layer() {
        return layer;
    }

    /** The next frame of direction {@code d} has gone (or was lost on its way): the one after it is next. */
    public void frameSent(final int d) {
        if (++run[d] == flowRuns) {
            run[d] = 0;
            if (++flow[d] == flows) {
                flow[d] = 0;
            }
        }
        sent[d]++;
    }

    // ---- Probes ---------------------------------------------------------------------------

    /** When the next probe is due, or {@link Long#MAX_VALUE} if none is (no probes, direction 0 paused, or past the end). */
    public long probeDue() {
        if (probeIntervalNanos == 0 || paused[0]) {
            return Long.MAX_VALUE;
        }
        final long due = probeOriginNanos + probesScheduled * probeIntervalNanos;
        return due - end < 0 ? due : Long.MAX_VALUE;
    }

    /**
     * Writes the next probe into {@code probe} (at offset 0, {@link PaperTraffic#PROBE_LENGTH}
     * bytes) and counts it as sent.
     *
     * @return its sequence number (16 bits, as PTP's)
     */
    public int writeProbe(final MemorySegment probe) {
        prepareProbe(probe);
        return probeSent();
    }

    /**
     * Writes the next probe into {@code probe} as {@link #writeProbe} does, without counting it as
     * sent: a tester that builds it before its time, then sends it and calls {@link #probeSent}.
     */
    public void prepareProbe(final MemorySegment probe) {
        PaperTraffic.writeProbe(probe, 0, 0, layer, probeFlow, probeSequence);
    }

    /**
     * Counts the next probe as sent, the one {@link #prepareProbe} wrote.
     *
     * @return its sequence number
     */
    public int probeSent() {
        final int sequence = probeSequence;
        probeSequence = (sequence + 1) & 0xFFFF;
        if (++probeFlow == flows) {
            probeFlow = 0;
        }
        probesScheduled++;
        return sequence;
    }

    /** Whether a probe that left at {@code departed} is measured (not one of the heat-up's). */
    public boolean measured(final long departed) {
        return departed - measureFrom >= 0;
    }

    /** Whether everything due before the end has gone: a paused direction has nothing due. */
    public boolean caughtUp() {
        return frameDue(0) == Long.MAX_VALUE && frameDue(1) == Long.MAX_VALUE && probeDue() == Long.MAX_VALUE;
    }

    // ---- Pauses ---------------------------------------------------------------------------

    /** Port {@code d} sent XOFF at {@code now}: nothing more goes in direction {@code d} until it sends XON. */
    public void pause(final int d, final long now) {
        if (!paused[d]) {
            paused[d] = true;
            pausedSince[d] = now;
            pauses[d]++;
        }
    }

    /**
     * Port {@code d} sent XON at {@code now}: traffic goes on, the next frame (and probe) due at
     * once if its time passed during the pause, the rest paced after it.
     */
    public void resume(final int d, final long now) {
        if (!paused[d]) {
            return;
        }
        paused[d] = false;
        pausedNanos[d] += now - pausedSince[d];
        if (intervalPicos[d] > 0) {
            final long due = originNanos[d] + sent[d] * intervalPicos[d] / 1000;
            if (due - now < 0) {
                originNanos[d] += now - due;
            }
        }
        if (d == 0 && probeIntervalNanos > 0) {
            final long due = probeOriginNanos + probesScheduled * probeIntervalNanos;
            if (due - now < 0) {
                probeOriginNanos += now - due;
            }
        }
    }

    /** Whether direction {@code d} is paused. */
    public boolean paused(final int d) {
        return paused[d];
    }

    /** Time direction {@code d} has been paused so far, a pause under way counted up to {@code now}. */
    public long pausedNanos(final int d, final long now) {
        return pausedNanos[d] + (paused[d] ? now - pausedSince[d] : 0);
    }

    /** XOFF heard in direction {@code d} so far. */
    public long pauses(final int d) {
        return pauses[d];
    }

    /** The number of flows. */
    public int flows() {
        return flows;
    }
}
