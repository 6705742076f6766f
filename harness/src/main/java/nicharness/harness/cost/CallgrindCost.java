package nicharness.harness.cost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nicharness.bench.driver.DriverRig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Instructions per packet under {@code valgrind --tool=callgrind}, for machines without hardware
 * counters (virtual machines): runs {@link CallgrindWorkload} for each configuration in a JVM under
 * callgrind, fits the regions ({@link InstructionsPerPacket}) and prints, per configuration, the
 * instructions the driver-and-NF thread executed per packet, the model's work and empty polls left
 * out. It takes minutes: about a minute per configuration on a 2-core machine, so it is a separate
 * command and not part of the default run.
 *
 * <pre>
 * mvn -B -q -pl harness -am package -DskipTests
 * java -cp "$(cat classpath)" nicharness.harness.cost.CallgrindCost --driver tinynf --nf nop-untouched
 * java -cp ... nicharness.harness.cost.CallgrindCost --all --out results/cost/per-packet-instructions-callgrind.csv
 * </pre>
 *
 * <p>The counts are of the code the JVM generates under valgrind, which sees no AVX-512: label them
 * "instructions (valgrind, AVX2 code)" when comparing with native runs ({@code java-platform.md}
 * section 7). They include what the software register file does on the driver's thread for each
 * register write (on a card, one store instruction and a posted PCIe write), so variants that ring
 * more doorbells per packet are charged a little more than on hardware; the doorbells per packet
 * are in the device-access rows.
 */
@Command(name = "callgrind-cost", mixinStandardHelpOptions = true,
        description = "Instructions per packet of driver + NF under valgrind --tool=callgrind (takes minutes).")
public final class CallgrindCost implements Callable<Integer> {

    @Option(names = "--driver", description = "driver variants (repeatable); default tinynf")
    private List<String> drivers = new ArrayList<>();

    @Option(names = "--nf", description = "NFs (repeatable); default nop-untouched")
    private List<String> nfs = new ArrayList<>();

    @Option(names = "--all", description = "every Table 4 configuration (5 drivers x 4 NFs)")
    private boolean all;

    @Option(names = "--rounds", description = "measured rounds of 128 packets (default ${DEFAULT-VALUE})")
    private int rounds = CallgrindWorkload.DEFAULT_ROUNDS;

    @Option(names = "--merge", description = "merge the rows into the --out file instead of replacing it (a row of the"
            + " same driver, NF and metric is replaced): how the figures join the default run's results/cost.csv")
    private boolean merge;

    @Option(names = "--out", description = "also write the rows to this CSV file")
    private Path out;

    @Option(names = "--keep", description = "keep callgrind's dumps and logs in this folder")
    private Path keep;

    @Option(names = "--explicit-null-checks", description = "compile with explicit null checks (if the JVM crashes"
            + " under valgrind; adds instructions to every count)")
    private boolean explicitNullChecks;

    /** Runs one configuration under callgrind and fits its regions. */
    public static InstructionsPerPacket measure(final CallgrindRunner runner, final String driver, final String nf,
                                                final int rounds) throws IOException {
        final CallgrindRunner.Run run = runner.run(CallgrindWorkload.class.getName(), List.of(driver, nf,
                Integer.toString(rounds)));
        return InstructionsPerPacket.fit(run.regions());
    }

    /** The CSV row of one fit. */
    public static CostRow row(final String driver, final String nf, final InstructionsPerPacket fit,
                              final CallgrindRunner.Settings settings, final String valgrind) {
        final long packets = fit.regions().stream().mapToLong(RegionCount::packets).sum();
        final String method = String.format(java.util.Locale.ROOT, "%s --tool=callgrind on the driver-and-NF thread "
                        + "(instructions of AVX2 code), deferred model, one region per round of %d packets (%d packets), "
                        + "engines outside the regions, markers' cost fitted out (%.0f per region), max residual %.2g; "
                        + "includes the software register file's handling of each register write on the driver's thread "
                        + "(see doorbell_writes_per_packet); JVM %s", valgrind, DriverRig.PORTS * DriverRig.DEFAULT_FRAMES_PER_PORT, packets, fit.fixed(), fit.maxResidual(),
                String.join(" ", settings.jvmOptions()));
        return CostRow.of(driver, nf, "instructions_per_packet", fit.perPacket(), "instructions", method)
                .withSlideInstructions();
    }

    @Override
    public Integer call() throws IOException {
        final String valgrind = CallgrindRunner.valgrindVersion("valgrind").orElse(null);
        if (valgrind == null) {
            System.err.println("valgrind is not installed or cannot run; install it (Debian/Ubuntu: apt-get install "
                    + "valgrind) to count instructions on a machine without hardware counters");
            return 2;
        }
        final List<String[]> configurations = new ArrayList<>();
        if (all) {
            for (final String driver : Table4.DRIVERS) {
                for (final Table4.Variant variant : Table4.VARIANTS) {
                    configurations.add(new String[] {driver, variant.nf()});
                }
            }
        } else {
            for (final String driver : drivers.isEmpty() ? List.of("tinynf") : drivers) {
                for (final String nf : nfs.isEmpty() ? List.of("nop-untouched") : nfs) {
                    configurations.add(new String[] {driver, nf});
                }
            }
        }
        CallgrindRunner.Settings settings = CallgrindRunner.Settings.defaults();
        if (keep != null) {
            settings = settings.keepingOutputIn(keep);
        }
        if (explicitNullChecks) {
            settings = settings.withJvmOptions(CallgrindRunner.Settings.EXPLICIT_NULL_CHECKS);
        }
        final CallgrindRunner runner = new CallgrindRunner(settings);
        final List<CostRow> rows = new ArrayList<>();
        for (final String[] c : configurations) {
            final long start = System.nanoTime();
            final InstructionsPerPacket fit = measure(runner, c[0], c[1], rounds);
            final CostRow row = row(c[0], c[1], fit, settings, valgrind);
            rows.add(row);
            System.out.printf(java.util.Locale.ROOT, "%-13s %-14s %8.1f instructions per packet%s  (%.0f s)%n", c[0],
                    c[1], fit.perPacket(), Double.isNaN(row.paperValue()) ? "" : " (slides: " + (int) row.paperValue()
                            + ")", (System.nanoTime() - start) / 1e9);
        }
        if (out != null) {
            CostCsv.save(out, rows, "valgrind --tool=callgrind, one JVM per configuration", merge);
        }
        return 0;
    }

    /** Runs the command. */
    public static void main(final String[] args) {
        System.exit(new CommandLine(new CallgrindCost()).execute(args));
    }
}
