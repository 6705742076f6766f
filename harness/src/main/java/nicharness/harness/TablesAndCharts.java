package nicharness.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nicharness.harness.cost.CostReport;
import nicharness.harness.plot.Plots;
import nicharness.metrics.ComplexityReport;

/**
 * The steps of the default run that follow the end-to-end experiments: Table 2 (complexity, from
 * the sources and the bytecode, seconds), Table 4 (per-packet cost on the model, about a minute,
 * one JVM per configuration), and every chart drawn from the results folder's CSV files.
 *
 * <p>Each step is independent: one that fails is reported and the others still run, so a run never
 * loses the results it has. With {@code --resume}, a table already in the folder is kept.
 */
final class TablesAndCharts {
    private final PrintStream out;

    TablesAndCharts(final PrintStream out) {
        this.out = out;
    }

    /** Writes the complexity and cost tables into {@code results} and the charts into {@code plots}; returns the number of failed steps. */
    int run(final Path results, final Path plots, final Path projectRoot, final boolean resume) {
        int failed = 0;
        failed += step("Table 2 (complexity)", () -> {
            if (resume && Files.exists(results.resolve(ComplexityReport.CSV_FILE))) {
                out.println("Table 2: kept " + results.resolve(ComplexityReport.CSV_FILE));
                return;
            }
            ComplexityReport.write(results, projectRoot);
            out.println("Table 2: wrote " + results.resolve(ComplexityReport.CSV_FILE));
        });
        failed += step("Table 4 (per-packet cost)", () -> {
            final Path cost = results.resolve(nicharness.harness.plot.CostResults.FILE);
            if (resume && Files.exists(cost)) {
                out.println("Table 4: kept " + cost);
                return;
            }
            try {
                CostReport.run(CostReport.Settings.table4(cost));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println("Table 4: wrote " + cost);
        });
        failed += step("charts", () -> {
            final Plots.Outcome outcome = Plots.renderAll(results, plots);
            outcome.skipped().forEach(s -> out.println("chart skipped: " + s));
            out.println("charts: wrote " + outcome.written().size() + " files to " + plots);
        });
        return failed;
    }

    private int step(final String name, final Runnable body) {
        try {
            body.run();
            return 0;
        } catch (final RuntimeException e) {
            out.println(name + " failed: " + e.getMessage());
            return 1;
        }
    }
}
