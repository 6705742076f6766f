package nicharness.harness.trial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;

/**
 * How a trial JVM hands its result to the harness: a small text file, written to a temporary name
 * and renamed when complete, so that the harness never reads half a result.
 *
 * <pre>
 * nicharness-trial-result 1
 * status      ok | failed
 * message     one line (empty when ok)
 * ceiling     the tester's ceiling in Gb/s, or NaN
 * row         TABLE  column=value  column=value ...
 * </pre>
 *
 * Fields are separated by tabs; a value's '%', tab, CR and LF are percent-escaped.
 */
public final class TrialProtocol {

    private static final String MAGIC = "nicharness-trial-result 1";

    private TrialProtocol() {
    }

    /**
     * A trial's result.
     *
     * @param ok                whether the trial finished its measurements
     * @param message           what went wrong, or empty
     * @param testerCeilingGbps the tester's ceiling estimate, NaN when unknown
     * @param rows              the measurements
     */
    public record Result(boolean ok, String message, double testerCeilingGbps, List<Row> rows) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    /** Writes {@code result} to {@code file} (atomically, through a temporary file beside it). */
    public static void write(final Path file, final Result result) {
        final StringBuilder text = new StringBuilder(MAGIC).append('\n');
        text.append("status\t").append(result.ok() ? "ok" : "failed").append('\n');
        text.append("message\t").append(escape(result.message())).append('\n');
        text.append("ceiling\t").append(result.testerCeilingGbps()).append('\n');
        for (final Row row : result.rows()) {
            text.append("row\t").append(row.table().name());
            for (final Map.Entry<String, String> e : row.values().entrySet()) {
                text.append('\t').append(e.getKey()).append('=').append(escape(e.getValue()));
            }
            text.append('\n');
        }
        final Path temporary = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the trial result " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a result file.
     *
     * @throws IllegalArgumentException when the file is not a complete, well-formed result
     */
    public static Result read(final Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the trial result " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.getFirst().equals(MAGIC)) {
            throw new IllegalArgumentException(file + " is not a trial result (first line must be '" + MAGIC + "')");
        }
        Boolean ok = null;
        String message = "";
        double ceiling = Double.NaN;
        final List<Row> rows = new ArrayList<>();
        for (final String line : lines.subList(1, lines.size())) {
            final String[] fields = line.split("\t", -1);
            switch (fields[0]) {
                case "status" -> ok = "ok".equals(fields[1]);
                case "message" -> message = unescape(fields[1]);
                case "ceiling" -> ceiling = Double.parseDouble(fields[1]);
                case "row" -> {
                    final Map<String, String> values = new LinkedHashMap<>();
                    for (int i = 2; i < fields.length; i++) {
                        final int eq = fields[i].indexOf('=');
                        values.put(fields[i].substring(0, eq), unescape(fields[i].substring(eq + 1)));
                    }
                    rows.add(new Row(Table.byName(fields[1]), values));
                }
                default -> throw new IllegalArgumentException(file + ": unknown line kind '" + fields[0] + "'");
            }
        }
        if (ok == null) {
            throw new IllegalArgumentException(file + " has no status line");
        }
        return new Result(ok, message, ceiling, rows);
    }

    static String escape(final String value) {
        return value.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D");
    }

    static String unescape(final String value) {
        return value.replace("%09", "\t").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }
}
