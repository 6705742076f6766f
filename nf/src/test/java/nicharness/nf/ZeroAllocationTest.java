package nicharness.nf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.Map;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data path of every NF allocates nothing: after warm-up, a million frames (the paper's
 * traffic in both directions at the NF's layer, plus malformed ones) and the bytes the thread
 * allocated stay at zero. Short expirations make every table path run: adds, refreshes, expiry,
 * index reuse, full tables, policing.
 */
class ZeroAllocationTest {
    private static final int FLOWS = 4096;
    private static final int STRIDE = 64;

    /**
     * Options that make expiry and policing happen within the run (time advances 100 ns a frame, so
     * an entry lives 2000 frames, about half the tables). Full tables are left to the functional
     * tests: libVig's map, like ours, scans the whole table for a miss when it is full.
     */
    private static final Map<String, Map<String, String>> CHURN = Map.of(
            "nat", Map.of("expire", "200", "max-flows", "4096"),
            "firewall", Map.of("expire", "200", "max-flows", "4096"),
            "bridge", Map.of("expire", "200", "capacity", "4096"),
            "policer", Map.of("rate", "1000000", "burst", "1000", "capacity", "4096"),
            "lb", Map.of("flow-expiration", "200", "flow-capacity", "4096", "backend-expiration", "300"));

    static Iterable<String> names() {
        return NfRegistry.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void aMillionFramesAllocateNothing(final String name) {
        final NetworkFunction nf = NfRegistry.create(name, NfPorts.paper(2), CHURN.getOrDefault(name, Map.of()));
        final int layer = NfRegistry.trafficLayer(name);
        try (Arena arena = Arena.ofConfined()) {
            // Pristine frames, and a working buffer each frame is copied into (NFs rewrite in place).
            final MemorySegment frames = arena.allocate((long) 2 * FLOWS * STRIDE, 64);
            for (int flow = 0; flow < FLOWS; flow++) {
                PaperTraffic.writeFrame(frames, (long) flow * STRIDE, 0, layer, flow);
                PaperTraffic.writeFrame(frames, (long) (FLOWS + flow) * STRIDE, 1, layer, flow);
            }
            final MemorySegment work = arena.allocate(STRIDE, 64);
            final Packet packet = new Packet();
            final long[] now = {0};
            final java.util.function.IntConsumer run = frameCount -> {
                for (int i = 0; i < frameCount; i++) {
                    final int direction = (i & 7) == 7 ? 1 : 0;
                    final int flow = (i * 7) & (FLOWS - 1);
                    MemorySegment.copy(frames, (long) (direction * FLOWS + flow) * STRIDE, work, 0, STRIDE);
                    // One frame in 64 is cut short: the reject path must not allocate either.
                    final int length = (i & 63) == 5 ? 20 + (i & 15) : PaperTraffic.FRAME_LENGTH;
                    now[0] += 100;
                    nf.process(packet.wrap(work, 0, length, length), direction, now[0]);
                }
            };
            final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            run.accept(200_000); // warm-up: interpreter, C1, then C2 (on-stack replacement, then the lambda compiled whole)
            run.accept(200_000);
            final long before = threads.getCurrentThreadAllocatedBytes();
            run.accept(1_000_000);
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // Zero per frame; a few hundred bytes of one-off JVM activity (a deoptimisation, a lazily
            // made object) are tolerated, far below one byte per frame.
            assertTrue(allocated < 1024, name + " allocated " + allocated + " bytes over 1000000 frames");
            assertTrue(nf.counters().malformedFrames() > 0 || 2 == layer, name + " saw the short frames");
        }
    }
}
