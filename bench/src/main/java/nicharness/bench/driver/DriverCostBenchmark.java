package nicharness.bench.driver;

import java.util.concurrent.TimeUnit;
import nicharness.driver.DriverCounters;
import nicharness.model.AccessCost;
import nicharness.testbed.DriverRig;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The question: how long does each driver variant take to receive a packet, run the NF on it and
 * queue it for transmit, on the thread that runs the driver and the NF, with the card's work left
 * out? The paper's Table 4 measured this with PAPI counters around each unit of work on the card;
 * here the card is the software 82599, whose work must not be charged to the driver.
 *
 * <p>The method: the model runs in deferred mode ({@link DriverRig}), so its engines run only when
 * told. Each invocation is one {@link DriverRig#round()}: the driver polls until it has received
 * every one of the {@value #ROUND_PACKETS} frames waiting in its receive rings (64 per port, both
 * directions), processes them with the NF and writes its transmit descriptors and doorbells. The
 * model's work, transmitting those frames, carrying them over the cable and receiving them into the
 * rings again, runs in a {@code Level.Invocation} set-up, outside the timed region. So the score is
 * the driver's and the NF's time per packet, including its register writes (a store into the
 * model's register file, or a calibrated busy-wait with {@code accessCost=pcie}), and excluding the
 * card's DMA. Empty polls: there are none by construction (the frames are all there when the round
 * starts); the {@code emptyPolls} counter shows it.
 *
 * <p>Caveats, as the JMH samples would put them. Per-invocation set-up costs two timer reads per
 * invocation (about 50 ns on the reference guest, 0.4 ns per packet at 128 packets per invocation:
 * negligible, but not zero); {@code JMHSample_38_PerInvokeSetup} explains why it is acceptable only
 * for invocations this long. The receive rings are freshly written by the model before each round,
 * as a card with DDIO would leave them in the cache. One fork per configuration
 * ({@code JMHSample_12_Forking}): one driver's profile must not shape another's code. Allocation:
 * run with {@code -prof gc}; {@code gc.alloc.rate.norm} is bytes per packet and should be 0.
 *
 * <p>How to run: the harness's {@code cost-jmh} command
 * ({@code mvn -B -pl harness exec:java -Dexec.args="cost-jmh --driver tinynf --nf nop-untouched"}),
 * which takes the drivers and NFs from the registries (any registered name, or a selection such as
 * {@code table4-drivers}) and sets the parameters below to them, and writes the results as CSV
 * ({@code nicharness.harness.cost.CostBenchmarks}); or JMH's own main:
 * {@code org.openjdk.jmh.Main DriverCostBenchmark -p driver=tinynf,dpdk -p nf=nop-untouched -prof gc}.
 * The {@code @Param} lists are Table 4's, the default when no {@code -p} is given.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DriverCostBenchmark {

    /** Packets per invocation: every circulating frame once. */
    public static final int ROUND_PACKETS = DriverRig.DEFAULT_ROUND_PACKETS;

    /** The driver variant. */
    @Param({"tinynf", "dpdk", "dpdk-batched", "ixy", "ixy-batched"})
    public String driver;

    /** The NF: Table 4's nop, write, lookup and policer. */
    @Param({"nop-untouched", "nop-write", "nop-lookup", "policer"})
    public String nf;

    /** What a register access costs the driver: {@code none}, {@code pcie} (read 533 ns, write 50 ns: {@link AccessCost#DEFAULT}) or {@code pcie-write-213}. */
    @Param({"none"})
    public String accessCost;

    private DriverRig rig;
    private DriverCounters counters;

    /**
     * Packets and polls per iteration, reported beside the score: a check that every invocation did
     * the work it was charged for, and that no poll came back empty.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Work {
        /** Packets received in the iteration. */
        public long packets;
        /** Polls that found nothing in the iteration. */
        public long emptyPolls;

        /** Counts each iteration afresh. */
        @Setup(Level.Iteration)
        public void clear() {
            packets = 0;
            emptyPolls = 0;
        }
    }

    /** Opens the rig with the frames in the receive rings. */
    @Setup(Level.Trial)
    public void open() {
        rig = DriverRig.open(DriverRig.Config.deferred(driver, nf).withAccessCost(cost(accessCost)));
        counters = rig.driver().counters();
    }

    static AccessCost cost(final String name) {
        return AccessCost.named(name);
    }

    /** The card's work, untimed: transmit what the driver queued and receive it into the rings again. */
    @Setup(Level.Invocation)
    public void refill() {
        rig.refill();
    }

    /** Closes the rig. */
    @TearDown(Level.Trial)
    public void close() {
        rig.close();
    }

    /** One round: every waiting frame received, processed and queued for transmit. */
    @Benchmark
    @OperationsPerInvocation(ROUND_PACKETS)
    public int round(final Work work) {
        final long emptyBefore = counters.emptyPolls;
        final int polls = rig.round();
        work.packets += ROUND_PACKETS;
        work.emptyPolls += counters.emptyPolls - emptyBefore;
        return polls;
    }

    /** Runs every configuration briefly, with the GC profiler. */
    public static void main(final String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(DriverCostBenchmark.class.getSimpleName())
                .warmupIterations(2).warmupTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500))
                .measurementIterations(3).measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(500))
                .addProfiler(GCProfiler.class).build()).run();
    }
}
