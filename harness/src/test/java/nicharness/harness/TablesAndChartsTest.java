package nicharness.harness;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steps of the default run after the trials, on the chart fixture's results folder (with its
 * Table 2 and Table 4 files, kept as {@code --resume} keeps them, so that nothing is measured).
 */
class TablesAndChartsTest {

    /** The charts the fixture allows, as {@code PlotsTest} lists them. */
    private static final int CHARTS = 17;

    private static Path copyOfFixture(final Path to) throws IOException, URISyntaxException {
        final Path fixture = Path.of(TablesAndChartsTest.class.getResource("/plot/results").toURI());
        try (Stream<Path> files = Files.list(fixture)) {
            for (final Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }

    private static List<String> pngs(final Path plots) throws IOException {
        try (Stream<Path> files = Files.list(plots)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
    }

    @Test
    void aCompleteFolderDrawsEveryChartAndFailsNoStep(@TempDir final Path folder) throws Exception {
        final Path results = copyOfFixture(Files.createDirectory(folder.resolve("results")));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> failed = new TablesAndCharts(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(results, folder.resolve("plots"), folder, true);
        assertEquals(List.of(), failed, out.toString(StandardCharsets.UTF_8));
        assertEquals(CHARTS, pngs(folder.resolve("plots")).size());
    }

    @Test
    void anInconsistentRowLeavesOutItsChartDrawsTheOthersAndFailsTheStepNamingIt(@TempDir final Path folder) throws Exception {
        final Path results = copyOfFixture(Files.createDirectory(folder.resolve("results")));
        // the row: a latency level counted over 2 repetitions, 3 of them tester-limited
        final Path summary = results.resolve("summary.csv");
        final List<String> lines = new ArrayList<>(Files.readAllLines(summary));
        final List<String> header = Arrays.asList(lines.getFirst().split(","));
        final String[] cells = lines.get(384).split(",", -1);
        assertEquals("latency_p50_ns", cells[header.indexOf("metric")], "line 385 is a Table 3 median latency");
        cells[header.indexOf("repetitions")] = "2";
        cells[header.indexOf("tester_limited_repetitions")] = "3";
        lines.set(384, String.join(",", cells));
        Files.write(summary, lines);

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final List<String> failed = new TablesAndCharts(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(results, folder.resolve("plots"), folder, true);

        final String expected = "table3-median-latency: " + summary + ", line 385: repetitions=2, tester_limited_repetitions=3 "
                + "and overloaded_repetitions=0 are not counts of the same repetitions";
        assertEquals(List.of("charts: left out for malformed data: " + expected), failed);
        final List<String> drawn = pngs(folder.resolve("plots"));
        assertEquals(CHARTS - 1, drawn.size(), "every other chart is drawn: " + drawn);
        assertFalse(drawn.contains("table3-median-latency.png"));
        assertTrue(drawn.contains("table3-p99-latency.png") && drawn.contains("fig9-nop-median-latency.png"), drawn.toString());
        final String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("chart left out: " + expected), printed);
        assertTrue(printed.contains("Table 2: kept") && printed.contains("Table 4: kept"), printed);
    }
}
