package nicharness.metrics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import nicharness.driver.DriverPart.Part;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Table 2 for the Java drivers, beside the paper's C numbers: measures every driver on the class
 * path ({@link CodeBase#fromRegistry()}) and writes
 * <ul>
 *   <li>{@value #CSV_FILE}: one row per driver, part and number of outputs O (1 to 4), with our
 *       functions, lines of code, paths and cyclomatic complexity, and the paper's functions,
 *       lines, path formula and its value for that O;</li>
 *   <li>{@value #FUNCTIONS_FILE}: the functions that make up each part, with their source,
 *       lines and complexity, and how every loop was counted, so that anyone can check the
 *       table by reading the code (the habit of TinyNF's {@code experiments/code-metrics/data}).</li>
 * </ul>
 * It reads class files and sources only (nothing runs) and takes about a second.
 *
 * <p>From the command line, with the drivers on the class path:
 * {@code mvn -B -pl harness exec:java -Dexec.args="complexity --out results"} (a subcommand of the harness).
 */
@Command(name = "complexity", mixinStandardHelpOptions = true,
        description = "Writes the paper's Table 2 (lines, functions, paths per driver part) for the Java drivers.")
public final class ComplexityReport implements Callable<Integer> {

    /** The table. */
    public static final String CSV_FILE = "complexity.csv";

    /** The functions behind each cell of the table. */
    public static final String FUNCTIONS_FILE = "complexity-functions.md";

    /** The numbers of outputs the paths are counted for, as in the paper's formulas. */
    public static final List<Integer> OUTPUTS = List.of(1, 2, 3, 4);

    /** The columns of {@value #CSV_FILE}, in order. */
    public static final List<String> COLUMNS = List.of("driver", "variants", "part", "outputs", "functions", "loc",
            "paths", "failure_paths", "paths_with_selects", "paths_rule", "cyclomatic", "paper_functions", "paper_loc",
            "paper_paths_formula", "paper_paths_variables", "paper_paths_value", "notes");

    @Option(names = "--out", description = "Directory to write " + CSV_FILE + " and " + FUNCTIONS_FILE
            + " into (default: ${DEFAULT-VALUE}).", defaultValue = "results")
    private Path out;

    @Option(names = "--root", description = "Repository root, where <module>/src/main/java holds the drivers' sources"
            + " (default: the nearest parent pom.xml with modules, from the working directory).")
    private Path root;

    /** Runs the command line. */
    public static void main(final String[] args) {
        System.exit(new CommandLine(new ComplexityReport()).execute(args));
    }

    @Override
    public Integer call() {
        final Path repository = root != null ? root : findRepositoryRoot(Path.of(""));
        final List<PartMetrics> rows = write(out, repository);
        printTable(rows, System.out);
        System.out.println("wrote " + out.resolve(CSV_FILE) + " and " + out.resolve(FUNCTIONS_FILE));
        return 0;
    }

    /**
     * The repository root seen from {@code from}: the nearest directory at or above it whose
     * {@code pom.xml} lists modules.
     *
     * @throws IllegalStateException if there is none
     */
    public static Path findRepositoryRoot(final Path from) {
        return SourceLines.findRepositoryRoot(from);
    }

    /**
     * Measures every registered driver and writes {@value #CSV_FILE} and {@value #FUNCTIONS_FILE}
     * into {@code directory} (created if needed).
     *
     * @return the rows written
     * @throws IllegalStateException if no driver is on the class path, or a driver's parts are
     *                               declared wrongly
     */
    public static List<PartMetrics> write(final Path directory, final Path repositoryRoot) {
        final List<CodeBase> codeBases = CodeBase.fromRegistry();
        if (codeBases.isEmpty()) {
            throw new IllegalStateException("no driver model on the class path (DriverRegistry is empty);"
                    + " put the driver modules on the class path to measure them");
        }
        final List<PartMetrics> rows = measure(codeBases, repositoryRoot);
        try {
            Files.createDirectories(directory);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        writeCsv(rows, directory.resolve(CSV_FILE));
        writeFunctions(rows, directory.resolve(FUNCTIONS_FILE));
        return rows;
    }

    /** Every part of every code base, for each O in {@link #OUTPUTS}. */
    public static List<PartMetrics> measure(final List<CodeBase> codeBases, final Path repositoryRoot) {
        return measure(codeBases, SourceLines.forRepository(repositoryRoot), repositoryRoot,
                c -> PathDeclarations.forDriver(c.label()));
    }

    static List<PartMetrics> measure(final List<CodeBase> codeBases, final SourceLines sources,
                                     final Path repositoryRoot, final Function<CodeBase, PathDeclarations> bindings) {
        final List<PartMetrics> rows = new ArrayList<>();
        for (final CodeBase codeBase : codeBases) {
            final DriverComplexity driver = new DriverComplexity(codeBase, sources, repositoryRoot,
                    bindings.apply(codeBase));
            driver.checkParts();
            for (final Part part : Part.values()) {
                for (final int outputs : OUTPUTS) {
                    rows.add(driver.measure(part, outputs));
                }
            }
            for (final String unused : driver.unusedDeclarations()) {
                System.err.println("warning: " + PathDeclarations.RESOURCE + " declares '" + codeBase.label() + " " + unused
                        + "', which matches no loop or branch of driver " + codeBase.label() + "; fix or remove it");
            }
        }
        return rows;
    }

    /** Writes {@code rows} as the tidy table of {@value #CSV_FILE}. */
    public static void writeCsv(final List<PartMetrics> rows, final Path file) {
        final CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader(COLUMNS.toArray(String[]::new))
                .setRecordSeparator("\n")
                .get();
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, format)) {
            for (final PartMetrics row : rows) {
                final Optional<PaperTable2> paper = PaperTable2.cell(row.driver(), row.part());
                printer.printRecord(
                        row.driver(),
                        String.join(" ", row.variants()),
                        partName(row.part()),
                        row.outputs(),
                        row.functions().size(),
                        row.loc(),
                        row.paths(),
                        row.failurePaths(),
                        row.pathsWithSelects(),
                        row.pathsRule(),
                        row.cyclomatic(),
                        paper.map(PaperTable2::functions).map(String::valueOf).orElse(""),
                        paper.map(PaperTable2::loc).map(String::valueOf).orElse(""),
                        paper.map(PaperTable2::formula).orElse(""),
                        paper.map(PaperTable2::variables).orElse(""),
                        paper.flatMap(p -> p.pathsFor(row.outputs())).map(String::valueOf).orElse(""),
                        String.join("; ", row.notes()));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes the function lists behind each part, one section per driver and part. */
    public static void writeFunctions(final List<PartMetrics> rows, final Path file) {
        final StringBuilder text = new StringBuilder();
        text.append("# Table 2: the functions behind each part\n\n")
                .append("Written by `ComplexityReport` from the drivers' `@DriverPart` declarations: a part is its\n")
                .append("entry points and every driver method they call. Lines are code lines (neither blank nor\n")
                .append("comment, annotations excluded); paths are per packet with batch 1, counted on the bytecode\n")
                .append("(see `PathCounter` for the conventions).\n");
        for (final PartMetrics row : rows) {
            if (row.outputs() != OUTPUTS.getFirst()) {
                continue;
            }
            text.append("\n## ").append(row.driver()).append(", ").append(partName(row.part())).append(": ")
                    .append(row.functions().size()).append(" functions, ").append(row.loc()).append(" lines, cyclomatic ")
                    .append(row.cyclomatic()).append("\n\n");
            text.append("Entry points: ").append(String.join(", ",
                    row.entryPoints().stream().map(m -> "`" + m.displayName() + "`").toList())).append("\n\n");
            text.append("| function | source | lines | cyclomatic | paths (O = 1) |\n|---|---|---:|---:|---:|\n");
            for (final PartMetrics.FunctionMetrics function : row.functions()) {
                text.append("| `").append(function.method().displayName()).append("` | ").append(function.source())
                        .append(':').append(function.line()).append(" | ").append(function.loc()).append(" | ")
                        .append(function.cyclomatic()).append(" | ").append(readable(function.paths())).append(" |\n");
            }
            if (!row.allocationSteps().isEmpty()) {
                text.append("\nAllocation steps (`@AllocationStep`: pool, ring and buffer operations, the paper's A_S / A_F,\n")
                        .append("F_S / F_F and P). Each call to one is one statement of the part above, its outcome open;\n")
                        .append("here each is measured on its own (paths include what it calls), with the methods those call in turn:\n\n");
                text.append("| allocation step | source | lines | cyclomatic | paths |\n|---|---|---:|---:|---:|\n");
                int stepLines = 0;
                for (final PartMetrics.FunctionMetrics step : row.allocationSteps()) {
                    stepLines += step.loc();
                    text.append("| `").append(step.method().displayName()).append("` | ").append(step.source())
                            .append(':').append(step.line()).append(" | ").append(step.loc()).append(" | ")
                            .append(step.cyclomatic()).append(" | ").append(readable(step.paths())).append(" |\n");
                }
                text.append("\n").append(row.allocationSteps().size()).append(" allocation steps, ").append(stepLines)
                        .append(" lines.\n");
            }
            text.append("\nPaths for O = 1..").append(OUTPUTS.getLast()).append(": ");
            final List<String> counts = new ArrayList<>();
            for (final PartMetrics other : rows) {
                if (other.driver().equals(row.driver()) && other.part() == row.part()) {
                    counts.add(readable(other.paths()));
                }
            }
            text.append(String.join(", ", counts)).append(" (").append(row.pathsRule()).append(")\n");
            if (!row.notes().isEmpty()) {
                text.append("\nHow loops and calls were counted (O = 1):\n\n");
                row.notes().forEach(note -> text.append("- ").append(note).append('\n'));
            }
        }
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Prints Table 2 as the paper lays it out, ours beside the paper's, for O = 1. */
    public static void printTable(final List<PartMetrics> rows, final PrintStream out) {
        out.printf(Locale.ROOT, "%-8s %-9s %9s %9s %14s %5s   %9s %9s %22s%n", "driver", "part", "functions", "lines",
                "paths(O=1)", "cyc", "C: funcs", "C: lines", "C: paths(O=1)");
        for (final PartMetrics row : rows) {
            if (row.outputs() != OUTPUTS.getFirst()) {
                continue;
            }
            final Optional<PaperTable2> paper = PaperTable2.cell(row.driver(), row.part());
            out.printf(Locale.ROOT, "%-8s %-9s %9d %9d %14s %5d   %9s %9s %22s%n", row.driver(), partName(row.part()),
                    row.functions().size(), row.loc(), readable(row.paths()), row.cyclomatic(),
                    paper.map(p -> String.valueOf(p.functions())).orElse("-"),
                    paper.map(p -> String.valueOf(p.loc())).orElse("-"),
                    paper.flatMap(p -> p.pathsFor(1)).map(ComplexityReport::readable).orElse("-"));
        }
    }

    /** A path count as written for people: exact up to 10^12, then as a power of ten ({@code 6.0e10}, {@code 4.2e59}). */
    static String readable(final BigInteger count) {
        if (count.compareTo(BigInteger.TEN.pow(12)) < 0) {
            return count.toString();
        }
        return new BigDecimal(count).round(new MathContext(2, RoundingMode.HALF_EVEN)).toString()
                .replace("E+", "e").replace("E", "e");
    }

    private static String partName(final Part part) {
        return part.name().toLowerCase(Locale.ROOT);
    }
}
