package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nicharness.driver.DriverPart.Part;
import nicharness.metrics.fixture.driver.ToyAgent;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV table, the function lists and the paper's numbers, on the toy driver labelled as TinyNF. */
class ComplexityReportTest {

    private static final Path SOURCES = Path.of("src/test/java");

    private static List<PartMetrics> rows() {
        final CodeBase toy = CodeBase.of("tinynf", "nicharness.metrics.fixture.driver", ToyAgent.class, List.of());
        return ComplexityReport.measure(List.of(toy), new SourceLines(List.of(SOURCES)), SOURCES,
                c -> new PathDeclarations("tinynf", Map.of("ToyAgent.outputs", "O"), Map.of()));
    }

    @Test
    void theCsvIsTidyOneRowPerDriverPartAndOutputs(@TempDir final Path directory) throws IOException {
        final List<PartMetrics> rows = rows();
        final Path file = directory.resolve(ComplexityReport.CSV_FILE);
        ComplexityReport.writeCsv(rows, file);

        final List<CSVRecord> records;
        try (Reader reader = Files.newBufferedReader(file)) {
            records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
        }
        assertEquals(3 * ComplexityReport.OUTPUTS.size(), records.size());
        assertEquals(ComplexityReport.COLUMNS, records.getFirst().getParser().getHeaderNames());

        final CSVRecord transmit = records.stream()
                .filter(r -> r.get("part").equals("transmit") && r.get("outputs").equals("3")).findFirst().orElseThrow();
        assertEquals("tinynf", transmit.get("driver"));
        assertEquals("2", transmit.get("functions"));
        assertEquals("13", transmit.get("loc"));
        assertEquals("2", transmit.get("paths"));
        assertEquals("1", transmit.get("paper_functions"));
        assertEquals("29", transmit.get("paper_loc"));
        assertEquals("2 + 2^O (0 failing)", transmit.get("paper_paths_formula"));
        assertEquals("10", transmit.get("paper_paths_value"), "2 + 2^3");

        final CSVRecord init = records.stream().filter(r -> r.get("part").equals("init")).findFirst().orElseThrow();
        assertEquals("249", init.get("paper_loc"));
        assertEquals("", init.get("paper_paths_value"), "the paper does not count init paths");
        assertEquals("1", init.get("failure_paths"));
    }

    @Test
    void theFunctionListsNameEveryFunctionOfEveryPart(@TempDir final Path directory) throws IOException {
        final Path file = directory.resolve(ComplexityReport.FUNCTIONS_FILE);
        ComplexityReport.writeFunctions(rows(), file);
        final String text = Files.readString(file);
        assertTrue(text.contains("## tinynf, transmit: 2 functions, 13 lines, cyclomatic 4"), text);
        assertTrue(text.contains("| `ToyAgent.flush()` | nicharness/metrics/fixture/driver/ToyAgent.java:"), text);
        assertTrue(text.contains("Paths for O = 1..4: 2, 2, 2, 2 (all outputs in one call"), text);
    }

    @Test
    void theConsoleTablePutsThePapersNumbersBesideOurs() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ComplexityReport.printTable(rows(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        final List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), "a header and init, receive, transmit");
        assertTrue(lines.get(3).matches("tinynf +transmit +2 +13 +2 +4 +1 +29 +4"), lines.get(3));
    }

    @Test
    void thePapersFormulasEvaluateToItsNumbers() {
        final PaperTable2 tinyTransmit = PaperTable2.cell("tinynf", Part.TRANSMIT).orElseThrow();
        assertEquals(List.of(4, 6, 10, 18), ComplexityReport.OUTPUTS.stream()
                .map(o -> tinyTransmit.pathsFor(o).orElseThrow().intValueExact()).toList());
        assertEquals(BigInteger.valueOf(3), PaperTable2.cell("tinynf", Part.RECEIVE).orElseThrow().pathsFor(1).orElseThrow());
        assertEquals(BigInteger.valueOf(14 * 14), PaperTable2.cell("ixy", Part.TRANSMIT).orElseThrow().pathsFor(2).orElseThrow(),
                "ixy: (6 + 8)^O with P = 1");
        assertEquals(BigInteger.valueOf(290), PaperTable2.cell("dpdk", Part.RECEIVE).orElseThrow().pathsFor(1).orElseThrow());
        assertEquals(new BigInteger("60129542152"),
                PaperTable2.cell("dpdk", Part.TRANSMIT).orElseThrow().pathsFor(1).orElseThrow(), "8 + 14 * 2^32");
        assertEquals(3207, PaperTable2.cell("dpdk", Part.INIT).orElseThrow().loc());
        assertTrue(PaperTable2.cell("dpdk", Part.INIT).orElseThrow().pathsFor(1).isEmpty());
    }
}
