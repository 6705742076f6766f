package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.Experiment;
import org.junit.jupiter.api.Test;

class MainTest {

    static final Map<String, Integer> LAYERS = Map.of("nop", 2, "bridge", 2, "nat", 4, "policer", 3, "firewall", 4, "lb", 4);
    static final Catalog ALL = Catalog.of(Experiment.EVERY_DRIVER, List.copyOf(LAYERS.keySet()), LAYERS::get);

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ALL);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineError(final Outcome o, final String expectedStart) {
        assertEquals(Main.USAGE_ERROR, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith(expectedStart), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void noCommandMeansRun() {
        assertArrayEquals(new String[] {"run"}, Main.withDefaultCommand(new String[0]));
        assertArrayEquals(new String[] {"run", "--profile", "paper"}, Main.withDefaultCommand(new String[] {"--profile", "paper"}));
        assertArrayEquals(new String[] {"--help"}, Main.withDefaultCommand(new String[] {"--help"}));
        assertArrayEquals(new String[] {"list"}, Main.withDefaultCommand(new String[] {"list"}));
    }

    @Test
    void helpListsTheCommands() {
        final Outcome o = run("--help");
        assertEquals(0, o.code());
        for (final String command : List.of("run", "merge", "forward", "external", "plot", "list", "sim-check", "cost",
                "callgrind-cost", "cost-jmh", "device-accesses", "contention-trace", "complexity")) {
            assertTrue(o.out().contains("  " + command + " "), o.out());
        }
    }

    @Test
    void runHelpListsEveryOption() {
        final Outcome o = run("run", "--help");
        assertEquals(0, o.code());
        for (final String option : List.of("--experiments", "--drivers", "--nfs", "--profile", "--rates", "--repetitions",
                "--loss-threshold", "--output", "--resume", "--dry-run")) {
            assertTrue(o.out().contains(option), option + " missing from:\n" + o.out());
        }
    }

    @Test
    void dryRunPrintsThePlanAndItsBudget() {
        final Outcome o = run("--dry-run");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("nicharness run: profile quick, "), o.out());
        assertTrue(o.out().contains("fig6+fig7+fig8 policer-2way"), o.out());
        assertTrue(o.out().contains("total"), o.out());
        assertFalse(o.out().contains("exceeds"), o.out());
    }

    @Test
    void badValuesAreOneLineNamingTheOptionAndTheAcceptedValues() {
        assertOneLineError(run("--profile", "fast"), "error: Invalid value for option '--profile': expected one of [quick, paper, smoke]");
        assertOneLineError(run("--experiments", "fig5"), "error: Invalid value for option '--experiments'");
        assertTrue(run("--experiments", "fig5").err().contains("accepted: fig6, fig7, fig8, fig9, fig10, fig11, table3, device-cost"));
        assertOneLineError(run("--drivers", "tinyfn", "--dry-run"),
                "error: Invalid value for option '--drivers': unknown driver 'tinyfn'; accepted: dpdk-verified, dpdk-verified-policer, dpdk, dpdk-batched, dpdk-batched-policer, ixy, ixy-batched, tinynf");
        assertOneLineError(run("--nfs", "router", "--dry-run"), "error: Invalid value for option '--nfs': unknown NF 'router'");
        assertOneLineError(run("--rates", "fast"), "error: Invalid value for option '--rates'");
        assertOneLineError(run("--repetitions", "0", "--dry-run"), "error: Invalid value for option '--repetitions'");
        assertOneLineError(run("--repetitions", "three"), "error: Invalid value for option '--repetitions'");
        assertOneLineError(run("--loss-threshold", "2", "--dry-run"), "error: Invalid value for option '--loss-threshold'");
        assertOneLineError(run("--frobnicate"), "error: Unknown option: '--frobnicate'");
        assertOneLineError(run("forward", "--driver", "e1000"), "error: Invalid value for option '--driver': unknown driver 'e1000'");
        assertOneLineError(run("forward", "--pci", "0000:03:00.0"), "error: Invalid value for option '--pci'");
    }

    @Test
    void listNamesDriversNfsExperimentsAndProfiles() {
        final Outcome o = run("list");
        assertEquals(0, o.code(), o.err());
        for (final String text : List.of("tinynf", "dpdk-batched", "policer", "layer 3", "fig11", "table3", "device-cost", "quick", "paper",
                "dpdk-and-tinynf  dpdk, dpdk-batched, tinynf", "table4-nfs")) {
            assertTrue(o.out().contains(text), text + " missing from:\n" + o.out());
        }
    }
}
