package nicharness.harness;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import nicharness.testbed.DriverRig;

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
     * Runs the pass for {@code driver} with {@code nf}, recording the wires {@code pcap} names.
     *
     * @return the faults the ports recorded, as a report for a driver author, or empty if none
     */
    static String check(final String driver, final String nf, final List<PcapTarget> pcap) {
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred(driver, nf).withStrict(true))) {
            for (final PcapTarget target : pcap) {
                rig.port(target.port()).tap(target.open());
            }
            try {
                for (int round = 0; round < ROUNDS && rig.ports().faultReport().isEmpty(); round++) {
                    rig.round();
                    rig.refill();
                }
            } catch (final RuntimeException e) {
                if (rig.ports().faultReport().isEmpty()) {
                    throw e;
                }
            }
            final String report = rig.ports().faultReport();
            for (int port = 0; port < DriverRig.PORTS; port++) {
                rig.port(port).tap(null); // flushes and closes the capture
            }
            return report;
        }
    }

    /**
     * Runs the pass for each of {@code pairs} (driver, NF), printing what it does; the first that
     * faults is printed and ends the pass.
     *
     * @return whether every pair passed
     */
    public static boolean checkAll(final Iterable<Map.Entry<String, String>> pairs, final List<PcapTarget> pcap,
                                   final PrintStream out) {
        for (final Map.Entry<String, String> pair : pairs) {
            final String report = check(pair.getKey(), pair.getValue(),
                    pcap.stream().map(t -> t.taggedWith(pair.getKey(), pair.getValue())).toList());
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
}
