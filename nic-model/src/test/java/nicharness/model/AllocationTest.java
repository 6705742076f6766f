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
        assertEquals(0, allocated, "bytes allocated over 200000 packets");
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
        assertEquals(0, allocated, "bytes the engine thread allocated over 100000 packets");
        assertTrue(engine.busyPasses() > 0);
        assertEquals(0, sink.outOfOrder());
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
        assertEquals(0, nic.registers().read(Regs.MPC(0)));
    }
}
