package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engines allocate nothing per packet, in synchronous and in threaded mode. */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int N = 256;

    /**
     * Allocation per packet would show as at least 16 bytes (one object header) times the packet
     * count; what a JIT recompilation or deoptimisation may allocate once during the measurement
     * is a few dozen bytes whatever the count. So the bound is a constant, far below one object
     * per thousand packets.
     */
    static void assertNothingPerPacket(final long bytes, final long packets) {
        assertTrue(bytes < 1024, bytes + " bytes allocated over " + packets + " packets ("
                + (double) bytes / packets + " per packet)");
    }

    @Test
    void synchronousEnginesAllocateNothingPerPacket() {
        final Fixture fixture = new Fixture();
        final NicModel nic = fixture.nic(0); // strict, with ownership audit and conflict detector
        final CountingSink sink = new CountingSink();
        nic.connect(sink);
        Fixture.bringUp(nic.registers());
        final LoopbackAgent agent = new LoopbackAgent(fixture, nic, N);
        final MemorySegment frame = Arena.ofAuto().allocate(64);
        MemorySegment.copy(Fixture.frame(64, 0), 0, frame, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, 64);
        run(nic, agent, frame, 50_000); // warm up: JIT, first-use allocations
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        run(nic, agent, frame, 200_000);
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertNothingPerPacket(allocated, 200_000);
        assertEquals(250_000, sink.count());
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    private static void run(final NicModel nic, final LoopbackAgent agent, final MemorySegment frame, final int packets) {
        for (int i = 0; i < packets; i++) {
            frame.set(CountingSink.SEQUENCE, 14, i);
            nic.receiveFromWire(frame, 0, 64);
            if ((i & 3) == 3) {
                while (agent.poll() > 0) {
                    // drain
                }
            }
        }
        while (agent.poll() > 0) {
            // drain
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void threadedEngineAllocatesNothingPerPacket() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).mode(DrivingMode.THREADED).build();
        final CountingSink sink = new CountingSink();
        nic.connect(sink);
        final EngineThread engine = new EngineThread("model-engine", EngineIdle.YIELD, nic);
        engine.start();
        Fixture.bringUp(nic.registers());
        final LoopbackAgent agent = new LoopbackAgent(fixture, nic, N);
        final long[] dropped = new long[1];
        ThreadedModeTest.forward(nic, agent, sink, dropped, 20_000); // warm up
        final long before = THREADS.getThreadAllocatedBytes(engine.threadId());
        ThreadedModeTest.forward(nic, agent, sink, dropped, 100_000);
        final long allocated = THREADS.getThreadAllocatedBytes(engine.threadId()) - before;
        assertNothingPerPacket(allocated, 100_000);
        assertTrue(engine.busyPasses() > 0);
        assertEquals(0, sink.outOfOrder());
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
        assertEquals(0, nic.registers().read(Regs.MPC(0)));
    }
}
