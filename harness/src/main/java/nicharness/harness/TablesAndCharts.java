package nicharness.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nicharness.harness.cost.CostReport;
import nicharness.harness.plot.Plots;
import nicharness.metrics.ComplexityReport;

/**
 * The steps of the default run that follow the end-to-end experiments: Table 2 (complexity, from
 * the sources and the bytecode, seconds), Table 4 (per-packet cost on the model, about a minute,
 * one JVM per configuration), and every chart drawn from the results folder's CSV files.
 *
 * <p>Each step is independent: one that fails is reported and the others still run, so a run never
 * loses the results it has, and the caller learns every step that failed, so that the run can end
 * in failure saying which. A chart step that drew some charts but left others out for malformed
 * data has failed too. With {@code --resume}, a table already in the folder is kept.
 */
final class TablesAndCharts {
    private final PrintStream out;
    private final boolean charts;
    private final boolean measureCost;

    TablesAndCharts(final PrintStream out) {
        this(out, true, true);
    }

    private TablesAndCharts(final PrintStream out, final boolean charts, final boolean measureCost) {
        this.out = out;
        this.charts = charts;
        this.measureCost = measureCost;
    }

    /** The same steps without the charts (a shard of a run: the charts are drawn from every shard's rows after 'merge'). */
    TablesAndCharts tablesOnly() {
        return new TablesAndCharts(out, false, measureCost);
    }

    /** The same steps, but Table 4 only kept, never measured (merged shards: shard 0 measured it, if anyone did). */
    TablesAndCharts keepingTable4() {
        return new TablesAndCharts(out, charts, false);
    }

    /**
     * Writes the complexity and cost tables into {@code results} and the charts into {@code plots}.
     *
     * @return one line per failed step, "step: reason"; empty when every step succeeded
     */
    List<String> run(final Path results, final Path plots, final Path projectRoot, final boolean resume) {
        final List<String> failed = new ArrayList<>();
        step(failed, "Table 2 (complexity)", () -> {
            if (resume && Files.exists(results.resolve(ComplexityReport.CSV_FILE))) {
                out.println("Table 2: kept " + results.resolve(ComplexityReport.CSV_FILE));
                return;
            }
            ComplexityReport.write(results, projectRoot);
            out.println("Table 2: wrote " + results.resolve(ComplexityReport.CSV_FILE));
        });
        step(failed, "Table 4 (per-packet cost)", () -> {
            final Path cost = results.resolve(nicharness.harness.plot.CostResults.FILE);
            if (resume && Files.exists(cost)) {
                out.println("Table 4: kept " + cost);
                return;
            }
            if (!measureCost) {
                out.println("Table 4: none in the results (no shard measured it)");
                return;
            }
            try {
                CostReport.run(CostReport.Settings.table4(cost));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            out.println("Table 4: wrote " + cost);
        });
        if (!charts) {
            return failed;
        }
        step(failed, "charts", () -> {
            final Plots.Outcome outcome = Plots.renderAll(results, plots);
            outcome.skipped().forEach(s -> out.println("chart skipped: " + s));
            outcome.leftOut().forEach(s -> out.println("chart left out: " + s));
            out.println("charts: wrote " + outcome.written().size() + " files to " + plots);
            if (!outcome.complete()) {
                throw new IllegalStateException("left out for malformed data: " + String.join("; ", outcome.leftOut()));
            }
        });
        return failed;
    }

    private void step(final List<String> failed, final String name, final Runnable body) {
        try {
            body.run();
        } catch (final RuntimeException e) {
            out.println(name + " failed: " + e.getMessage());
            failed.add(name + ": " + e.getMessage());
        }
    }
}
