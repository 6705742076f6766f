package nicharness.model;

import java.util.concurrent.atomic.AtomicReference;
import nicharness.env.IdleStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import nicharness.ixgbe.Regs;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Threaded mode: an engine thread, a tester thread injecting, the test thread as the driver. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThreadedModeTest {
    private static final int N = 256;

    /**
     * Injects {@code frames} numbered frames from a tester thread while this thread runs the agent;
     * returns once every frame was either sent or counted as dropped (QPRDC).
     */
    static void forward(final NicModel nic, final LoopbackAgent agent, final CountingSink sink, final long[] dropped,
                        final int frames) throws InterruptedException {
        final long start = sink.count() + dropped[0];
        final Thread tester = new Thread(() -> {
            final MemorySegment frame = Arena.ofConfined().allocate(64);
            MemorySegment.copy(Fixture.frame(64, 0), 0, frame, ValueLayout.JAVA_BYTE, 0, 64);
            for (int i = 0; i < frames; i++) {
                frame.set(CountingSink.SEQUENCE, 14, (int) start + i);
                // A full injection ring means the engine is behind: wait for it.
                Wait.until("room to inject frame " + i, Wait.DEFAULT, () -> nic.receiveFromWire(frame, 0, 64),
                        () -> "pending " + nic.pendingInjected());
            }
        }, "tester");
        final AtomicReference<Throwable> testerFailure = new AtomicReference<>();
        tester.setUncaughtExceptionHandler((thread, e) -> testerFailure.set(e));
        tester.start();
        Wait.until((start + frames) + " frames sent or dropped", Wait.DEFAULT,
                () -> sink.count() + dropped[0] >= start + frames,
                () -> "sent " + sink.count() + ", dropped " + dropped[0] + ", the tester "
                        + (tester.isAlive() ? "still injecting" : "done") + ", its failure: " + testerFailure.get(),
                () -> {
                    if (agent.poll() == 0) {
                        dropped[0] += nic.registers().read(Regs.QPRDC(0));
                        Thread.yield();
                    }
                });
        Wait.join(tester, "injecting " + frames + " frames", Wait.DEFAULT);
        if (testerFailure.get() != null) {
            throw new AssertionError("the tester thread failed", testerFailure.get());
        }
    }

    @Test
    void everyFrameIsSentInOrderOrCountedAsDropped() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.THREADED).build();
        final CountingSink sink = new CountingSink();
        nic.connect(sink);
        nic.start();
        Fixture.bringUp(nic.registers()); // resets while the engine runs: it pauses around the reset
        final LoopbackAgent agent = new LoopbackAgent(fixture, nic, N);
        final long[] dropped = new long[1];
        forward(nic, agent, sink, dropped, 30_000);
        assertEquals(30_000, sink.count() + dropped[0]);
        assertEquals(0, sink.outOfOrder());
        assertTrue(nic.engineThread().busyPasses() > 0);
        final double utilisation = nic.engineThread().utilisation();
        assertTrue(utilisation > 0 && utilisation <= 1, "utilisation " + utilisation);
        nic.faults().assertNone();
        nic.close();
        assertEquals(null, nic.engineThread());
        fixture.host.close();
    }

    /**
     * An ixy-shaped receiver (advanced descriptors, each one re-armed as soon as its DD is seen,
     * RDT moved onto it at once) races the engine thread: the strict tail check on this thread
     * must read a head past every descriptor whose DD it has seen, or it would take a re-armed
     * descriptor for one the card still owns (TAIL_PASSED_HEAD). It failed in about half of the runs
     * when RDH was published after the status word.
     */
    @Test
    void aTailMovedRightAfterDoneIsNeverMistakenForPassingTheHead() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.THREADED).build();
        nic.start();
        Fixture.bringUp(nic.registers());
        final int size = 64;
        final Fixture.Ring ring = fixture.new Ring(size);
        Fixture.setUpReceive(nic.registers(), 0, ring, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER, true);
        final int frames = 50_000;
        final Thread tester = new Thread(() -> {
            final byte[] frame = Fixture.frame(60, 0);
            for (int i = 0; i < frames; i++) {
                Wait.until("room to inject frame " + i, Wait.DEFAULT, () -> nic.receiveFromWire(frame),
                        () -> "pending " + nic.pendingInjected(), Thread::onSpinWait);
            }
        }, "tester");
        final AtomicReference<Throwable> testerFailure = new AtomicReference<>();
        tester.setUncaughtExceptionHandler((thread, e) -> testerFailure.set(e));
        tester.start();
        final RegisterSpaceView regs = new RegisterSpaceView(nic);
        final long[] received = new long[1];
        final int[] next = new int[1];
        Wait.until(frames + " frames received or dropped", Wait.DEFAULT, () -> received[0] + regs.dropped() >= frames,
                () -> "received " + received[0] + ", dropped " + regs.dropped + ", next descriptor " + next[0]
                        + ", its qword1 0x" + Long.toHexString(ring.qword1(next[0])) + ", faults " + nic.faults().count()
                        + ", the tester's failure: " + testerFailure.get(),
                () -> {
                    final int n = next[0];
                    if (!nicharness.ixgbe.AdvancedRxDescriptor.done(ring.qword1(n))) {
                        Thread.onSpinWait();
                        return;
                    }
                    ring.setQword0(n, ring.bufferAddress(n)); // re-arm: buffer address, header address 0 (DD)
                    ring.setQword1(n, 0);
                    nic.registers().write(Regs.RDT(0), n); // ixy: the tail is the descriptor just processed
                    next[0] = n + 1 == size ? 0 : n + 1;
                    received[0]++;
                });
        Wait.join(tester, "injecting " + frames + " frames", Wait.DEFAULT);
        if (testerFailure.get() != null) {
            throw new AssertionError("the tester thread failed", testerFailure.get());
        }
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    /** Counts drops (QPRDC) without reading the register on every iteration. */
    private static final class RegisterSpaceView {
        private final NicModel nic;
        private long dropped;
        private int calls;

        RegisterSpaceView(final NicModel nic) {
            this.nic = nic;
        }

        long dropped() {
            if ((++calls & 1023) == 0) {
                dropped += nic.readStatistic(Regs.QPRDC(0));
            }
            return dropped;
        }
    }

    @Test
    void pacedTransmitKeepsLineRateSpacing() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.THREADED).lineRate(10_000_000_000L).build();
        final CountingSink sink = new CountingSink();
        nic.connect(sink);
        final EngineThread engine = new EngineThread("paced", IdleStrategy.YIELD, nic);
        engine.start();
        Fixture.bringUp(nic.registers());
        final LoopbackAgent agent = new LoopbackAgent(fixture, nic, N);
        forward(nic, agent, sink, new long[1], 5_000);
        // 60 bytes + FCS + preamble + gap = 84 bytes = 672 bit times = 67.2 ns at 10 Gb/s.
        assertTrue(sink.smallestGap() >= 67, "smallest gap " + sink.smallestGap() + " ns");
        engine.close();
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    @Test
    void onePortCannotHaveTwoEngineThreadsNorStepWhileThreaded() {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.THREADED).build();
        final EngineThread engine = new EngineThread("one", IdleStrategy.YIELD, nic);
        assertThrows(IllegalStateException.class, () -> new EngineThread("two", IdleStrategy.YIELD, nic));
        assertThrows(IllegalStateException.class, nic::step);
        final NicModel synchronous = fixture.nic(1);
        assertThrows(IllegalStateException.class, () -> new EngineThread("three", IdleStrategy.YIELD, synchronous));
        engine.close();
        nic.close();
        synchronous.close();
        fixture.host.close();
    }

    @Test
    void deferredModeReceivesOnStep() {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.DEFERRED).build();
        Fixture.bringUp(nic.registers());
        final Fixture.Ring ring = fixture.new Ring(16);
        Fixture.setUpReceive(nic.registers(), 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        assertTrue(nic.receiveFromWire(Fixture.frame(64, 1)));
        assertEquals(1, nic.pendingInjected());
        assertEquals(0, ring.qword1(0));
        assertEquals(1, nic.step());
        assertEquals(0, nic.pendingInjected());
        assertTrue(nicharness.ixgbe.LegacyRxDescriptor.done(ring.qword1(0)));
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }
}
