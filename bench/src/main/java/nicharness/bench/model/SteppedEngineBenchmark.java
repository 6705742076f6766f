package nicharness.bench.model;

import java.util.concurrent.TimeUnit;
import nicharness.model.DrivingMode;
import nicharness.model.NicModel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does the engine's own work cost per packet, without a second thread? The same engine code
 * as {@link ThreadedEngineBenchmark}, run on the benchmark's thread by {@code step()} (deferred
 * mode), so no cache line crosses cores: the lower bound of the threaded engine's cost.
 *
 * <p>receive: 32 frames copied into the injection ring, one {@code step()} (drain the ring,
 * receive DMA and write-back of each), one RDT write. transmit: one TDT write handing over 32
 * prepared descriptors, one {@code step()} (fetch, send to a counting sink, head write-back every
 * 32). The injection copy and the two register writes are in the figure; they are a small part of
 * it. Average time per operation is nanoseconds per packet.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
@State(Scope.Thread)
public class SteppedEngineBenchmark {
    private ModelBench bench;
    private int tail;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new ModelBench(host -> NicModel.builder(host).mode(DrivingMode.DEFERRED).injectionCapacity(256),
                new ModelBench.Counter());
    }

    @Benchmark
    @OperationsPerInvocation(ModelBench.BATCH)
    public int receive() {
        for (int i = 0; i < ModelBench.BATCH; i++) {
            bench.nic.receiveFromWire(bench.frame, 0, ModelBench.FRAME);
        }
        final int work = bench.nic.step();
        bench.recycleReceive();
        return work;
    }

    @Benchmark
    @OperationsPerInvocation(ModelBench.BATCH)
    public int transmit() {
        tail = (tail + ModelBench.BATCH) & (ModelBench.RING - 1);
        bench.regs.write(bench.tdt, tail);
        return bench.nic.step();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bench.close();
    }
}
