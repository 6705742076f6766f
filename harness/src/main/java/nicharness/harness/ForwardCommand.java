package nicharness.harness;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import nicharness.driver.DriverCounters;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.Workload;
import nicharness.harness.tester.ModelTestbed;
import nicharness.ixgbe.Regs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.nio.file.Path;

/**
 * {@code forward}: one driver and one NF on real 82599 ports given by PCI address, or on the
 * software 82599 with the tester offering traffic when none is given; prints per-second packet and
 * drop counts read from the cards' statistics registers until interrupted, then a summary.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs one driver and one NF on 82599 ports (by PCI address) or on the software 82599,",
                "printing per-second packet and drop counts from the cards' statistics registers until interrupted."})
final class ForwardCommand implements Callable<Integer> {

    @Option(names = {"-d", "--driver"}, paramLabel = "NAME", description = "The driver (default: ${DEFAULT-VALUE}).")
    private String driver = "tinynf";

    @Option(names = {"-n", "--nf"}, paramLabel = "NAME", description = "The NF (default: ${DEFAULT-VALUE}).")
    private String nf = "nop";

    @Option(names = "--pci", split = ",", paramLabel = "ADDRESS",
            description = "Two 82599 ports, e.g. 0000:03:00.0,0000:03:00.1 (default: the software 82599).")
    private List<String> pci = List.of();

    @Option(names = "--rate", paramLabel = "GBPS",
            description = "On the software 82599: the tester's wire rate per direction (default: ${DEFAULT-VALUE}).")
    private double rateGbps = 1.0;

    @Option(names = "--seconds", paramLabel = "N", description = "Stop after N seconds (default: run until interrupted).")
    private int seconds;

    @Option(names = "--driver-option", paramLabel = "NAME=VALUE", description = "A driver parameter override (repeatable).")
    private Map<String, String> driverOptions = Map.of();

    @Option(names = "--nf-option", paramLabel = "NAME=VALUE", description = "An NF option override (repeatable).")
    private Map<String, String> nfOptions = Map.of();

    @Option(names = "--directions", paramLabel = "N",
            description = "On the software 82599: 1 (port 0 to port 1 only) or 2 (both ways; default).")
    private int directions = 2;

    @Option(names = "--strict", description = {"On the software 82599: strict mode, the driver sanitizer: the checks of",
            "the datasheet's driver rules, the ownership audit, the conflict detector and exactly aligned DMA memory;",
            "the first fault stops the run, is printed (kind, port, queue, register or descriptor, values, the rule,",
            "its usual cause) and the command exits with code " + FAULT_EXIT + "."})
    private boolean strict;

    @Option(names = "--pcap", paramLabel = "PORT[:rx|tx]=FILE", description = "On the software 82599: "
            + PcapTarget.HELP + ".")
    private Map<String, Path> pcap = Map.of();

    /** The exit code of a run stopped by a strict-mode fault. */
    static final int FAULT_EXIT = StrictPass.FAULT_EXIT;

    private final Catalog catalog;
    private final PrintStream out;

    ForwardCommand(final Catalog catalog, final PrintStream out) {
        this.catalog = catalog;
        this.out = out;
    }

    @Override
    public Integer call() {
        if (!catalog.drivers().contains(driver)) {
            throw new IllegalArgumentException("Invalid value for option '--driver': unknown driver '" + driver + "'; accepted: "
                    + (catalog.drivers().isEmpty() ? "(none registered)" : String.join(", ", catalog.drivers())));
        }
        if (!catalog.nfs().contains(nf)) {
            throw new IllegalArgumentException("Invalid value for option '--nf': unknown NF '" + nf + "'; accepted: "
                    + String.join(", ", catalog.nfs()));
        }
        if (!pci.isEmpty() && pci.size() != 2) {
            throw new IllegalArgumentException("Invalid value for option '--pci': give two ports, e.g. 0000:03:00.0,0000:03:00.1; got "
                    + pci.size());
        }
        if (!(rateGbps >= 0 && rateGbps <= 10)) {
            throw new IllegalArgumentException("Invalid value for option '--rate': must be in [0, 10] Gb/s per direction, was " + rateGbps);
        }
        if (seconds < 0) {
            throw new IllegalArgumentException("Invalid value for option '--seconds': must be >= 0, was " + seconds);
        }
        if (!pci.isEmpty() && (strict || !pcap.isEmpty())) {
            throw new IllegalArgumentException("Invalid value for option '--pci': --strict and --pcap work on the software"
                    + " 82599 only; leave out --pci to use it");
        }
        final List<PcapTarget> captures = PcapTarget.parse(pcap);
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("Invalid value for option '--directions': 1 or 2, was " + directions);
        }
        try (Forwarding forwarding = open(captures)) {
            return forward(forwarding);
        }
    }

    private Forwarding open(final List<PcapTarget> captures) {
        if (!pci.isEmpty()) {
            return new HardwareForwarding(pci, driver, driverOptions, nf, nfOptions);
        }
        final Workload workload = Workload.of("forward-" + nf, nf, nfOptions, directions, catalog.layer(nf), 0, 0, 1);
        final ModelTestbed testbed = ModelTestbed.open(workload, catalog.driver(driver), Placement.trialCpus(), strict);
        for (final PcapTarget capture : captures) {
            testbed.tap(capture.port(), capture.open());
        }
        return new Forwarding() {
            @Override
            public String faults() {
                return testbed.faultReport();
            }

            @Override
            public void start() {
                testbed.startForwarding(rateGbps);
            }

            @Override
            public void stop() {
                testbed.stopForwarding();
            }

            @Override
            public long statistic(final int port, final int offset) {
                return testbed.readStatistic(port, offset);
            }

            @Override
            public DriverCounters counters() {
                return testbed.driverCounters();
            }

            @Override
            public String where() {
                return String.format(Locale.ROOT, "the software 82599 (tester: %.3f Gb/s per direction, %d direction%s)",
                        rateGbps, directions, directions == 1 ? "" : "s");
            }

            @Override
            public void close() {
                testbed.close();
            }
        };
    }

    /** Forwards until interrupted or for {@code seconds}, printing the cards' counters each second. */
    private int forward(final Forwarding forwarding) {
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final Thread hook = new Thread(() -> {
            interrupted.set(true);
            try {
                done.await(10, TimeUnit.SECONDS); // let the loop stop the driver and print the summary
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "forward-summary");
        Runtime.getRuntime().addShutdownHook(hook);
        final long[][] totals = new long[2][3];
        try {
            out.printf(Locale.ROOT, "forwarding with %s and NF %s on %s; Ctrl-C to stop%n", driver, nf, forwarding.where());
            out.println("   time | per port: received/s transmitted/s dropped/s (GPRC, GPTC, MPC + QPRDC)");
            forwarding.start();
            final long start = System.nanoTime();
            for (int second = 1; !interrupted.get() && (seconds == 0 || second <= seconds); second++) {
                final long due = start + second * 1_000_000_000L;
                while (!interrupted.get() && System.nanoTime() - due < 0 && (!strict || forwarding.faults().isEmpty())) {
                    LockSupport.parkNanos(Math.min(50_000_000L, due - System.nanoTime()));
                }
                final String faults = strict ? forwarding.faults() : "";
                if (!faults.isEmpty()) {
                    forwarding.stop();
                    out.println("stopped: the driver broke a rule of the card (strict mode)");
                    out.println(faults);
                    return FAULT_EXIT;
                }
                final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5d s ", second));
                for (int p = 0; p < 2; p++) {
                    final long[] now = read(forwarding, p);
                    for (int k = 0; k < 3; k++) {
                        totals[p][k] += now[k];
                    }
                    line.append(String.format(Locale.ROOT, "| port %d: %,11d %,11d %,9d ", p, now[0], now[1], now[2]));
                }
                out.println(line);
            }
            forwarding.stop();
            if (strict && !forwarding.faults().isEmpty()) {
                out.println("stopped: the driver broke a rule of the card (strict mode)");
                out.println(forwarding.faults());
                return FAULT_EXIT;
            }
            for (int p = 0; p < 2; p++) {
                final long[] now = read(forwarding, p);
                for (int k = 0; k < 3; k++) {
                    totals[p][k] += now[k];
                }
            }
            out.println("summary:");
            for (int p = 0; p < 2; p++) {
                out.printf(Locale.ROOT, "  port %d: received %,d, transmitted %,d, dropped by the card %,d%n", p, totals[p][0],
                        totals[p][1], totals[p][2]);
            }
            out.println("  driver: " + forwarding.counters());
            return 0;
        } finally {
            done.countDown();
            if (!interrupted.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    /** Received, transmitted and dropped frames of one port since the last read (the registers clear on read). */
    private static long[] read(final Forwarding forwarding, final int port) {
        long dropped = 0;
        for (int n = 0; n < 8; n++) {
            dropped += forwarding.statistic(port, Regs.MPC(n));
        }
        for (int n = 0; n < 16; n++) {
            dropped += forwarding.statistic(port, Regs.QPRDC(n));
        }
        return new long[] {forwarding.statistic(port, Regs.GPRC), forwarding.statistic(port, Regs.GPTC), dropped};
    }
}
