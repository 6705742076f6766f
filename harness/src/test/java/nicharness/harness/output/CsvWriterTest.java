package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer of results files, and {@link CsvFile} reading back what it wrote. */
class CsvWriterTest {

    private static final List<String> HEADER = List.of("driver", "value", "note");

    @TempDir
    Path folder;

    /** One session of a run: opens {@code file} to append, adds {@code row}, closes it. */
    private static void session(final Path file, final List<String> comments, final Object... row) throws IOException {
        try (CsvWriter csv = CsvWriter.append(file, HEADER, comments)) {
            csv.row(row);
        }
    }

    @Test
    void aNewFileHasItsCommentsThenItsHeaderThenOneLineFeedPerRow() throws IOException {
        final Path file = folder.resolve("cost.csv");
        try (CsvWriter csv = CsvWriter.append(file, HEADER, List.of("cpu: AMD EPYC", "profile: quick"))) {
            csv.row("tinynf", 1.5, "");
            csv.row(List.of("dpdk", "2", "x"));
        }
        assertEquals("# cpu: AMD EPYC\n# profile: quick\ndriver,value,note\ntinynf,1.5,\ndpdk,2,x\n", Files.readString(file));
    }

    @Test
    void eachRowIsInTheFileAsSoonAsItIsWritten() throws IOException {
        final Path file = folder.resolve("trials.csv");
        try (CsvWriter csv = CsvWriter.append(file, HEADER, List.of())) {
            csv.row("tinynf", 1, "first");
            assertEquals("driver,value,note\ntinynf,1,first\n", Files.readString(file), "flushed before the writer is closed");
        }
    }

    @Test
    void resumingAddsRowsBelowTheOldOnesWithoutASecondHeaderOrNewComments() throws IOException {
        final Path file = folder.resolve("trials.csv");
        session(file, List.of("session 1"), "tinynf", 1, "");
        session(file, List.of("session 2"), "dpdk", 2, "");
        assertEquals("# session 1\ndriver,value,note\ntinynf,1,\ndpdk,2,\n", Files.readString(file));
    }

    @Test
    void anEmptyFileIsStartedAsANewOne() throws IOException {
        final Path file = folder.resolve("trials.csv");
        Files.writeString(file, "");
        session(file, List.of(), "tinynf", 1, "");
        assertEquals("driver,value,note\ntinynf,1,\n", Files.readString(file));
    }

    @Test
    void resumingAFileWithOtherColumnsIsRefusedNamingTheFileAndItsHeaderLine() throws IOException {
        final Path file = folder.resolve("trials.csv");
        Files.writeString(file, "# written by an older version\nnote,driver,value\nx,tinynf,1\n");
        final MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> CsvWriter.append(file, HEADER, List.of()));
        assertEquals(file, e.file());
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("[note, driver, value]") && e.getMessage().contains("[driver, value, note]"), e.getMessage());
        assertEquals("# written by an older version\nnote,driver,value\nx,tinynf,1\n", Files.readString(file), "left as it was");
    }

    @Test
    void resumingAFileThatIsNotCsvIsRefusedNamingTheFile() throws IOException {
        final Path file = folder.resolve("trials.csv");
        Files.writeString(file, "driver,value,note\ntinynf,1,\"open\n");
        final MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> CsvWriter.append(file, HEADER, List.of()));
        assertTrue(e.getMessage().startsWith(file + ": not valid CSV"), e.getMessage());
    }

    @Test
    void replaceWritesTheWholeFileAndLeavesNoTemporaryOne() throws IOException {
        final Path file = folder.resolve("new").resolve("summary.csv");
        CsvWriter.replace(file, HEADER, List.of(), List.of(List.of("tinynf", "1", "a"), List.of("dpdk", "2", "b")));
        CsvWriter.replace(file, HEADER, List.of("again"), List.of(List.of("ixy", "3", "c")));
        assertEquals("# again\ndriver,value,note\nixy,3,c\n", Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aReplaceThatFailsKeepsTheOldFile() throws IOException {
        final Path file = folder.resolve("summary.csv");
        CsvWriter.replace(file, HEADER, List.of(), List.of(List.of("tinynf", "1", "a")));
        final Iterable<Object> failing = () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Object next() {
                throw new IllegalStateException("the row cannot be made");
            }
        };
        assertThrows(IllegalStateException.class, () -> CsvWriter.replace(file, HEADER, List.of(), List.of(List.of("dpdk", "2", "b"),
                failing)));
        assertEquals("driver,value,note\ntinynf,1,a\n", Files.readString(file));
        assertFalse(Files.exists(folder.resolve("summary.csv.tmp")));
    }

    @Test
    void whatIsWrittenIsReadBackWithItsCommentsAndEachCellAsItWas() throws IOException {
        final Path file = folder.resolve("cost.csv");
        final List<List<String>> rows = List.of(List.of("", "#1", "a, b"), List.of("tinynf", "\"quoted\"", "two\nlines"),
                List.of(" padded ", "", "last"));
        CsvWriter.replace(file, HEADER, List.of("jvm: OpenJDK 25", "merged: 3 rows"), rows);
        final CsvFile csv = CsvFile.read(file, HEADER);
        assertEquals(List.of("jvm: OpenJDK 25", "merged: 3 rows"), csv.comments());
        assertEquals(HEADER, csv.header());
        assertEquals(rows, csv.rows().stream().map(r -> List.copyOf(r.asMap().values())).toList());
        assertEquals(List.of(4L, 5L, 7L), csv.rows().stream().map(CsvFile.Row::line).toList());
    }

    /**
     * Every results file of the reference run is one this layer writes: read and written back, it
     * is the same to the byte, so that moving a writer onto the layer cannot change its file.
     */
    @Test
    void everyCommittedResultsFileIsWrittenBackByteForByte() throws IOException {
        final Path results = ReadmeBlocks.ROOT.resolve("results");
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(results)) {
            listed.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 10, files::toString);
        for (final Path committed : files) {
            final CsvFile csv = CsvFile.read(committed, List.of());
            final Path copy = folder.resolve(committed.getFileName());
            CsvWriter.replace(copy, csv.header(), csv.comments(), csv.rows().stream().map(r -> List.copyOf(r.asMap().values())).toList());
            assertEquals(Files.readString(committed, StandardCharsets.UTF_8), Files.readString(copy, StandardCharsets.UTF_8),
                    committed + " written back through the layer");
        }
    }
}
