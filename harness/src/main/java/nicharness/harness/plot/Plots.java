package nicharness.harness.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import nicharness.harness.output.Summary;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Experiment;
import nicharness.metrics.ComplexityReport;

/**
 * Draws every chart of a results folder into a plots folder, from the CSV files alone: nothing is
 * rerun, so a chart can be redrawn (or restyled) from a committed run at any time.
 *
 * <p>A chart whose data the folder does not hold (a run of some experiments only) is skipped,
 * and the result says why; a file that is there but malformed stops the drawing, before any file
 * is written, with a message naming the file and the line. The charts and the files they read are
 * listed in the package documentation.
 */
public final class Plots {

    private Plots() {
    }

    /**
     * What a drawing produced.
     *
     * @param written the files written, PNG and SVG of each chart
     * @param skipped one line per chart not drawn, saying why
     */
    public record Outcome(List<Path> written, List<String> skipped) {
        public Outcome {
            written = List.copyOf(written);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Draws every chart the results in {@code resultsFolder} allow into {@code plotsFolder}.
     *
     * @throws MalformedResultsException naming the file and line of the first bad record
     * @throws IllegalArgumentException  if {@code resultsFolder} is not a folder
     */
    public static Outcome renderAll(final Path resultsFolder, final Path plotsFolder) {
        final List<String> skipped = new ArrayList<>();
        final List<Figure> figures = figures(resultsFolder, skipped); // all read and drawn before anything is written
        final List<Path> written = new ArrayList<>();
        for (final Figure figure : figures) {
            written.addAll(FigureWriter.write(figure, plotsFolder));
        }
        return new Outcome(written, skipped);
    }

    /**
     * Every chart the results in {@code folder} allow, without writing them; one line per chart
     * that cannot be drawn goes to {@code skipped}.
     */
    public static List<Figure> figures(final Path folder, final List<String> skipped) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the results folder " + folder + " does not exist or is not a folder; "
                    + "give the folder a run wrote (by default results/ in the project folder)");
        }
        final List<Figure> figures = new ArrayList<>();
        final String run = RunCaption.of(folder);
        final Path summaryFile = folder.resolve(Summary.FILE);
        if (Files.exists(summaryFile)) {
            final SummaryResults summary = SummaryResults.read(folder);
            for (final LatencyLoadChart.Spec spec : LATENCY_LOAD) {
                add(figures, skipped, spec.name(), () -> LatencyLoadChart.draw(spec, summary, run),
                        "no " + spec.experiment() + " lines in " + summaryFile);
            }
            for (final Table3Chart.Spec spec : Table3Chart.SPECS) {
                add(figures, skipped, spec.name(), () -> Table3Chart.draw(spec, summary, run),
                        "no table3 " + spec.metric() + " lines in " + summaryFile);
            }
            add(figures, skipped, DeviceCostChart.NAME, () -> DeviceCostChart.draw(summary, run),
                    "no device-cost lines in " + summaryFile);
        } else {
            skipped.add("figures 6, 7, 9, 10, table 3 and the device-cost sweep: no " + summaryFile
                    + " (a run writes it when it ends; run again with --resume to write it)");
        }
        final Path ccdfFile = folder.resolve(Table.CCDF.fileName());
        if (Files.exists(ccdfFile)) {
            final CcdfResults ccdf = CcdfResults.read(folder);
            for (final CcdfChart.Spec spec : CCDF) {
                add(figures, skipped, spec.name(), () -> CcdfChart.draw(spec, ccdf, run), "no " + spec.experiment()
                        + " curves in " + ccdfFile);
            }
        } else {
            skipped.add("figures 8 and 11: no " + ccdfFile);
        }
        final Path complexityFile = folder.resolve(ComplexityReport.CSV_FILE);
        if (Files.exists(complexityFile)) {
            final ComplexityResults complexity = ComplexityResults.read(folder);
            for (final Table2Chart.Spec spec : Table2Chart.SPECS) {
                add(figures, skipped, spec.name(), () -> Table2Chart.draw(spec, complexity), "no rows for one output in "
                        + complexityFile);
            }
            add(figures, skipped, Table2Chart.TRANSMIT_PATHS, () -> Table2Chart.drawTransmitPaths(complexity),
                    "fewer than two numbers of outputs in " + complexityFile);
        } else {
            skipped.add("table 2: no " + complexityFile + " (code-metrics' ComplexityReport writes it)");
        }
        final Path costFile = folder.resolve(CostResults.FILE);
        if (Files.exists(costFile)) {
            final CostResults cost = CostResults.read(folder);
            final List<String> metrics = Table4Chart.metrics(cost);
            if (metrics.isEmpty()) {
                skipped.add("table 4: no value in " + costFile + " (every method was unavailable on its machine)");
            }
            for (final String metric : metrics) {
                add(figures, skipped, Table4Chart.name(metric), () -> Table4Chart.draw(metric, cost), "no value in " + costFile);
            }
        } else {
            skipped.add("table 4: no " + costFile);
        }
        return figures;
    }

    /** Figures 8 and 11: the policer at 1 Gb/s, the no-op at zero load. */
    static final List<CcdfChart.Spec> CCDF = List.of(
            new CcdfChart.Spec("fig8", "fig8-policer-latency-ccdf", "Policer: latency CCDF", "Fig. 8", Experiment.ONE_GBPS),
            new CcdfChart.Spec("fig11", "fig11-nop-latency-ccdf", "No-op: latency CCDF", "Fig. 11", 0));

    /** Figures 6, 7, 9 and 10. */
    static final List<LatencyLoadChart.Spec> LATENCY_LOAD = List.of(
            new LatencyLoadChart.Spec("fig6", "fig6-policer-median-latency", "Policer: median latency (Fig. 6)",
                    "latency_p50_ns", "Median latency (µs)"),
            new LatencyLoadChart.Spec("fig7", "fig7-policer-p99-latency", "Policer: 99th-percentile latency (Fig. 7)",
                    "latency_p99_ns", "99th-percentile latency (µs)"),
            new LatencyLoadChart.Spec("fig9", "fig9-nop-median-latency", "No-op: median latency (Fig. 9)",
                    "latency_p50_ns", "Median latency (µs)"),
            new LatencyLoadChart.Spec("fig10", "fig10-slow-nop-median-latency", "Slow no-op: median latency (Fig. 10)",
                    "latency_p50_ns", "Median latency (µs)"));

    private static void add(final List<Figure> figures, final List<String> skipped, final String name,
                            final Supplier<Optional<Figure>> draw, final String whyNot) {
        final Optional<Figure> figure = draw.get();
        if (figure.isPresent()) {
            figures.add(figure.get());
        } else {
            skipped.add(name + ": " + whyNot);
        }
    }

    /**
     * Draws the charts of a results folder: {@code Plots <results folder> [<plots folder>]}, the
     * plots folder defaulting to {@code plots} beside the results folder.
     */
    public static void main(final String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Plots <results folder> [<plots folder>]");
            System.exit(2);
        }
        final Path results = Path.of(args[0]);
        final Path plots = args.length == 2 ? Path.of(args[1]) : PlotCommand.defaultPlotsFolder(results);
        try {
            final Outcome outcome = renderAll(results, plots);
            outcome.skipped().forEach(s -> System.out.println("skipped " + s));
            System.out.println("wrote " + outcome.written().size() + " files to " + plots);
        } catch (final IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
