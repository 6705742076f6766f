package nicharness.harness;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import nicharness.harness.measure.LatencyStatistics;
import nicharness.harness.measure.LatencySummary;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.Workload;
import nicharness.harness.sim.DeviceCpu;
import nicharness.harness.sim.DeviceLatencies;
import nicharness.harness.sim.MeasuredCpuTime;
import nicharness.harness.sim.SimulatedTestbed;
import nicharness.harness.tester.ModelTestbed;
import nicharness.harness.trial.JitWarmUp;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import nicharness.harness.trial.Testbed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Two checks of simulated time against what it leaves out, each printed as one line per
 * configuration (see {@code harness/README.md}, "Simulated time"):
 * <ol>
 * <li>{@code --against-real}: the median latency of one driver and NF at a low load in real time
 *     and in simulated time with every device latency at zero, where real time is trustworthy on
 *     this machine (the driver's thread keeps up with room to spare, so the machine's interference
 *     shows only in the tail);</li>
 * <li>{@code --cache}: the driver's CPU time per packet with the device's work on the driver's
 *     own thread (the default) and on another CPU in lock-step, where what the model writes comes
 *     from another core's cache as DMA data does.</li>
 * </ol>
 * Everything runs in this JVM, one configuration after another, each warmed up until the JIT is
 * quiet.
 */
@Command(name = "sim-check", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks simulated time against real time at a low load, and the device's work on the driver's "
                + "thread against another CPU.")
final class SimCheckCommand implements Callable<Integer> {

    @Option(names = "--against-real", description = "Median latency in real and simulated time (default: on).",
            negatable = true, defaultValue = "true", fallbackValue = "true")
    private boolean againstReal;

    @Option(names = "--cache", description = "CPU time per packet with the device on the driver's thread or another CPU"
            + " (default: on).", negatable = true, defaultValue = "true", fallbackValue = "true")
    private boolean cache;

    @Option(names = "--driver", paramLabel = "NAME", description = "Driver for the check against real time (default: ${DEFAULT-VALUE}).")
    private String driver = "tinynf";

    @Option(names = "--gbps", paramLabel = "GBPS", description = "Total load of the check against real time (default: ${DEFAULT-VALUE}).")
    private double gbps = 0.5;

    @Option(names = "--seconds", paramLabel = "S", description = "Measured time of each period (default: ${DEFAULT-VALUE}).")
    private double seconds = 0.5;

    @Option(names = "--out", paramLabel = "CSV", description = "Also write the figures to this CSV file (the harness"
            + " README's numbers are read from results/sim-check.csv).")
    private java.nio.file.Path out;

    private final List<SimCheckResults.Row> rows = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        if (againstReal) {
            againstReal();
        }
        if (cache) {
            for (final String d : List.of("tinynf", "dpdk", "dpdk-batched")) {
                cache(d);
            }
        }
        if (out != null) {
            try {
                SimCheckResults.write(out, rows);
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
            System.out.println("wrote " + out);
        }
        return 0;
    }

    private static Workload nop(final double deviceCostFactor) {
        return Workload.of("nop-2way", "nop", Map.of(), 2, 2, 0.003, 0, deviceCostFactor);
    }

    private void againstReal() {
        final Load load = new Load(gbps / 2, seconds, Profile.QUICK.probesPerSecond(), 0.05, 1);
        final double real;
        try (ModelTestbed testbed = ModelTestbed.open(nop(0), driver, Placement.trialCpus())) {
            real = median(testbed, load);
        }
        pinToTheDriversCpu();
        final double simulated;
        try (SimulatedTestbed testbed = SimulatedTestbed.open(nop(0), driver, new MeasuredCpuTime(),
                DeviceLatencies.DEFAULT.scaled(0))) {
            simulated = median(testbed, load);
        }
        System.out.printf(Locale.ROOT, "%s nop at %.2f Gb/s, device latencies zero: median latency real %.0f ns, simulated"
                + " %.0f ns, simulated/real %.2f%n", driver, gbps, real, simulated, simulated / real);
        final String method = "nop-2way at " + gbps + " Gb/s in total, every device latency zero, " + seconds
                + " s measured after the JIT warm-up, median of the probes' latency";
        rows.add(new SimCheckResults.Row(SimCheckResults.AGAINST_REAL, driver, gbps, "median_latency_real_ns", real, "ns", method));
        rows.add(new SimCheckResults.Row(SimCheckResults.AGAINST_REAL, driver, gbps, "median_latency_simulated_ns", simulated,
                "ns", method));
        rows.add(new SimCheckResults.Row(SimCheckResults.AGAINST_REAL, driver, gbps, "simulated_over_real", simulated / real,
                "ratio", method));
    }

    private static double median(final Testbed testbed, final Load load) {
        JitWarmUp.run(testbed, Profile.QUICK);
        final Measurement m = testbed.offer(load);
        final LatencySummary s = LatencyStatistics.summarize(m.latency());
        return s.samples() == 0 ? Double.NaN : s.p50Ns();
    }

    /** Simulated time runs on this thread: on the CPU a trial gives the driver's thread. */
    private static void pinToTheDriversCpu() {
        final List<Integer> cpus = Placement.trialCpus();
        if (!cpus.isEmpty()) {
            Placement.pinCurrentThread(cpus.get(0), "this thread");
        }
    }

    private void cache(final String name) {
        pinToTheDriversCpu();
        final Load load = Load.throughput(2.5, seconds);
        final double[] perPacket = new double[2];
        for (final DeviceCpu placement : DeviceCpu.values()) {
            final List<Integer> cpus = Placement.trialCpus();
            try (SimulatedTestbed testbed = SimulatedTestbed.open(nop(1), name, new MeasuredCpuTime(),
                    DeviceLatencies.DEFAULT, placement, cpus.size() >= 2 ? cpus.get(1) : -1)) {
                JitWarmUp.run(testbed, Profile.QUICK);
                final Measurement m = testbed.offer(load);
                perPacket[placement.ordinal()] = (double) m.simulated().polls().cpuNanos() / m.returnedTotal();
            }
        }
        System.out.printf(Locale.ROOT, "%s nop at 5 Gb/s: CPU time per packet %.1f ns with the device on the driver's thread,"
                        + " %.1f ns on another CPU (ratio %.2f)%n", name, perPacket[0], perPacket[1],
                perPacket[1] / perPacket[0]);
        final String method = "nop-2way at 5 Gb/s in total, simulated time, device cost factor 1, " + seconds
                + " s measured after the JIT warm-up, the driver's polls' CPU time over the frames returned";
        rows.add(new SimCheckResults.Row(SimCheckResults.CACHE, name, 5, SimCheckResults.SAME_THREAD, perPacket[0], "ns", method));
        rows.add(new SimCheckResults.Row(SimCheckResults.CACHE, name, 5, SimCheckResults.OTHER_CPU, perPacket[1], "ns", method));
    }
}
