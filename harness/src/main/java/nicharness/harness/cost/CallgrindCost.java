package nicharness.harness.cost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nicharness.testbed.DriverRig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Instructions per packet under {@code valgrind --tool=callgrind}, for machines without hardware
 * counters (virtual machines): runs {@link CallgrindWorkload} for each configuration in a JVM under
 * callgrind, fits the regions ({@link InstructionsPerPacket}) and prints, per configuration, the
 * instructions the driver-and-NF thread executed per packet, the model's work and empty polls left
 * out. It takes minutes: 1.5 to 4.5 minutes per configuration on a 2-core machine (8 to 15 minutes
 * for the five drivers on the nop), so it is a separate command and not part of the default run;
 * its rows join the default run's {@code results/cost.csv} with {@code --merge}:
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -pl harness exec:java -Dexec.args="callgrind-cost --every-driver --merge --out results/cost.csv"
 * mvn -B -pl harness exec:java -Dexec.args="callgrind-cost --driver tinynf --nf nop-write"   # print only
 * mvn -B -pl harness exec:java -Dexec.args="callgrind-cost --every-driver --account results/cost-account.csv"
 * mvn -B -pl harness exec:java -Dexec.args="callgrind-cost --all --merge --out results/cost.csv"  # 20 configurations
 * </pre>
 *
 * <p>What each count holds (the {@code method} column says it again): receive and transmit of one
 * deferred round of 128 packets on the thread that runs the driver and the NF, the NF's own work
 * included (none for the nop beyond the call). No clock read: a no-op does not need the time
 * ({@code NetworkFunction.needsTime()}), so no driver reads the clock on its path, as testpmd,
 * ixy-fwd and TinyNF's no-op do not. The model's engines run between rounds, outside the counted
 * regions, so the card's work is not counted; a register write is posted, as PCIe posts it: one
 * store into a log on the driver's thread, and the model decodes it and answers a doorbell at the
 * refill between rounds ({@code PostedWrites} in the testbed module), so no model code is counted;
 * the doorbells per packet are in the device-access rows. {@code --account} writes where the
 * instructions go, per compiled method and group ({@link CallgrindAccount}).
 *
 * <p>The counts are of the code the JVM generates under valgrind, which sees no AVX-512: label them
 * "instructions (valgrind, AVX2 code)" when comparing with native runs ({@code docs/java-platform.md},
 * "Counting instructions without hardware counters").
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

    @Option(names = "--every-driver", description = "every Table 4 driver (5), with the --nf NFs (default nop-untouched)")
    private boolean everyDriver;

    @Option(names = "--rounds", description = "measured rounds of 128 packets (default ${DEFAULT-VALUE})")
    private int rounds = CallgrindWorkload.DEFAULT_ROUNDS;

    @Option(names = "--merge", description = "merge the rows into the --out file instead of replacing it (a row of the"
            + " same driver, NF and metric is replaced): how the figures join the default run's results/cost.csv")
    private boolean merge;

    @Option(names = "--out", description = "also write the rows to this CSV file")
    private Path out;

    @Option(names = "--keep", description = "keep callgrind's dumps and logs in this folder")
    private Path keep;

    @Option(names = "--account", description = "also write the per-function account of each configuration to this CSV"
            + " file (results/cost-account.csv): where the instructions per packet go, by compiled method and group"
            + " (driver receive, driver transmit, driver receive or transmit, driver loop, NF, loop, clock, model, JDK,"
            + " JVM), each instruction of a compiled loop by its inlining chain; adds rx_tx_instructions_per_packet to"
            + " --out")
    private Path account;

    @Option(names = "--model", description = "count the model instead of the driver: the instructions per packet of"
            + " both ports' engines and the cable in the deferred refill between the driver's rounds (metric"
            + " model_instructions_per_packet)")
    private boolean model;

    @Option(names = "--jvm-option", description = "one more option for the measured JVM (repeatable), for example"
            + " -XX:CompileCommand=dontinline,nicharness.model.FrameRing::offer to give a method a row of its own in"
            + " the --account")
    private List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--explicit-null-checks", description = "compile with explicit null checks (if the JVM crashes"
            + " under valgrind; adds instructions to every count)")
    private boolean explicitNullChecks;

    /** Runs one configuration under callgrind, counting the driver or ({@code model}) the model, and fits its regions. */
    public static InstructionsPerPacket measure(final CallgrindRunner runner, final boolean model, final String driver,
                                                final String nf, final int rounds) throws IOException {
        final CallgrindRunner.Run run = runner.run(CallgrindWorkload.class.getName(), workloadArguments(model, driver,
                nf, rounds));
        return InstructionsPerPacket.fit(run.regions());
    }

    private static List<String> workloadArguments(final boolean model, final String driver, final String nf,
                                                  final int rounds) {
        final List<String> args = new ArrayList<>();
        if (model) {
            args.add(CallgrindWorkload.MODEL_SIDE);
        }
        args.addAll(List.of(driver, nf, Integer.toString(rounds)));
        return args;
    }

    /** The packets of all the fit's regions. */
    private static long packets(final InstructionsPerPacket fit) {
        return fit.regions().stream().mapToLong(RegionCount::packets).sum();
    }

    /** How the regions were fitted, in the words of the method column. */
    private static String fitted(final InstructionsPerPacket fit) {
        return String.format(java.util.Locale.ROOT, "the markers' cost fitted out (%.0f per region), max residual %.2g",
                fit.fixed(), fit.maxResidual());
    }

    /** The CSV row of one fit of the model's side ({@code --model}). */
    public static CostRow modelRow(final String driver, final String nf, final InstructionsPerPacket fit,
                                   final CallgrindRunner.Settings settings, final String valgrind) {
        final String method = String.format(java.util.Locale.ROOT, "%s --tool=callgrind, instructions (of AVX2 code) "
                        + "executed by the model for each forwarded packet: one region per deferred refill of %d packets "
                        + "(%d packets): both ports' posted register writes applied, their engines transmitting the "
                        + "round, the cable carrying each frame to the other port, its receive engine writing it into "
                        + "the ring; the driver's round outside the regions; %s; JVM %s; command: callgrind-cost --model",
                valgrind, DriverRig.DEFAULT_ROUND_PACKETS, packets(fit), fitted(fit),
                String.join(" ", settings.jvmOptions()));
        return CostRow.of(driver, nf, "model_instructions_per_packet", fit.perPacket(), "instructions", method);
    }

    /** The CSV row of one fit. */
    public static CostRow row(final String driver, final String nf, final InstructionsPerPacket fit,
                              final CallgrindRunner.Settings settings, final String valgrind) {
        final String method = String.format(java.util.Locale.ROOT, "%s --tool=callgrind, instructions (of AVX2 code) "
                        + "executed on the driver-and-NF thread for receive + transmit + the NF call, one region per "
                        + "deferred round of %d packets (%d packets), no empty poll in a region, %s; clock reads: %s;"
                        + " the model's engines run "
                        + "between rounds, outside the regions (not counted); register writes posted: one store each "
                        + "on the driver's thread, as on a card, the model's handling of them (decoding, the doorbell's "
                        + "descriptor fetch) at the refill between rounds, not counted (see "
                        + "doorbell_writes_per_packet); JVM %s; command: callgrind-cost", valgrind,
                DriverRig.DEFAULT_ROUND_PACKETS, packets(fit), fitted(fit), clockReads(nf),
                String.join(" ", settings.jvmOptions()));
        return CostRow.of(driver, nf, "instructions_per_packet", fit.perPacket(), "instructions", method)
                .withSlideInstructions();
    }

    /**
     * The CSV row of the driver's receive and transmit alone, from the account: the
     * {@code driver receive}, {@code driver transmit} and {@code driver receive or transmit} groups,
     * each instruction counted by the inlining chain C2 recorded for it ({@link DriverParts}). This
     * is what the slides' figures count (35 for TinyNF, 100 for DPDK): the paper reads the counters
     * around {@code tn_net_agent_receive} and {@code tn_net_agent_transmit} (or testpmd's burst
     * calls) per packet, so neither the NF's dispatch nor the loop around the calls is in them.
     */
    static CostRow receiveTransmitRow(final CallgrindAccount.Configuration accounted, final String valgrind) {
        final Map<String, Double> groups = CallgrindAccount.byGroup(accounted.lines());
        final double perPacket = DriverParts.RECEIVE_TRANSMIT.stream().mapToDouble(groups::get).sum();
        final String method = String.format(java.util.Locale.ROOT, "%s --tool=callgrind --dump-instr=yes, the same"
                        + " regions as instructions_per_packet; each instruction of C2's code counted by the inlining"
                        + " chain C2 recorded for it (-XX:+DebugNonSafepoints, -XX:CompileCommand=print): driver"
                        + " receive %.1f + driver transmit %.1f + helpers both reach %.1f, the parts as the drivers"
                        + " declare them for Table 2 (@DriverPart and what it calls); the NF's call and answer (NF"
                        + " %.1f, driver loop %.1f), the rig's loop and the posted register writes (model %.1f) left"
                        + " out; exact for most instructions, off by one where two parts' code meets; command:"
                        + " callgrind-cost --account", valgrind, groups.get(DriverParts.RECEIVE),
                groups.get(DriverParts.TRANSMIT), groups.get(DriverParts.SHARED), groups.get("NF"),
                groups.get(DriverParts.LOOP), groups.get("model"));
        return CostRow.of(accounted.driver(), accounted.nf(), "rx_tx_instructions_per_packet", perPacket,
                "instructions", method).withSlideInstructions();
    }

    /** Whether the drivers read the clock for {@code nf}, in the words of the method column. */
    static String clockReads(final String nf) {
        final boolean needsTime = nicharness.nf.registry.NfRegistry.create(nf,
                nicharness.nf.NfPorts.paper(DriverRig.PORTS), java.util.Map.of()).needsTime();
        return needsTime ? "counted (the NF needs the time; each driver reads it where its original does)"
                : "none (the NF does not need the time, so no driver reads the clock)";
    }

    @Override
    public Integer call() {
        try {
            return measureAndWrite();
        } catch (final IOException e) {
            // one line on the command line ("error: ..."), as every command reports a failed step
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private int measureAndWrite() throws IOException {
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
            final List<String> chosen = everyDriver ? Table4.DRIVERS : drivers.isEmpty() ? List.of("tinynf") : Table4.drivers(drivers);
            for (final String driver : chosen) {
                for (final String nf : nfs.isEmpty() ? List.of("nop-untouched") : Table4.nfs(nfs)) {
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
        if (account != null) {
            settings = settings.withJvmOptions(CallgrindAccount.JVM_OPTIONS);
        }
        if (!jvmOptions.isEmpty()) {
            settings = settings.withJvmOptions(jvmOptions);
        }
        final List<CostRow> rows = new ArrayList<>();
        final List<CallgrindAccount.Configuration> accounts = new ArrayList<>();
        for (final String[] c : configurations) {
            final long start = System.nanoTime();
            final InstructionsPerPacket fit;
            if (account == null) {
                fit = measure(new CallgrindRunner(settings), model, c[0], c[1], rounds);
            } else {
                final CallgrindAccount.Configuration accounted = measureWithAccount(settings, model, c[0], c[1], rounds);
                accounts.add(accounted);
                fit = accounted.fit();
                CallgrindAccount.byGroup(accounted.lines()).forEach((group, perPacket) -> System.out.printf(
                        java.util.Locale.ROOT, "    %-16s %8.1f%n", group, perPacket));
            }
            final CostRow row = model ? modelRow(c[0], c[1], fit, settings, valgrind) : row(c[0], c[1], fit, settings, valgrind);
            rows.add(row);
            if (account != null && !model) {
                rows.add(receiveTransmitRow(accounts.get(accounts.size() - 1), valgrind));
            }
            System.out.printf(java.util.Locale.ROOT, "%-13s %-14s %8.1f instructions per packet%s  (%.0f s)%n", c[0],
                    c[1], fit.perPacket(), Double.isNaN(row.paperValue()) ? "" : " (slides: " + (int) row.paperValue()
                            + ")", (System.nanoTime() - start) / 1e9);
        }
        if (out != null) {
            CostCsv.save(out, rows, "valgrind --tool=callgrind, one JVM per configuration", merge);
        }
        if (account != null) {
            CallgrindAccount.write(account, accounts, valgrind + " --tool=callgrind --dump-instr=yes, the JVM's code"
                    + " map (" + String.join(" ", CallgrindAccount.JVM_OPTIONS) + ") naming the compiled methods;"
                    + " per function, median self cost of the measured regions minus that of the empty regions, per"
                    + " packet; a method holds what C2 inlined into it; JVM " + String.join(" ",
                    settings.jvmOptions()));
        }
        return 0;
    }

    /**
     * Runs one configuration under callgrind with instruction addresses and the JVM's code map,
     * counting the driver or ({@code model}) the model, and returns its fit and its per-function
     * account.
     */
    public static CallgrindAccount.Configuration measureWithAccount(final CallgrindRunner.Settings settings,
                                                                    final boolean model, final String driver,
                                                                    final String nf, final int rounds) throws IOException {
        final boolean temporary = settings.keep() == null;
        final Path folder = temporary ? java.nio.file.Files.createTempDirectory("callgrind-account-") : settings.keep();
        final CallgrindRunner runner = new CallgrindRunner(settings.keepingOutputIn(folder),
                CallgrindAccount.VALGRIND_OPTIONS);
        Path perfMap = null;
        try {
            final CallgrindRunner.Run run = runner.run(CallgrindWorkload.class.getName(), workloadArguments(model, driver,
                    nf, rounds));
            final long pid = CallgrindAccount.pidOfDumps(folder);
            perfMap = CallgrindAccount.perfMapOf(pid);
            final InstructionScopes scopes = InstructionScopes.of(CompiledCodePrint.read(
                    folder.resolve(CallgrindRunner.WORKLOAD_OUTPUT)));
            final List<CallgrindAccount.Line> lines = CallgrindAccount.account(run.regions(),
                    CallgrindAccount.regionDumps(folder, pid), perfMap,
                    CallgrindAccount.byInstruction(scopes, DriverParts.ofRegistry()));
            return new CallgrindAccount.Configuration(driver, nf, InstructionsPerPacket.fit(run.regions()), lines);
        } finally {
            // the JVM writes its map at any exit, a failed run's too: find it by the dumps' process id
            if (perfMap == null) {
                perfMap = CallgrindAccount.pidOfAnyDump(folder).map(CallgrindAccount::perfMapOf).orElse(null);
            }
            if (perfMap != null) {
                java.nio.file.Files.deleteIfExists(perfMap);
            }
            if (temporary) {
                try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(folder)) {
                    for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.deleteIfExists(p);
                    }
                }
            }
        }
    }
}
