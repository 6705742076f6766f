package nicharness.harness.cost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nicharness.testbed.DriverRig;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.profile.GCProfiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs {@code DriverCostBenchmark} of the bench module (the JMH time per packet, the model's work
 * outside the timed region) for the Table 4 configurations, one fork each, with the GC profiler, and writes the
 * results in the cost CSV format: {@code time_per_packet_jmh} with its 99.9 % error ({@code time_per_packet_jmh_error}) and
 * {@code allocated_bytes_per_packet}.
 *
 * <p>It takes about 4 seconds per configuration with the quick settings (one fork, 2 warm-up and
 * 3 measured iterations of half a second), so about 1.5 minutes for all twenty: a separate command.
 *
 * <pre>
 * mvn -B -pl harness exec:java -Dexec.args="cost-jmh --out results/per-packet-time-jmh.csv"
 * mvn -B -pl harness exec:java -Dexec.args="cost-jmh --driver tinynf --driver dpdk --nf nop-untouched"
 * </pre>
 */
@Command(name = "cost-jmh", mixinStandardHelpOptions = true,
        description = "JMH time per packet of driver + NF (the model's work untimed), as cost CSV.")
public final class CostBenchmarks implements Callable<Integer> {
    /**
     * The benchmark, by name: JMH finds it in its fork's class path (bench is a run-time dependency
     * of the harness), and nothing here compiles against it.
     */
    static final String BENCHMARK_CLASS = "DriverCostBenchmark";
    static final String BENCHMARK = "nicharness.bench.driver." + BENCHMARK_CLASS;

    @Mixin
    private Configurations configurations = new Configurations();

    @Option(names = "--access-cost", description = "none (default) or pcie")
    private String accessCost = "none";

    @Option(names = "--iterations", description = "measured iterations of 0.5 s (default ${DEFAULT-VALUE})")
    private int iterations = 3;

    @Option(names = "--merge", description = "merge the rows into the --out file instead of replacing it (a row of the"
            + " same driver, NF and metric is replaced): how the figures join the default run's results/cost.csv")
    private boolean merge;

    @Option(names = "--out", description = "CSV file (default: results/per-packet-time-jmh.csv)")
    private Path out = Path.of("results", "per-packet-time-jmh.csv");

    /** Runs the benchmark for the given configurations and returns JMH's results. */
    public static Collection<RunResult> run(final List<String> drivers, final List<String> nfs, final String accessCost,
                                            final int iterations) throws RunnerException {
        // JMH starts its forks with this JVM's java.class.path; under mvn exec:java that is Maven's own
        // launcher, so point it at the project's class path first.
        System.setProperty("java.class.path", nicharness.harness.trial.ClassPath.ofRunningApplication());
        final ChainedOptionsBuilder options = new OptionsBuilder()
                .include(BENCHMARK + ".round")
                .param("driver", drivers.toArray(String[]::new))
                .param("nf", nfs.toArray(String[]::new))
                .param("accessCost", accessCost)
                .forks(1)
                .warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                .measurementIterations(iterations).measurementTime(TimeValue.milliseconds(500))
                .addProfiler(GCProfiler.class)
                .jvm(nicharness.harness.trial.MeasuredJvm.runningJava().toString());
        return new Runner(options.build()).run();
    }

    /** The rows of JMH's results. */
    public static List<CostRow> rows(final Collection<RunResult> results, final int iterations) {
        final List<CostRow> rows = new ArrayList<>();
        for (final RunResult result : results) {
            final String driver = result.getParams().getParam("driver");
            final String nf = result.getParams().getParam("nf");
            final String cost = result.getParams().getParam("accessCost");
            final Result<?> primary = result.getPrimaryResult();
            final String method = String.format(Locale.ROOT, "JMH %s, %s, 1 fork x %d iterations of 0.5 s after 2 of"
                            + " warm-up; deferred model, engines run between invocations (untimed), %d packets per"
                            + " invocation, register access cost %s", "AverageTime", BENCHMARK_CLASS,
                    iterations, DriverRig.DEFAULT_ROUND_PACKETS, cost);
            rows.add(CostRow.of(driver, nf, "time_per_packet_jmh", primary.getScore(), "ns", method));
            rows.add(CostRow.of(driver, nf, "time_per_packet_jmh_error", primary.getScoreError(), "ns",
                    "99.9% confidence half-width of the row above; " + method));
            final Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
            if (allocation != null) {
                rows.add(CostRow.of(driver, nf, "allocated_bytes_per_packet", allocation.getScore(), "bytes",
                        "JMH -prof gc, gc.alloc.rate.norm per packet (set-up included); " + method));
            }
        }
        return rows;
    }

    @Override
    public Integer call() throws RunnerException, IOException {
        final List<String> d = configurations.drivers();
        final List<String> n = configurations.nfs();
        final List<CostRow> rows = rows(run(d, n, accessCost, iterations), iterations);
        CostCsv.save(out, rows, "JMH, one fork per configuration", merge);
        return 0;
    }

}
