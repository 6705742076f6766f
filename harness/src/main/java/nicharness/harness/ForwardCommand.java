package nicharness.harness;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nicharness.harness.plan.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
        throw new IllegalStateException("forward needs the software 82599 and the drivers, which are not part of this build yet");
    }
}
