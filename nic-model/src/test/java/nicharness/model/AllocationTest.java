package nicharness.model;

import nicharness.env.IdleStrategy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engines allocate nothing per packet, in synchronous and in threaded mode. */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int N = 256;

    /** Bytes a round may allocate: far below one 16-byte object per thousand packets. */
    static final long ROUND_LIMIT = 1024;
    /** Rounds measured at most; the least any of them allocated is what is judged. */
    private static final int ROUNDS = 5;

    /** One measured round of packets. */
    @FunctionalInterface
    interface Round {
        void run() throws InterruptedException;
    }

    /**
     * The least {@code allocatedBytes} grew over a round, of up to {@link #ROUNDS} rounds
     * (stopping at the first under {@link #ROUND_LIMIT}). Allocation per packet shows in every
     * round as at least 16 bytes (one object header) times the packets; what the JVM allocates
     * once (a late compilation, a deoptimisation on a loaded machine, a lazily made object) shows
     * in one round only. So the minimum can still fail, and a one-off cannot fail it.
     */
    static long leastAllocated(final LongSupplier allocatedBytes, final Round round) throws InterruptedException {
        long least = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS && least >= ROUND_LIMIT; r++) {
            final long before = allocatedBytes.getAsLong();
            round.run();
            least = Math.min(least, allocatedBytes.getAsLong() - before);
        }
        return least;
    }

    static void assertNothingPerPacket(final long bytes, final long packets) {
        assertTrue(bytes < ROUND_LIMIT, bytes + " bytes allocated over " + packets + " packets ("
                + (double) bytes / packets + " per packet) in the least allocating round");
    }

    @Test
    void synchronousEnginesAllocateNothingPerPacket() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = fixture.nic(0); // strict, with ownership audit and conflict detector
        final CountingSink sink = new CountingSink();
        nic.connect(sink);
        Fixture.bringUp(nic.registers());
        final LoopbackAgent agent = new LoopbackAgent(fixture, nic, N);
        final MemorySegment frame = Arena.ofAuto().allocate(64);
        MemorySegment.copy(Fixture.frame(64, 0), 0, frame, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, 64);
        run(nic, agent, frame, 50_000); // warm up: JIT, first-use allocations
        final long[] packets = {50_000};
        final long allocated = leastAllocated(THREADS::getCurrentThreadAllocatedBytes, () -> {
            run(nic, agent, frame, 50_000);
            packets[0] += 50_000;
        });
        assertNothingPerPacket(allocated, 50_000);
        assertEquals(packets[0], sink.count());
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    private static void run(final NicModel nic, final LoopbackAgent agent, final MemorySegment frame, final int packets) {
        for (int i = 0; i < packets; i++) {
            frame.set(CountingSink.SEQUENCE, 14, i);
            nic.receiveFromWire(frame, 0, 64);
            if ((i & 3) == 3) {
                drain(agent);
            }
        }
        drain(agent);
    }

    /**
     * Polls until the agent finds nothing. Bounded by a count, not a clock, so as to allocate
     * nothing: four frames drain in a few passes, so a million means the agent never stops.
     */
    private static void drain(final LoopbackAgent agent) {
        for (int passes = 0; agent.poll() > 0; passes++) {
            if (passes > 1_000_000) {
                throw new AssertionError("the loopback agent still forwards after a million passes over four frames");
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void threadedEngineAllocatesNothingPerPacket() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.THREADED).build();
        final CountingSink sink = new CountingSink();
        nic.connect(sink);
        final EngineThread engine = new EngineThread("model-engine", IdleStrategy.YIELD, nic);
        engine.start();
        Fixture.bringUp(nic.registers());
        final LoopbackAgent agent = new LoopbackAgent(fixture, nic, N);
        final long[] dropped = new long[1];
        ThreadedModeTest.forward(nic, agent, sink, dropped, 20_000); // warm up
        final long allocated = leastAllocated(() -> THREADS.getThreadAllocatedBytes(engine.threadId()),
                () -> ThreadedModeTest.forward(nic, agent, sink, dropped, 25_000));
        assertNothingPerPacket(allocated, 25_000);
        assertTrue(engine.busyPasses() > 0);
        assertEquals(0, sink.outOfOrder());
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
        assertEquals(0, nic.registers().read(Regs.MPC(0)));
    }
}
