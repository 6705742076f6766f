package nicharness.harness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.Needs;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.plan.Workload;
import nicharness.harness.tester.ExternalDriver;
import nicharness.harness.tester.ModelTestbed;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import nicharness.harness.trial.Trial;
import nicharness.harness.trial.TrialProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code external}: a driver in another process, for example the original C TinyNF or ixy linked
 * against the C shim (c-shim), on the software 82599 in file-backed mode with the tester on its
 * wires, measured in real time as any driver is: by default the trial method of {@code run} (warm-up,
 * heat-up, throughput search, latency levels, loss checked against the cards' statistics), or one
 * load with {@code --rate}. With {@code --strict}, any protocol fault the model records ends the
 * run with a non-zero exit naming it.
 */
@Command(name = "external", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a driver in another process (e.g. the original C TinyNF linked against c-shim) on the",
                "software 82599 through its model file, and measures it: the trial method (throughput search,",
                "latency), or one load with --rate. Exits non-zero if the books disagree or, with --strict, on any fault."})
final class ExternalCommand implements Callable<Integer> {

    @Option(names = "--driver-cmd", required = true, paramLabel = "COMMAND",
            description = "The driver's command line, run by /bin/sh with NICSHIM_MODEL set to the model file;"
                    + " the ports are PCI 00:00.0 and 00:00.1.")
    private String driverCommand;

    @Option(names = "--strict", description = "Strict mode: any driver protocol fault the model records ends the run (exit 1).")
    private boolean strict;

    @Option(names = "--ready-text", paramLabel = "TEXT",
            description = "Text the driver prints once it forwards (default: judge by the card: receive on and queues"
                    + " enabled on both ports, then 0.5 s).")
    private String readyText;

    @Option(names = "--ready-seconds", paramLabel = "S", description = "How long the driver may take to get ready (default: ${DEFAULT-VALUE}).")
    private double readySeconds = 30;

    @Option(names = "--rate", paramLabel = "GBPS",
            description = "Offer this one load per direction instead of the trial method, for --seconds.")
    private Double rateGbps;

    @Option(names = "--seconds", paramLabel = "S", description = "With --rate: how long (default: ${DEFAULT-VALUE}).")
    private double seconds = 1;

    @Option(names = "--profile", paramLabel = "NAME", description = "The trial method's durations: quick or paper (default: ${DEFAULT-VALUE}).")
    private String profileName = "quick";

    @Option(names = "--loss-threshold", paramLabel = "FRACTION",
            description = "The search's loss threshold (default: ${DEFAULT-VALUE}, the paper's figures).")
    private double lossThreshold = Experiment.FIGURE_LOSS;

    @Option(names = "--directions", paramLabel = "N", description = "1 (port 0 to port 1 only) or 2 (both ways; default).")
    private int directions = 2;

    @Option(names = "--model-file", paramLabel = "PATH",
            description = "Where the model file goes (default: /dev/shm/nicharness-external-<pid>.model); deleted at the end.")
    private Path modelFile;

    @Option(names = "--host-mib", paramLabel = "MIB",
            description = "Host memory in the model file, in MiB (default: ${DEFAULT-VALUE}); the shim gives each allocation whole 2 MiB pages.")
    private int hostMib = 64;

    private final Catalog catalog;
    private final PrintStream out;

    ExternalCommand(final Catalog catalog, final PrintStream out) {
        this.catalog = catalog;
        this.out = out;
    }

    @Override
    public Integer call() {
        if (driverCommand.isBlank()) {
            throw new IllegalArgumentException("Invalid value for option '--driver-cmd': empty");
        }
        if (rateGbps != null && !(rateGbps >= 0 && rateGbps <= 10)) {
            throw new IllegalArgumentException("Invalid value for option '--rate': must be in [0, 10] Gb/s per direction, was " + rateGbps);
        }
        if (!(seconds > 0)) {
            throw new IllegalArgumentException("Invalid value for option '--seconds': must be > 0, was " + seconds);
        }
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("Invalid value for option '--directions': 1 or 2, was " + directions);
        }
        if (hostMib < 4 || hostMib % 2 != 0) {
            throw new IllegalArgumentException("Invalid value for option '--host-mib': an even number of MiB, at least 4, was " + hostMib);
        }
        final Profile profile = Profile.byName(profileName);
        // The driver is its own NF; the tester's traffic is the NOP's (it forwards frames unchanged).
        final Workload workload = Workload.of("external", "nop", Map.of(), directions, catalog.layer("nop"), lossThreshold, 0, 1);
        final Path file = modelFile != null ? modelFile
                : Path.of("/dev/shm", "nicharness-external-" + ProcessHandle.current().pid() + ".model");
        final ExternalDriver.Launch launch = new ExternalDriver.Launch(driverCommand, readyText, readySeconds, out);
        out.printf(Locale.ROOT, "external driver: %s%n  on the software 82599 (2 ports, file-backed: %s, %d MiB of host memory),"
                + " real time, strict mode %s%n", driverCommand, file, hostMib, strict ? "on" : "off");
        try (ModelTestbed testbed = ModelTestbed.external(workload, launch, file, (long) hostMib << 20, strict,
                Placement.trialCpus())) {
            out.println("driver ready");
            if (rateGbps != null) {
                return oneLoad(testbed);
            }
            return trial(testbed, workload, profile);
        }
    }

    /** One period at --rate: the tester's and the cards' counts. */
    private int oneLoad(final ModelTestbed testbed) {
        final Measurement m = testbed.offer(Load.throughput(rateGbps, seconds));
        out.printf(Locale.ROOT, "offered %.3f Gb/s for %.2f s%n", rateGbps, seconds);
        for (int d = 0; d < m.offered().length; d++) {
            out.printf(Locale.ROOT, "  direction %d (port %d to port %d): offered %d, returned %d%n", d, d, 1 - d, m.offered()[d],
                    m.returned()[d]);
        }
        out.printf(Locale.ROOT, "  lost %d (loss %.5f), counted by the cards %d: the books balance%s%n",
                m.offeredTotal() - m.returnedTotal(), m.lossFraction(), m.cardDropped(),
                m.testerLimited() ? "; the tester or the machine limited this period" : "");
        out.printf(Locale.ROOT, "  CPU share: driver %.2f, tester %.2f%n", m.driverCpuShare(), m.wireCpuShare());
        if (strict) {
            out.println("strict mode: no fault");
        }
        return 0;
    }

    /** The trial method of {@code run}, printing its throughput and latency rows. */
    private int trial(final ModelTestbed testbed, final Workload workload, final Profile profile) {
        final TrialSpec spec = new TrialSpec(List.of(), workload, "external", 1, Needs.SEARCH_AND_SWEEP);
        final TrialProtocol.Result result = new Trial(spec, profile, testbed, out).run();
        for (final Row row : result.rows()) {
            if (row.table() == Table.THROUGHPUT) {
                out.printf(Locale.ROOT, "throughput: %s Gb/s (%s Mpps), limited by %s%n", row.values().get("throughput_gbps"),
                        row.values().get("throughput_mpps"), row.values().get("limited_by"));
            } else if (row.table() == Table.LATENCY) {
                final Map<String, String> v = row.values();
                out.printf(Locale.ROOT, "latency at %s (%s Gb/s): %s%n", v.get("level"), v.get("load_gbps"),
                        "0".equals(v.get("samples")) ? "no probe came back within 1 ms"
                                : String.format(Locale.ROOT, "median %s ns, 99th %s ns, max %s ns, %s samples", v.get("latency_p50_ns"),
                                v.get("latency_p99_ns"), v.get("latency_max_ns"), v.get("samples")));
            }
        }
        if (strict) {
            out.println("strict mode: no fault");
        }
        return 0;
    }
}
