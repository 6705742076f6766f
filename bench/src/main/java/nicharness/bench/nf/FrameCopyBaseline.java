package nicharness.bench.nf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import nicharness.nf.Packet;
import nicharness.nf.traffic.PaperTraffic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The control for {@link NfCostBenchmark}: everything an operation does except calling the NF
 * (pick the next of 60,000 frames, copy it into the working buffer, advance the clock, point the
 * packet at it). Subtract it from an NF's figure to get the NF's own cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class FrameCopyBaseline {
    private Arena arena;
    private MemorySegment frames;
    private MemorySegment work;
    private final Packet packet = new Packet();
    private int next;
    private long now;

    /** Builds the same 60,000 frames as {@link NfCostBenchmark} (layer 4, direction 0). */
    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        frames = arena.allocate((long) PaperTraffic.DEFAULT_FLOWS * NfCostBenchmark.STRIDE, 64);
        work = arena.allocate(NfCostBenchmark.STRIDE, 64);
        for (int flow = 0; flow < PaperTraffic.DEFAULT_FLOWS; flow++) {
            PaperTraffic.writeFrame(frames, (long) flow * NfCostBenchmark.STRIDE, 0, 4, flow);
        }
    }

    /** Frees the frames. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** The per-packet overhead of {@link NfCostBenchmark#process()} without the NF. */
    @Benchmark
    public Packet copyOnly() {
        final int flow = next;
        next = flow + 1 == PaperTraffic.DEFAULT_FLOWS ? 0 : flow + 1;
        MemorySegment.copy(frames, (long) flow * NfCostBenchmark.STRIDE, work, 0, PaperTraffic.FRAME_LENGTH);
        now += NfCostBenchmark.NANOS_PER_PACKET;
        return packet.wrap(work, 0, PaperTraffic.FRAME_LENGTH, PaperTraffic.FRAME_LENGTH);
    }
}
