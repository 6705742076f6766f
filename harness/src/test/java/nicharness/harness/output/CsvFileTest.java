package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFileTest {

    @TempDir
    Path folder;

    private Path write(final String text) throws IOException {
        final Path file = folder.resolve("table.csv");
        Files.writeString(file, text);
        return file;
    }

    private static void assertNames(final MalformedResultsException e, final Path file, final long line, final String... parts) {
        assertEquals(file, e.file());
        assertEquals(line, e.line());
        assertTrue(e.getMessage().startsWith(file + (line > 0 ? ", line " + line : "") + ": "), e.getMessage());
        for (final String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        }
    }

    @Test
    void recordsKnowTheLineTheyStartOnEvenAfterAQuotedLineBreak() throws IOException {
        final Path file = write("a,b,note\n1,2,plain\n3,4,\"two\nlines\"\n5,6,last\n");
        final CsvFile csv = CsvFile.read(file, List.of("a", "b"));
        assertEquals(List.of("a", "b", "note"), csv.header());
        assertEquals(List.of(2L, 3L, 5L), csv.rows().stream().map(CsvFile.Row::line).toList());
        assertEquals(5, csv.rows().get(2).number("a"));
        assertEquals("two\nlines", csv.rows().get(1).text("note"));
    }

    @Test
    void commentLinesAboveTheHeaderAreKeptAndCounted() throws IOException {
        final Path file = write("# cpu: AMD EPYC\n# jvm: OpenJDK 25\na,b\n1,x\n");
        final CsvFile csv = CsvFile.read(file, List.of("a"));
        assertEquals(List.of("cpu: AMD EPYC", "jvm: OpenJDK 25"), csv.comments());
        final MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> csv.rows().getFirst().number("b"));
        assertNames(e, file, 4, "column b holds 'x', expected a finite number");
    }

    @Test
    void aMissingFileIsNamed() {
        final Path file = folder.resolve("summary.csv");
        assertNames(assertThrows(MalformedResultsException.class, () -> CsvFile.read(file, List.of("a"))), file, 0, "no such file");
    }

    @Test
    void anEmptyFileSaysWhichColumnsWereExpected() throws IOException {
        final Path file = write("");
        assertNames(assertThrows(MalformedResultsException.class, () -> CsvFile.read(file, List.of("median", "max"))), file, 0,
                "empty", "median, max");
    }

    @Test
    void aMissingColumnIsNamedWithTheHeaderFound() throws IOException {
        final Path file = write("driver,min,max\ntinynf,1,2\n");
        assertNames(assertThrows(MalformedResultsException.class, () -> CsvFile.read(file, List.of("driver", "median"))), file, 1,
                "no column median", "[driver, min, max]");
    }

    @Test
    void aRecordCutShortNamesItsLineAndBothCounts() throws IOException {
        final Path file = write("a,b,c\n1,2,3\n4,5\n");
        assertNames(assertThrows(MalformedResultsException.class, () -> CsvFile.read(file, List.of("a"))), file, 3,
                "2 values, but the header names 3 columns");
    }

    @Test
    void aRecordCutShortIsKeptWithEmptyCellsOnlyWhenAsked() throws IOException {
        final Path file = write("a,b,c\n1,2,3\n4,5\n");
        final CsvFile csv = CsvFile.readWithShortRecords(file, List.of("a"));
        assertEquals(List.of(2L, 3L), csv.rows().stream().map(CsvFile.Row::line).toList());
        assertEquals(java.util.Map.of("a", "4", "b", "5", "c", ""), csv.rows().get(1).asMap());
        assertNames(assertThrows(MalformedResultsException.class, () -> CsvFile.readWithShortRecords(write("a,b\n1,2,3\n"),
                List.of("a"))), file, 2, "3 values, but the header names 2 columns");
    }

    @Test
    void aValueThatIsNotANumberNamesLineColumnAndValue() throws IOException {
        final Path file = write("a,b\n1,2\n3,fast\n");
        final CsvFile csv = CsvFile.read(file, List.of("a", "b"));
        assertNames(assertThrows(MalformedResultsException.class, () -> csv.rows().get(1).number("b")), file, 3,
                "column b holds 'fast', expected a finite number");
        assertEquals(2, csv.rows().get(0).integer("b"));
        assertTrue(Double.isNaN(CsvFile.read(write("a,b\n1,\n"), List.of("a")).rows().getFirst().numberOrNaN("b")));
    }

    @Test
    void infinityAndEmptyAreNotNumbers() throws IOException {
        final Path file = write("a,b\nInfinity,\n");
        final CsvFile.Row row = CsvFile.read(file, List.of("a")).rows().getFirst();
        assertNames(assertThrows(MalformedResultsException.class, () -> row.number("a")), file, 2, "'Infinity'");
        assertNames(assertThrows(MalformedResultsException.class, () -> row.number("b")), file, 2, "column b holds ''");
    }

    @Test
    void brokenQuotingIsReportedAsNotCsvWithTheFile() throws IOException {
        final Path file = write("a,b\n1,\"open\n2,3\n");
        assertNames(assertThrows(MalformedResultsException.class, () -> CsvFile.read(file, List.of("a"))), file, 0,
                "not valid CSV");
    }
}
