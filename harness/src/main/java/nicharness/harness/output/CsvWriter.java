package nicharness.harness.output;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The one way the harness writes a results file, so that every file has the same form: UTF-8,
 * {@code #} comment lines above the header where the file says which machine and settings its
 * numbers belong to, a header naming the columns, a line feed after every record, and a value
 * quoted only when it must be (Commons CSV's default). {@link CsvFile} reads them back.
 *
 * <p>A file is written in one of two ways. {@link #append} keeps it open and adds one row at a
 * time, each flushed at once, so that an interrupted run loses nothing and a later session
 * continues the file where the earlier one stopped. {@link #replace} writes a whole file through a
 * temporary one beside it, so that the file on disk is always either the old one or the new.
 */
public final class CsvWriter implements Closeable {

    /** Records alone, for a file that already has its comments and header. */
    private static final CSVFormat RECORDS = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setCommentMarker('#').get();

    private final CSVPrinter printer;

    private CsvWriter(final CSVPrinter printer) {
        this.printer = printer;
    }

    /**
     * Opens {@code file} to add rows at its end. A file that is absent or empty is started with
     * {@code comments} and the header; an existing one (a resumed run's) keeps its own comments and
     * must already have exactly {@code header} (its rows are the reader's to judge: a resumed run's
     * last rows may have been cut short by the interruption).
     *
     * @param comments lines for the top of a new file, without their {@code #}
     * @throws MalformedResultsException if the file exists with other columns (another version of
     *                                   the harness wrote it) or is not valid CSV
     */
    public static CsvWriter append(final Path file, final List<String> header, final List<String> comments) throws IOException {
        final boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        if (!fresh) {
            CsvFile.readWithShortRecords(file, header).withHeader(header);
        }
        createFolder(file);
        return new CsvWriter(new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), fresh ? start(header, comments) : RECORDS));
    }

    /**
     * Writes {@code file} whole: {@code comments}, the header and {@code rows}, replacing any file
     * there, through a temporary file so that the old file stays if writing fails.
     *
     * @param comments lines for the top of the file, without their {@code #}
     * @param rows     each row's values, in header order; a value is written as its {@code toString},
     *                 an empty cell for null
     */
    public static void replace(final Path file, final List<String> header, final List<String> comments,
                               final List<? extends Iterable<?>> rows) throws IOException {
        createFolder(file);
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (CSVPrinter printer = new CSVPrinter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8), start(header, comments))) {
            for (final Iterable<?> row : rows) {
                printer.printRecord(row);
            }
        } catch (final IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Adds one row (values in header order) and flushes it to the file. */
    public void row(final Iterable<?> values) throws IOException {
        printer.printRecord(values);
        printer.flush();
    }

    /** Adds one row (values in header order) and flushes it to the file. */
    public void row(final Object... values) throws IOException {
        row(Arrays.asList(values));
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }

    /** The format of a file's first lines: the comments, then the header. */
    private static CSVFormat start(final List<String> header, final List<String> comments) {
        return RECORDS.builder().setHeaderComments(comments.toArray()).setHeader(header.toArray(String[]::new)).get();
    }

    private static void createFolder(final Path file) throws IOException {
        final Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
    }
}
