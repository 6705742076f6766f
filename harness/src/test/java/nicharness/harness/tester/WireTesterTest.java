package nicharness.harness.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.measure.LatencySummary;
import nicharness.model.FrameSink;
import nicharness.nf.Clock;
import nicharness.nf.traffic.PaperTraffic;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The tester on a loop-back wire with no driver and no model: what goes into port d comes out of
 * port 1 - d after a fixed delay, except the frames the loop drops on purpose. The test's thread
 * plays the engine thread, calling the tester after each (empty) pass, and time is a virtual clock
 * that advances by one pass time per call, so that every count is deterministic.
 */
class WireTesterTest {

    /** Virtual time: each pass of the engine thread takes {@link #PASS_NANOS}. */
    static final long PASS_NANOS = 700;

    static final class VirtualClock implements Clock {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }
    }

    /** Port d's input is port (1 - d)'s output, {@code delayNanos} later; every {@code dropEvery}-th frame is lost. */
    static final class Loopback {
        final VirtualClock clock = new VirtualClock();
        final long delayNanos;
        final int dropEvery;
        final FrameSink[] sinks = new FrameSink[2];
        /** What the tester told each port to call on XOFF and XON. */
        final nicharness.model.NicModel.FlowControlListener[] pauseListeners = new nicharness.model.NicModel.FlowControlListener[2];
        /** Frames into each port, and the virtual time of the last. */
        final long[] into = new long[2];
        final long[] lastInto = new long[2];
        long delivered;
        long dropped;
        long frames;
        final WirePort[] ports = {port(0), port(1)};

        Loopback(final long delayNanos, final int dropEvery) {
            this.delayNanos = delayNanos;
            this.dropEvery = dropEvery;
        }

        private WirePort port(final int p) {
            return new WirePort() {
                @Override
                public boolean receiveFromWire(final MemorySegment frame, final long offset, final int length) {
                    into[p]++;
                    lastInto[p] = clock.now;
                    if (dropEvery > 0 && ++frames % dropEvery == 0) {
                        dropped++;
                        return false;
                    }
                    delivered++;
                    sinks[1 - p].frame(frame, offset, length, clock.now + delayNanos);
                    return true;
                }

                @Override
                public void connect(final FrameSink sink) {
                    sinks[p] = sink;
                }

                @Override
                public void hearPauses(final nicharness.model.NicModel.FlowControlListener listener) {
                    pauseListeners[p] = listener;
                }
            };
        }
    }

    /** Runs one period on the calling thread, as the engine thread would, one virtual pass per call. */
    static void runPeriod(final Loopback wire, final WireTester tester, final Period period) {
        tester.request(period);
        Wait.until("period " + period.sequence() + " to finish", Wait.DEFAULT, () -> tester.finished(period.sequence()),
                () -> "virtual time " + wire.clock.now + " ns", () -> {
                    tester.idle(0);
                    wire.clock.now += PASS_NANOS;
                });
    }

    static WireTester tester(final Loopback wire, final int layer) {
        return new WireTester(wire.ports, layer, PaperTraffic.DEFAULT_FLOWS, -1, wire.clock);
    }


    static Period period(final long sequence, final double gbps, final int mask, final double seconds, final int probes) {
        return new Period(sequence, gbps, mask, Math.round(seconds * 1e9), probes, 0, 1);
    }

    @Test
    @Timeout(30)
    void offersTheRequestedRateWithinOnePercent() {
        final Loopback wire = new Loopback(0, 0);
        final WireTester tester = tester(wire, 2);
        for (final double gbps : new double[] {0.1, 1.0}) {
            final long before0 = tester.count(WireTester.OFFERED_0);
            final long before1 = tester.count(WireTester.OFFERED_1);
            runPeriod(wire, tester, period(gbps == 0.1 ? 1 : 2, gbps, 0b11, 0.2, 0));
            final double expected = gbps * 1e9 * 0.2 / WireTester.FRAME_WIRE_BITS;
            for (final long offered : new long[] {tester.count(WireTester.OFFERED_0) - before0, tester.count(WireTester.OFFERED_1) - before1}) {
                assertTrue(Math.abs(offered - expected) <= 0.01 * expected, "rate " + gbps + ": offered " + offered + ", expected " + expected);
            }
        }
        assertEquals(tester.count(WireTester.OFFERED_0), tester.count(WireTester.RETURNED_0));
        assertEquals(tester.count(WireTester.OFFERED_1), tester.count(WireTester.RETURNED_1));
    }

    @Test
    @Timeout(30)
    void measuresTheLatencyOfTheLoopBackPath() {
        final long delay = 5_000;
        final Loopback wire = new Loopback(delay, 0);
        final WireTester tester = tester(wire, 3);
        runPeriod(wire, tester, period(1, 0.5, 0b11, 0.3, 20_000));
        final LatencySummary s = LatencyStatistics.summarize(tester.latency());
        assertEquals(6_000, s.samples(), 1); // 20,000 probes per second for 0.3 s
        assertEquals(s.samples(), tester.count(WireTester.PROBES_SENT));
        // A probe is injected in the first pass at or after its scheduled time, handed to the output
        // after the loop's delay, and leaves once it has been on the 10 Gb/s wire for its 108 bytes
        // (86.4 ns), behind at most one background frame of the same pass (67.2 ns).
        // (The histogram keeps 3 significant digits: around 5 us, buckets are 4 ns wide.)
        assertTrue(s.minNs() >= tester.latency().lowestEquivalentValue(delay + 86), "min " + s.minNs());
        assertTrue(s.maxNs() < delay + PASS_NANOS + 86 + 68, "max " + s.maxNs());
    }

    @Test
    @Timeout(30)
    void aPortsXoffStopsItsDirectionUntilXonAndThePauseIsCounted() {
        final Loopback wire = new Loopback(0, 0);
        final WireTester tester = tester(wire, 2);
        final Period period = new Period(1, 1.0, 0b11, 100_000_000L, 1_000, 0, 1);
        tester.request(period);
        final long start = wire.clock.now;
        final long xoff = start + 20_000_000L;
        final long xon = start + 50_000_000L;
        long intoPortZeroAtXoff = -1;
        long intoPortOneAtXoff = -1;
        while (!tester.finished(period.sequence())) {
            if (wire.clock.now == xoff) {
                wire.pauseListeners[0].pause(0, true); // port 0's buffer passed FCRTH
                intoPortZeroAtXoff = wire.into[0];
                intoPortOneAtXoff = wire.into[1];
            }
            if (wire.clock.now == xon) {
                assertEquals(intoPortZeroAtXoff, wire.into[0], "nothing offered to port 0 while it was paused");
                assertTrue(wire.into[1] - intoPortOneAtXoff > 40_000, "direction 1 went on: " + (wire.into[1] - intoPortOneAtXoff));
                wire.pauseListeners[0].pause(0, false);
            }
            tester.idle(0);
            wire.clock.now += 100; // both times are multiples of the pass
        }
        final double perNano = 1.0 / WireTester.FRAME_WIRE_BITS; // 1 Gb/s of 672-bit frames
        final double background0 = tester.count(WireTester.OFFERED_0) - 1_000 * 0.07; // less the 70 ms of probes
        assertEquals(perNano * 70_000_000L, background0, perNano * 70_000_000L * 0.002, "70 ms of the 100 at 1 Gb/s");
        assertEquals(perNano * 100_000_000L, tester.count(WireTester.OFFERED_1), perNano * 100_000_000L * 0.002);
        assertEquals(30_000_000L, tester.count(WireTester.PAUSED_NANOS), "the pause, counted");
        assertEquals(tester.count(WireTester.OFFERED_0), tester.count(WireTester.RETURNED_0), "nothing lost");
    }

    @Test
    @Timeout(30)
    void countsLossExactlyWhenFramesAreDroppedOnPurpose() {
        final Loopback wire = new Loopback(0, 7);
        final WireTester tester = tester(wire, 4);
        runPeriod(wire, tester, period(1, 0.3, 0b01, 0.1, 1_000));
        final long offered = tester.count(WireTester.OFFERED_0);
        final long returned = tester.count(WireTester.RETURNED_0);
        assertTrue(offered > 40_000);
        assertEquals(wire.frames, offered);
        assertEquals(offered / 7, wire.dropped);
        assertEquals(wire.dropped, offered - returned);
        assertEquals(0, tester.count(WireTester.OFFERED_1));
    }

    @Test
    @Timeout(30)
    void discardsTheProbeHeatUpAndRestartsTheProbeFlows() {
        final Loopback wire = new Loopback(1_000, 0);
        final WireTester tester = tester(wire, 2);
        runPeriod(wire, tester, new Period(1, 0, 0b01, 300_000_000L, 10_000, 100_000_000L, 1));
        assertEquals(2_000, tester.count(WireTester.PROBES_SENT)); // 0.2 s of measured probes
        assertEquals(3_000, tester.count(WireTester.OFFERED_0));   // all 0.3 s of probes were offered
        assertEquals(2_000, tester.latency().getTotalCount());
        assertEquals(2_000, tester.count(WireTester.PROBES_TIMED));
    }

    @Test
    @Timeout(30)
    void allocatesNothingWhileGenerating() {
        final Loopback wire = new Loopback(1_000, 5);
        final WireTester tester = tester(wire, 3);
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        runPeriod(wire, tester, period(1, 1.0, 0b11, 0.3, 20_000)); // warm-up: the JIT compiles the path
        // A late compile or deoptimisation may allocate a few bytes once; an object per frame would
        // show in every period, so judge the least allocating of up to four periods.
        long allocated = Long.MAX_VALUE;
        long frames = 0;
        for (int sequence = 2; sequence < 6 && allocated > 0; sequence++) {
            final long offeredBefore = tester.count(WireTester.OFFERED_0);
            final Period measured = period(sequence, 1.0, 0b11, 0.3, 20_000);
            tester.request(measured);
            tester.idle(0); // the period's first pass
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long deadline = System.nanoTime() + Wait.DEFAULT.toNanos(); // no lambda: nothing allocated
            while (!tester.finished(measured.sequence())) {
                tester.idle(0);
                wire.clock.now += PASS_NANOS;
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("period " + measured.sequence() + " not finished after " + Wait.DEFAULT);
                }
            }
            final long period = threads.getCurrentThreadAllocatedBytes() - before;
            if (period < allocated) {
                allocated = period;
                frames = tester.count(WireTester.OFFERED_0) - offeredBefore;
            }
        }
        assertTrue(frames > 400_000, "frames generated in a period: " + frames);
        assertTrue(allocated < frames / 1000, "bytes allocated while generating " + frames + " frames: " + allocated);
    }
}
