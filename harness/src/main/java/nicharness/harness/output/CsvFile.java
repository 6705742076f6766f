package nicharness.harness.output;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One results file read back, the one way the harness reads every file {@link CsvWriter} writes
 * (the charts, the README blocks, {@code --resume}, the shard merge, the tests): its header
 * checked for the columns the caller needs, and every record kept with the line it starts on, so
 * that a file cut short or a value that is not what its column holds is reported as
 * "file, line n: ...".
 *
 * <p>Lines starting with {@code #} before the header are comments (the per-packet-cost file
 * describes its machine there) and are kept as {@link #comments()}.
 */
public final class CsvFile {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setCommentMarker('#').setIgnoreEmptyLines(true).get();

    private final Path file;
    private final List<String> header;
    private final long headerLine;
    private final List<String> comments;
    private final List<Row> rows;

    private CsvFile(final Path file, final List<String> header, final long headerLine, final List<String> comments,
                    final List<Row> rows) {
        this.file = file;
        this.header = header;
        this.headerLine = headerLine;
        this.comments = comments;
        this.rows = rows;
    }

    /**
     * Reads {@code file}.
     *
     * @param required the columns the caller reads; others may be present
     * @throws MalformedResultsException if the file is missing or unreadable, is not CSV, lacks a
     *                                   required column, or has a record with more or fewer values
     *                                   than its header has columns
     */
    public static CsvFile read(final Path file, final List<String> required) {
        return read(file, required, false);
    }

    /**
     * Reads {@code file} as {@link #read} does, except that a record with fewer values than the
     * header has columns is kept, its missing cells empty: a run's tables, where a trial cut off
     * half-way may have left a short row that {@code --resume} then drops.
     */
    public static CsvFile readWithShortRecords(final Path file, final List<String> required) {
        return read(file, required, true);
    }

    private static CsvFile read(final Path file, final List<String> required, final boolean shortRecords) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (final NoSuchFileException e) {
            throw new MalformedResultsException(file, 0, "no such file");
        } catch (final CharacterCodingException e) {
            throw new MalformedResultsException(file, 0, "not UTF-8 text: " + e.getMessage());
        } catch (final IOException e) {
            throw new MalformedResultsException(file, 0, "cannot read it: " + e.getMessage());
        }
        final long[] lineStarts = lineStarts(text);
        try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
            final List<String> header = parser.getHeaderNames();
            if (header.isEmpty()) {
                throw new MalformedResultsException(file, 0, "empty; expected a header line naming the columns "
                        + String.join(", ", required));
            }
            final long headerLine = lineOf(lineStarts, firstNonCommentLine(text));
            final List<String> missing = required.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                throw new MalformedResultsException(file, headerLine, "no column " + String.join(", ", missing)
                        + " in the header " + header + "; the file was written by another version of the harness, "
                        + "or is not the file its name says");
            }
            final List<Row> rows = new ArrayList<>();
            for (final CSVRecord record : parser) {
                final long line = lineOf(lineStarts, record.getCharacterPosition());
                String[] values = record.values();
                if (shortRecords && values.length < header.size()) {
                    values = Arrays.copyOf(values, header.size());
                    Arrays.fill(values, record.size(), header.size(), "");
                } else if (values.length != header.size()) {
                    throw new MalformedResultsException(file, line, values.length + " values, but the header names "
                            + header.size() + " columns; the file is cut short or was edited by hand");
                }
                rows.add(new Row(file, line, header, values));
            }
            final String comment = parser.getHeaderComment();
            return new CsvFile(file, List.copyOf(header), headerLine, comment == null ? List.of() : List.of(comment.split("\n", -1)),
                    List.copyOf(rows));
        } catch (final IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            if (e instanceof MalformedResultsException m) {
                throw m;
            }
            // Commons CSV reports syntax errors (an unclosed quote, a duplicate header) with the line in the message
            throw new MalformedResultsException(file, 0, "not valid CSV: " + rootMessage(e));
        }
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The header's columns, in order. */
    public List<String> header() {
        return header;
    }

    /**
     * This file, if its header is exactly {@code columns}, in order: a table that rows are added to
     * or written back into.
     *
     * @throws MalformedResultsException naming both headers otherwise
     */
    public CsvFile withHeader(final List<String> columns) {
        if (!header.equals(columns)) {
            throw new MalformedResultsException(file, headerLine, "has the columns " + header + ", but this version writes "
                    + columns + "; another version of the harness wrote it: use that version with it, or start a new output folder");
        }
        return this;
    }

    /** The comment lines before the header, in order, without their {@code #}; empty when there are none. */
    public List<String> comments() {
        return comments;
    }

    /** The records, in file order. */
    public List<Row> rows() {
        return rows;
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static long[] lineStarts(final String text) {
        long[] starts = new long[64];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    /** The 1-based line holding character {@code position}. */
    private static long lineOf(final long[] lineStarts, final long position) {
        final int i = Arrays.binarySearch(lineStarts, position);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private static long firstNonCommentLine(final String text) {
        int position = 0;
        while (position < text.length() && (text.charAt(position) == '#' || text.charAt(position) == '\n'
                || text.charAt(position) == '\r')) {
            final int next = text.indexOf('\n', position);
            if (next < 0) {
                break;
            }
            position = next + 1;
        }
        return position;
    }

    /**
     * One record, with typed access that names the file, line and column of a bad value.
     */
    public static final class Row {
        private final Path file;
        private final long line;
        private final List<String> header;
        private final String[] values;

        Row(final Path file, final long line, final List<String> header, final String[] values) {
            this.file = file;
            this.line = line;
            this.header = header;
            this.values = values;
        }

        /** The line this record starts on (1 is the header). */
        public long line() {
            return line;
        }

        /** The text of {@code column}, stripped; empty when the cell is. */
        public String text(final String column) {
            final int i = header.indexOf(column);
            if (i < 0) {
                throw new MalformedResultsException(file, line, "no column " + column);
            }
            return values[i].strip();
        }

        /**
         * Every column's text as the file holds it (not stripped), in header order: a record to
         * write back unchanged.
         */
        public Map<String, String> asMap() {
            final Map<String, String> cells = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                cells.put(header.get(i), values[i]);
            }
            return cells;
        }

        /** Whether {@code column} exists and its cell is not empty. */
        public boolean has(final String column) {
            return header.contains(column) && !text(column).isEmpty();
        }

        /**
         * The number in {@code column}.
         *
         * @throws MalformedResultsException if the cell is empty or not a finite number
         */
        public double number(final String column) {
            final String text = text(column);
            if (text.isEmpty()) {
                throw bad(column, text, "a number");
            }
            return parse(column, text);
        }

        /** The number in {@code column}, or NaN when the cell is empty. */
        public double numberOrNaN(final String column) {
            final String text = text(column);
            return text.isEmpty() ? Double.NaN : parse(column, text);
        }

        /** The whole number in {@code column}. */
        public long integer(final String column) {
            final String text = text(column);
            try {
                return Long.parseLong(text);
            } catch (final NumberFormatException e) {
                throw bad(column, text, "a whole number");
            }
        }

        /** {@code true} or {@code false} in {@code column}. */
        public boolean bool(final String column) {
            final String text = text(column).toLowerCase(Locale.ROOT);
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(column, text, "true or false");
            };
        }

        /** A failure naming this record's file and line, for a problem found by the caller. */
        public MalformedResultsException problem(final String problem) {
            return new MalformedResultsException(file, line, problem);
        }

        private double parse(final String column, final String text) {
            try {
                final double value = Double.parseDouble(text);
                if (Double.isFinite(value)) {
                    return value;
                }
            } catch (final NumberFormatException e) {
                // reported below
            }
            throw bad(column, text, "a finite number");
        }

        private MalformedResultsException bad(final String column, final String text, final String expected) {
            return new MalformedResultsException(file, line, "column " + column + " holds '" + text + "', expected "
                    + expected);
        }
    }
}
