package nicharness.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.CsvWriter;
import nicharness.harness.output.ReadmeBlock;

/**
 * The figures of {@code sim-check} ({@link SimCheckCommand}) as a tidy CSV, one row per check,
 * driver and metric, and the harness README's block rendered from it, so that the README's numbers
 * on simulated time against real time and on the caches are read from {@code results/sim-check.csv}
 * ({@code SimCheckResultsTest} fails when they differ; {@link #main} writes the block).
 */
public final class SimCheckResults {
    /** The CSV's columns. */
    static final List<String> HEADER = List.of("check", "driver", "nf", "gbps", "metric", "value", "unit", "method");
    /** {@code --against-real}: median latency in both clocks, device latencies zero. */
    static final String AGAINST_REAL = "against-real";
    /** {@code --cache}: CPU time per packet with the device's work on the driver's thread or another CPU. */
    static final String CACHE = "cache";
    /** CPU time per packet with the device's work on the driver's own thread. */
    static final String SAME_THREAD = "cpu_ns_per_packet_device_on_driver_thread";
    /** CPU time per packet with the device's work on another CPU in lock-step. */
    static final String OTHER_CPU = "cpu_ns_per_packet_device_on_other_cpu";

    /** The line before the harness README's generated block. */
    public static final String BEGIN = "<!-- sim-check: generated from results/sim-check.csv by SimCheckResults; do not edit -->";
    /** The line after it. */
    public static final String END = "<!-- /sim-check -->";

    /** Simulated and real median latency agree when their ratio is within this of 1. */
    static final double AGREEMENT = 0.25;

    private SimCheckResults() {
    }

    /**
     * One figure.
     *
     * @param check  {@link #AGAINST_REAL} or {@link #CACHE}
     * @param driver the driver variant
     * @param gbps   the total load
     * @param metric what was measured
     * @param value  the value
     * @param unit   its unit
     * @param method how, in words
     */
    record Row(String check, String driver, double gbps, String metric, double value, String unit, String method) {
    }

    /** Writes {@code rows} to {@code file}, replacing it. */
    static void write(final Path file, final List<Row> rows) throws IOException {
        CsvWriter.replace(file, HEADER, List.of(), rows.stream().map(r -> Arrays.asList(r.check(), r.driver(), "nop", r.gbps(),
                r.metric(), String.format(Locale.ROOT, "%.6g", r.value()), r.unit(), r.method())).toList());
    }

    /** Reads rows written by {@link #write}. */
    static List<Row> read(final Path file) {
        return CsvFile.read(file, HEADER).rows().stream().map(r -> new Row(r.text("check"), r.text("driver"), r.number("gbps"),
                r.text("metric"), r.number("value"), r.text("unit"), r.text("method"))).toList();
    }

    /** The value of {@code metric} for {@code driver} in {@code check}. */
    static Optional<Double> value(final List<Row> rows, final String check, final String driver, final String metric) {
        return rows.stream().filter(r -> r.check().equals(check) && r.driver().equals(driver) && r.metric().equals(metric))
                .map(Row::value).findFirst();
    }

    /** The ratio of the device on another CPU to the device on the driver's thread, for {@code driver}. */
    static double cacheRatio(final List<Row> rows, final String driver) {
        return value(rows, CACHE, driver, OTHER_CPU).orElse(Double.NaN) / value(rows, CACHE, driver, SAME_THREAD).orElse(Double.NaN);
    }

    /** The harness README's block, markers included, rendered from {@code csv}. */
    public static String render(final Path csv) {
        final List<Row> rows = read(csv);
        final StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("| driver | device on the driver's thread | device on another CPU | ratio |\n|---|---|---|---|\n");
        final List<String> drivers = rows.stream().filter(r -> r.check().equals(CACHE)).map(Row::driver).distinct().toList();
        for (final String driver : drivers) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f ns | %.1f ns | %.2f |%n", driver,
                    value(rows, CACHE, driver, SAME_THREAD).orElse(Double.NaN),
                    value(rows, CACHE, driver, OTHER_CPU).orElse(Double.NaN), cacheRatio(rows, driver)));
        }
        if (drivers.contains("tinynf") && drivers.contains("dpdk")) {
            md.append(String.format(Locale.ROOT, "%nTinyNF's advantage over DPDK in CPU time per packet: %.1fx with the"
                            + " device on the driver's thread, %.1fx with the device on another CPU.%n",
                    value(rows, CACHE, "dpdk", SAME_THREAD).orElseThrow() / value(rows, CACHE, "tinynf", SAME_THREAD).orElseThrow(),
                    value(rows, CACHE, "dpdk", OTHER_CPU).orElseThrow() / value(rows, CACHE, "tinynf", OTHER_CPU).orElseThrow()));
        }
        for (final String driver : rows.stream().filter(r -> r.check().equals(AGAINST_REAL)).map(Row::driver).distinct().toList()) {
            final double real = value(rows, AGAINST_REAL, driver, "median_latency_real_ns").orElseThrow();
            final double simulated = value(rows, AGAINST_REAL, driver, "median_latency_simulated_ns").orElseThrow();
            final double gbps = rows.stream().filter(r -> r.check().equals(AGAINST_REAL) && r.driver().equals(driver))
                    .findFirst().orElseThrow().gbps();
            final boolean agree = Math.abs(simulated / real - 1) <= AGREEMENT;
            md.append(String.format(Locale.ROOT, "%nAgainst real time (%s's no-op at %.2f Gb/s, every device latency zero):"
                            + " median latency %,.0f ns in real time and %,.0f ns in simulated time (ratio %.2f): the two"
                            + " %s within %.0f %%.%n", driver, gbps, real, simulated, simulated / real,
                    agree ? "agree" : "do **not** agree", 100 * AGREEMENT));
        }
        return md.append(END).toString();
    }

    /** Writes the block into the README. Arguments: {@code harness/README.md results/sim-check.csv}. */
    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: SimCheckResults harness/README.md results/sim-check.csv");
        }
        new ReadmeBlock(BEGIN, END).rewrite(Path.of(args[0]), render(Path.of(args[1])));
    }
}
