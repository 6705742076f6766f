package nicharness.bench.model;

import java.util.concurrent.TimeUnit;
import nicharness.model.DrivingMode;
import nicharness.env.IdleStrategy;
import nicharness.model.EngineThread;
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
 * How many packets per microsecond can the model's engine thread receive, and transmit, when it
 * is the bottleneck? The answer bounds every throughput the harness measures on the model: a
 * driver figure close to it says more about the model than about the driver.
 *
 * <p>The benchmark thread plays the tester and the driver, doing as little as it can: for
 * receive it injects 60-byte frames into the port's injection ring (spinning while the ring is
 * full, that is while the engine is behind) and gives the filled descriptors back every 32
 * frames; for transmit it hands over 32 prepared descriptors per doorbell (spinning while the
 * ring is full) and never rewrites them, since head write-back leaves them unchanged. The engine
 * thread (busy-spinning) does the DMA. Throughput in operations per microsecond is therefore Mpps,
 * and its inverse the engine's cost per packet, cross-core cache traffic included.
 *
 * <p>On a 2-core machine the two threads, JMH and the JIT share two cores: expect noise, and
 * read the engine's utilisation printed at the end of each trial (near 1: the engine was the
 * limit). The injection ring is smaller than the receive ring so that no frame is dropped for
 * lack of descriptors, which would be cheaper than receiving it.
 *
 * <p>HOW TO RUN: build the bench module, then
 * {@code java --enable-native-access=ALL-UNNAMED -cp ... org.openjdk.jmh.Main ThreadedEngineBenchmark -f 1 -wi 2 -i 3}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
@State(Scope.Benchmark)
public class ThreadedEngineBenchmark {
    private ModelBench bench;
    private EngineThread engine;
    private int tail;

    @Setup(Level.Trial)
    public void setUp() {
        bench = new ModelBench(host -> NicModel.builder(host).mode(DrivingMode.THREADED).injectionCapacity(256),
                new ModelBench.Counter());
        engine = new EngineThread("model-engine", IdleStrategy.BUSY_SPIN, bench.nic);
        engine.start();
    }

    @Benchmark
    @OperationsPerInvocation(ModelBench.BATCH)
    public int receive() {
        for (int i = 0; i < ModelBench.BATCH; i++) {
            while (!bench.nic.receiveFromWire(bench.frame, 0, ModelBench.FRAME)) {
                Thread.onSpinWait(); // the engine is behind: this is what we measure
            }
        }
        bench.recycleReceive();
        return bench.nic.pendingInjected();
    }

    @Benchmark
    @OperationsPerInvocation(ModelBench.BATCH)
    public int transmit() {
        final int mask = ModelBench.RING - 1;
        // At most RING - 1 descriptors outstanding: wait until 32 more fit before the head.
        while (((bench.transmitHead() - 1 - tail) & mask) < ModelBench.BATCH) {
            Thread.onSpinWait();
        }
        tail = (tail + ModelBench.BATCH) & mask;
        bench.regs.write(bench.tdt, tail);
        return tail;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf("%nengine utilisation %.3f (busy passes %d, idle passes %d)%n",
                engine.utilisation(), engine.busyPasses(), engine.idlePasses());
        engine.close();
        bench.close();
    }
}
