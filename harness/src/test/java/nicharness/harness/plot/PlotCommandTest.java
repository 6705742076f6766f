package nicharness.harness.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nicharness.harness.Main;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.Experiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nicharness plot}: the command line's way to {@link Plots#renderAll}. */
class PlotCommandTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Catalog.of(Experiment.EVERY_DRIVER, List.of("nop"), nf -> 2));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void drawsTheChartsOfAResultsFolderIntoTheGivenFolder(@TempDir final Path folder) throws URISyntaxException, IOException {
        final Path results = Path.of(PlotCommandTest.class.getResource("/plot/results").toURI());
        final Outcome o = run("plot", results.toString(), "--output", folder.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("drew " + PlotsTest.EXPECTED.size() + " charts (PNG and SVG) from "), o.out());
        try (var files = Files.list(folder)) {
            assertEquals(2 * PlotsTest.EXPECTED.size(), files.count());
        }
    }

    @Test
    void aMalformedFileFailsWithOneLineNamingTheChartsFileAndLine(@TempDir final Path folder) throws IOException {
        Files.writeString(folder.resolve("summary.csv"), "workload,driver\nnop-2way,tinynf\n");
        final Outcome o = run("plot", folder.toString(), "-o", folder.resolve("plots").toString());
        assertEquals(Main.RUN_ERROR, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().startsWith("error: plot: charts left out for malformed data: fig6-policer-median-latency, "), o.err());
        assertTrue(o.err().contains(folder.resolve("summary.csv") + ", line 1: no column experiments"), o.err());
        assertFalse(o.err().contains("Exception"), o.err());
    }

    @Test
    void anInconsistentRowCostsItsChartOnlyAndTheCommandFailsNamingIt(@TempDir final Path folder) throws IOException {
        final Path results = PlotsTest.copyOfFixture(Files.createDirectory(folder.resolve("results")));
        // the counts of the run: a level where one repetition returned no probe
        final Path summary = PlotsTest.withCell(results, 385, "repetitions", "2");
        PlotsTest.withCell(results, 385, "tester_limited_repetitions", "3");
        final Outcome o = run("plot", results.toString());
        assertEquals(Main.RUN_ERROR, o.code());
        assertTrue(o.out().contains("drew " + (PlotsTest.EXPECTED.size() - 1) + " charts"), o.out());
        assertEquals("error: plot: charts left out for malformed data: table3-median-latency: " + summary + ", line 385: "
                + "repetitions=2, tester_limited_repetitions=3 and overloaded_repetitions=0 are not counts of the same repetitions",
                o.err().strip().lines().toList().getLast());
        assertTrue(Files.exists(folder.resolve("plots").resolve("table3-throughput.png")), "the other charts are drawn");
        assertFalse(Files.exists(folder.resolve("plots").resolve("table3-median-latency.png")));
    }

    @Test
    void thePlotsGoBesideTheResultsByDefault() {
        assertEquals(Path.of("/data/run1").toAbsolutePath().resolveSibling("plots"), PlotCommand.defaultPlotsFolder(Path.of("/data/run1")));
        final Outcome help = run("--help");
        assertTrue(help.out().contains("  plot "), help.out());
    }
}
