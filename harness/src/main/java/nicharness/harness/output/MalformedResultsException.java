package nicharness.harness.output;

import java.nio.file.Path;

/**
 * A results file that cannot be read back ({@link CsvFile}) or continued ({@link CsvWriter}):
 * missing, unreadable, not CSV, without a column its reader needs, with other columns than the
 * writer continuing it, or with a value that is not what its column holds. The message names the
 * file and, when the fault is in one record, its line, with what was expected, so that the file
 * can be fixed or the run repeated.
 */
public final class MalformedResultsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long line;

    /**
     * @param file    the file at fault
     * @param line    the line of the record at fault (1 is the header), or 0 for the whole file
     * @param problem what is wrong and, where it helps, what to do
     */
    public MalformedResultsException(final Path file, final long line, final String problem) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The line of the record at fault (1 is the header), or 0 when the fault is the whole file's. */
    public long line() {
        return line;
    }
}
