package nicharness.bench.nf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.Packet;
import nicharness.nf.registry.NfDescriptor;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does each NF cost per packet, with no driver at all?
 *
 * <p>The paper's traffic, as its tester sends it in direction 0 (64-byte frames, 60,000 flows
 * varied at the layer the NF is measured with, the flow counter advancing on every packet), is
 * built once into a segment. Each operation copies the next pristine frame into a working buffer
 * (the NAT and the load balancer rewrite frames in place, so a frame cannot be reused as it is),
 * advances the clock by one packet time at 10 Gb/s, and calls the NF once. One operation is one
 * packet.
 *
 * <p>The copy is part of every operation; {@link FrameCopyBaseline} measures it alone, so that a
 * reader can subtract it. It also stands in for the frame arriving in cache, as DDIO would bring it.
 *
 * <p>State is warmed as the paper's heat-up warms it: every flow goes through the NF once before
 * measuring (for the load balancer, after a reverse heat-up that registers its one backend). The
 * clock is synthetic, 67 ns per packet, so expiry behaves as at line rate: a 60,000-flow cycle
 * takes 4 ms, well under the 4 s expirations. JMH forks a JVM per NF, so the NF's call site stays
 * monomorphic, as it is in a driver's JVM.
 *
 * <p>HOW TO RUN (from the repository root, JDK 25 as {@code JAVA_HOME}):
 * <pre>
 * mvn -B -o -q -pl bench -am package -DskipTests
 * mvn -B -o -q -pl bench dependency:build-classpath -Dmdep.outputFile=cp.txt
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -cp "bench/target/classes:$(cat cp.txt)" \
 *     org.openjdk.jmh.Main 'nicharness.bench.nf' -f 1 -wi 2 -i 3 -prof gc
 * </pre>
 * {@code gc.alloc.rate.norm} should read 0 bytes per operation for every NF.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
public class NfCostBenchmark {

    /** One packet time at 10 Gb/s: 84 bytes on the wire (60 + FCS + preamble + gap) = 67.2 ns. */
    static final long NANOS_PER_PACKET = 67;

    /** Frames are laid out one per cache line. */
    static final int STRIDE = 64;

    /** The NF, by registry name. */
    @Param({"nop", "nop-untouched", "nop-write", "nop-lookup", "nop-ixy", "bridge", "nat", "policer", "firewall", "lb"})
    public String nf;

    private Arena arena;
    private MemorySegment frames;
    private MemorySegment work;
    private final Packet packet = new Packet();
    private NetworkFunction function;
    private int next;
    private long now;

    /** Builds the frames and the NF, then heats the NF's state up with every flow. */
    @Setup(Level.Trial)
    public void setUp() {
        final NfDescriptor descriptor = NfRegistry.get(nf);
        function = descriptor.create(NfPorts.paper(2), Map.of());
        arena = Arena.ofShared();
        frames = arena.allocate((long) PaperTraffic.DEFAULT_FLOWS * STRIDE, 64);
        work = arena.allocate(STRIDE, 64);
        now = 1_000_000_000L;
        if (descriptor.reverseHeatUp()) {
            final MemorySegment reverse = arena.allocate(STRIDE, 64);
            for (int flow = 0; flow < PaperTraffic.DEFAULT_FLOWS; flow++) {
                PaperTraffic.writeFrame(reverse, 0, 1, descriptor.trafficLayer(), flow);
                now += NANOS_PER_PACKET;
                function.process(packet.wrap(reverse, 0, PaperTraffic.FRAME_LENGTH, PaperTraffic.FRAME_LENGTH), 1, now);
            }
        }
        for (int flow = 0; flow < PaperTraffic.DEFAULT_FLOWS; flow++) {
            PaperTraffic.writeFrame(frames, (long) flow * STRIDE, 0, descriptor.trafficLayer(), flow);
        }
        for (int flow = 0; flow < PaperTraffic.DEFAULT_FLOWS; flow++) {
            process();
        }
    }

    /** Frees the frames. */
    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** One packet: copy the next flow's frame in, call the NF on it as received on port 0. */
    @Benchmark
    public int process() {
        final int flow = next;
        next = flow + 1 == PaperTraffic.DEFAULT_FLOWS ? 0 : flow + 1;
        MemorySegment.copy(frames, (long) flow * STRIDE, work, 0, PaperTraffic.FRAME_LENGTH);
        now += NANOS_PER_PACKET;
        return function.process(packet.wrap(work, 0, PaperTraffic.FRAME_LENGTH, PaperTraffic.FRAME_LENGTH), 0, now);
    }
}
