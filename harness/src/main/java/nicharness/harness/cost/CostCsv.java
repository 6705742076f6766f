package nicharness.harness.cost;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.CsvWriter;

/**
 * Writes {@link CostRow}s as CSV, one row per configuration and metric, with the machine, the JVM
 * and the settings as {@code #} comments above the header, since absolute costs belong to the
 * machine that produced them ({@code docs/design.md}, "Measuring honestly").
 *
 * <p>Columns: {@code driver, nf, variant, metric, value, unit, method, paper_value, paper_source};
 * {@code variant} is the paper's column name (nop, write, lookup, pol); an unavailable value or
 * an absent paper value is an empty cell.
 */
public final class CostCsv {
    /** The header, in order. */
    public static final List<String> HEADER = List.of("driver", "nf", "variant", "metric", "value", "unit", "method", "paper_value",
            "paper_source");

    private CostCsv() {
    }

    /**
     * Writes {@code rows} to {@code file}, creating its folder, with {@code settings} and the
     * machine's description as comments.
     */
    public static void write(final Path file, final List<CostRow> rows, final Map<String, String> settings)
            throws IOException {
        final List<String> comments = new ArrayList<>();
        comments.add("Per-packet cost (the paper's Table 4), written " + Instant.now());
        for (final Map.Entry<String, String> e : machine().entrySet()) {
            comments.add(e.getKey() + ": " + e.getValue());
        }
        for (final Map.Entry<String, String> e : settings.entrySet()) {
            comments.add(e.getKey() + ": " + e.getValue());
        }
        write(file, rows, comments);
    }

    /**
     * Adds {@code rows} to {@code file} (or writes it if there is none): a row already there for the
     * same driver, NF and metric is replaced, the others and the file's comments are kept, and a
     * comment says what was merged, when, with which settings. This is how instructions counted by
     * callgrind or times from JMH join the default run's file, which the Table 4 charts read.
     */
    public static void merge(final Path file, final List<CostRow> rows, final Map<String, String> settings)
            throws IOException {
        if (!Files.exists(file)) {
            write(file, rows, settings);
            return;
        }
        final CsvFile existing = CsvFile.read(file, HEADER);
        final List<String> comments = new ArrayList<>(existing.comments());
        final StringBuilder merged = new StringBuilder("merged " + Instant.now() + ": " + rows.size() + " rows");
        for (final Map.Entry<String, String> e : settings.entrySet()) {
            merged.append("; ").append(e.getKey()).append(": ").append(e.getValue());
        }
        comments.add(merged.toString());
        final List<CostRow> all = new ArrayList<>();
        for (final CostRow old : rows(existing)) {
            if (rows.stream().noneMatch(r -> r.driver().equals(old.driver()) && r.nf().equals(old.nf())
                    && r.metric().equals(old.metric()))) {
                all.add(old);
            }
        }
        all.addAll(rows);
        write(file, all, comments);
    }

    private static void write(final Path file, final List<CostRow> rows, final List<String> comments) throws IOException {
        CsvWriter.replace(file, HEADER, comments, rows.stream().map(row -> Arrays.asList(row.driver(), row.nf(), row.variant(), row.metric(),
                number(row.value()), row.unit(), row.method(), number(row.paperValue()), row.paperSource())).toList());
    }

    private static final MathContext SIGNIFICANT = new MathContext(6);

    /** Reads rows written by {@link #write}. */
    public static List<CostRow> read(final Path file) {
        return rows(CsvFile.read(file, HEADER));
    }

    /** The rows of {@code csv}, each cell as the file holds it, so that a merge writes the old rows back unchanged. */
    private static List<CostRow> rows(final CsvFile csv) {
        return csv.rows().stream().map(CsvFile.Row::asMap).map(r -> new CostRow(r.get("driver"), r.get("nf"), r.get("metric"),
                parse(r.get("value")), r.get("unit"), r.get("method"), parse(r.get("paper_value")), r.get("paper_source"))).toList();
    }

    /** A number as {@link #number} writes it, infinities included; NaN for an empty cell. */
    private static double parse(final String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    /** A number as the CSV carries it: 6 significant digits, no exponent, empty for NaN. */
    static String number(final double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
    }

    /** The machine and JVM a result belongs to. */
    public static Map<String, String> machine() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("jvm options", nicharness.harness.output.RunDescription.jvmFlags());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " CPUs available");
        return m;
    }

    private static String cpuModel() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (final IOException | RuntimeException e) {
            // not Linux, or no access: say so
        }
        return "unknown CPU";
    }

    /**
     * Writes {@code rows} measured by {@code method} to {@code out}: replacing the file, or, with
     * {@code merge}, adding them to it (same metric replaced, comments kept); says where.
     */
    public static void save(final Path out, final List<CostRow> rows, final String method, final boolean merge)
            throws IOException {
        final Map<String, String> meta = new LinkedHashMap<>();
        meta.put("method", method);
        if (merge) {
            merge(out, rows, meta);
        } else {
            write(out, rows, meta);
        }
        System.out.println("wrote " + out.toAbsolutePath());
    }
}
