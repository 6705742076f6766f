package nicharness.harness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import nicharness.bench.driver.DriverRig;
import nicharness.model.NicModel;
import nicharness.model.PcapWriter;

/**
 * The sanitizer's pass of {@code run --strict} and {@code cost --strict}: before a driver and NF
 * are measured, they forward {@link #ROUNDS} rounds of traffic between two ports of the software
 * 82599 in strict mode (the checks of the datasheet's driver rules, the ownership audit, the
 * conflict detector, exactly aligned DMA memory), deferred engines, so that the measured runs, which
 * keep strict mode off to time the driver rather than the checks, measure a driver that breaks no
 * rule of the card. With {@code --pcap} the pass records the ports' wires.
 */
public final class StrictPass {
    /** The exit code of a command stopped by a strict-mode fault. */
    public static final int FAULT_EXIT = 3;

    /** Rounds of the pass: every frame of both ports through the driver this many times (about 0.1 s). */
    static final int ROUNDS = 64;

    private StrictPass() {
    }

    /**
     * Runs the pass for {@code driver} with {@code nf}; records port p's wire to {@code pcap.get(p)}.
     *
     * @return the faults the ports recorded, as a report for a driver author, or empty if none
     */
    static String check(final String driver, final String nf, final Map<Integer, Path> pcap) {
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred(driver, nf).withStrict(true))) {
            pcap.forEach((port, file) -> rig.port(port).tap(PcapWriter.open(file, PcapWriter.Direction.BOTH,
                    PcapWriter.Precision.NANOSECONDS)));
            try {
                for (int round = 0; round < ROUNDS && report(rig).isEmpty(); round++) {
                    rig.round();
                    rig.refill();
                }
            } catch (final RuntimeException e) {
                if (report(rig).isEmpty()) {
                    throw e;
                }
            }
            final String report = report(rig);
            for (int port = 0; port < DriverRig.PORTS; port++) {
                rig.port(port).tap(null); // flushes and closes the capture
            }
            return report;
        }
    }

    private static String report(final DriverRig rig) {
        final StringBuilder report = new StringBuilder();
        for (int port = 0; port < DriverRig.PORTS; port++) {
            final NicModel nic = rig.port(port);
            if (nic.faults().count() > 0) {
                report.append(report.isEmpty() ? "" : "\n").append("port ").append(port).append(": ")
                        .append(nic.faults().report());
            }
        }
        return report.toString();
    }

    /**
     * Runs the pass for each of {@code pairs} (driver, NF), printing what it does; the first that
     * faults is printed and ends the pass.
     *
     * @return whether every pair passed
     */
    public static boolean checkAll(final Iterable<Map.Entry<String, String>> pairs, final Map<Integer, Path> pcap,
                            final PrintStream out) {
        for (final Map.Entry<String, String> pair : pairs) {
            final String report = check(pair.getKey(), pair.getValue(), pcapFor(pcap, pair.getKey(), pair.getValue()));
            if (!report.isEmpty()) {
                out.println("stopped: " + pair.getKey() + " with NF " + pair.getValue()
                        + " broke a rule of the card (strict mode):");
                out.println(report);
                return false;
            }
            out.println("strict pass: " + pair.getKey() + " with NF " + pair.getValue() + ": no fault in " + ROUNDS
                    + " rounds");
        }
        return true;
    }

    /** The ports of {@code --pcap}: the software 82599's two. */
    public static void checkPcapPorts(final Map<Integer, Path> pcap) {
        for (final int port : pcap.keySet()) {
            if (port != 0 && port != 1) {
                throw new IllegalArgumentException("Invalid value for option '--pcap': port must be 0 or 1, was " + port);
            }
        }
    }

    /** Each pair's capture of port p: FILE with "-driver-nf" before its extension, so that pairs do not overwrite each other. */
    static Map<Integer, Path> pcapFor(final Map<Integer, Path> pcap, final String driver, final String nf) {
        final Map<Integer, Path> files = new java.util.TreeMap<>();
        pcap.forEach((port, file) -> {
            final String name = file.getFileName().toString();
            final int dot = name.lastIndexOf('.');
            final String tagged = dot > 0 ? name.substring(0, dot) + "-" + driver + "-" + nf + name.substring(dot)
                    : name + "-" + driver + "-" + nf;
            files.put(port, file.resolveSibling(tagged));
        });
        return files;
    }
}
