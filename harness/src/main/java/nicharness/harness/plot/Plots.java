package nicharness.harness.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import nicharness.harness.output.MalformedResultsException;
import nicharness.harness.output.Summary;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Experiment;
import nicharness.metrics.ComplexityReport;

/**
 * Draws every chart of a results folder into a plots folder, from the CSV files alone: nothing is
 * rerun, so a chart can be redrawn (or restyled) from a committed run at any time.
 *
 * <p>A chart whose data the folder does not hold (a run of some experiments only) is skipped,
 * and the result says why. A chart whose data is there but malformed (a bad record, counts that
 * disagree, a file that cannot be read) is left out, and the result names it with the file and
 * line at fault; the other charts are still drawn, so one bad line does not cost a run its
 * charts, but a drawing that left something out is not a success. The charts and the files they
 * read are listed in the package documentation.
 */
public final class Plots {

    private Plots() {
    }

    /**
     * What a drawing produced.
     *
     * @param written the files written, PNG and SVG of each chart
     * @param skipped one line per chart not drawn for want of data, saying why
     * @param leftOut one line per chart (or group of charts of one file) not drawn because its data
     *                is malformed: the charts' names, then the file, line and problem; and one per
     *                malformed record that no chart reads
     */
    public record Outcome(List<Path> written, List<String> skipped, List<String> leftOut) {
        public Outcome {
            written = List.copyOf(written);
            skipped = List.copyOf(skipped);
            leftOut = List.copyOf(leftOut);
        }

        /** Whether every chart the data allows was drawn. */
        public boolean complete() {
            return leftOut.isEmpty();
        }
    }

    /**
     * The charts a results folder allows, not yet written.
     *
     * @param figures the charts drawn
     * @param skipped one line per chart not drawn for want of data
     * @param leftOut one line per chart not drawn because its data is malformed
     */
    public record Drawing(List<Figure> figures, List<String> skipped, List<String> leftOut) {
        public Drawing {
            figures = List.copyOf(figures);
            skipped = List.copyOf(skipped);
            leftOut = List.copyOf(leftOut);
        }

        /** The names of the charts drawn. */
        public List<String> names() {
            return figures.stream().map(Figure::name).toList();
        }
    }

    /**
     * Draws every chart the results in {@code resultsFolder} allow into {@code plotsFolder}.
     *
     * @throws IllegalArgumentException if {@code resultsFolder} is not a folder
     */
    public static Outcome renderAll(final Path resultsFolder, final Path plotsFolder) {
        final Drawing drawing = figures(resultsFolder); // all read and drawn before anything is written
        final List<Path> written = new ArrayList<>();
        for (final Figure figure : drawing.figures()) {
            written.addAll(FigureWriter.write(figure, plotsFolder));
        }
        return new Outcome(written, drawing.skipped(), drawing.leftOut());
    }

    /** Every chart the results in {@code folder} allow, without writing them. */
    public static Drawing figures(final Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the results folder " + folder + " does not exist or is not a folder; "
                    + "give the folder a run wrote (by default results/ in the project folder)");
        }
        final List<Figure> figures = new ArrayList<>();
        final List<String> skipped = new ArrayList<>();
        final List<String> leftOut = new ArrayList<>();
        final Charts charts = new Charts(figures, skipped, leftOut, Collections.newSetFromMap(new IdentityHashMap<>()));
        final String run = RunCaption.of(folder);
        final Path summaryFile = folder.resolve(Summary.FILE);
        final List<String> summaryCharts = new ArrayList<>(LATENCY_LOAD.stream().map(LatencyLoadChart.Spec::name).toList());
        Table3Chart.SPECS.forEach(spec -> summaryCharts.add(spec.name()));
        summaryCharts.add(DeviceCostChart.NAME);
        SummaryResults summary = null;
        if (Files.exists(summaryFile)) {
            summary = charts.read(summaryCharts, () -> SummaryResults.read(folder));
        } else {
            skipped.add("figures 6, 7, 9, 10, table 3 and the device-cost sweep: no " + summaryFile
                    + " (a run writes it when it ends; run again with --resume to write it)");
        }
        if (summary != null) {
            final SummaryResults s = summary;
            for (final LatencyLoadChart.Spec spec : LATENCY_LOAD) {
                charts.add(spec.name(), () -> LatencyLoadChart.draw(spec, s, run), "no " + spec.experiment() + " lines in " + summaryFile);
            }
            for (final Table3Chart.Spec spec : Table3Chart.SPECS) {
                charts.add(spec.name(), () -> Table3Chart.draw(spec, s, run), "no table3 " + spec.metric() + " lines in " + summaryFile);
            }
            charts.add(DeviceCostChart.NAME, () -> DeviceCostChart.draw(s, run), "no device-cost lines in " + summaryFile);
            s.rejected().forEach(line -> charts.unread(line.problem()));
        }
        final Path ccdfFile = folder.resolve(Table.CCDF.fileName());
        if (Files.exists(ccdfFile)) {
            final CcdfResults ccdf = charts.read(CCDF.stream().map(CcdfChart.Spec::name).toList(), () -> CcdfResults.read(folder));
            if (ccdf != null) {
                for (final CcdfChart.Spec spec : CCDF) {
                    final BiPredicate<String, String> overloaded = overloadedLevels(summary, spec.experiment());
                    charts.add(spec.name(), () -> CcdfChart.draw(spec, ccdf, overloaded, run), "no " + spec.experiment()
                            + " curves in " + ccdfFile);
                }
                ccdf.rejected().forEach(curve -> charts.unread(curve.problem()));
            }
        } else {
            skipped.add("figures 8 and 11: no " + ccdfFile);
        }
        final Path complexityFile = folder.resolve(ComplexityReport.CSV_FILE);
        if (Files.exists(complexityFile)) {
            final List<String> names = new ArrayList<>(Table2Chart.SPECS.stream().map(Table2Chart.Spec::name).toList());
            names.add(Table2Chart.TRANSMIT_PATHS);
            final ComplexityResults complexity = charts.read(names, () -> ComplexityResults.read(folder));
            if (complexity != null) {
                for (final Table2Chart.Spec spec : Table2Chart.SPECS) {
                    charts.add(spec.name(), () -> Table2Chart.draw(spec, complexity), "no rows for one output in " + complexityFile);
                }
                charts.add(Table2Chart.TRANSMIT_PATHS, () -> Table2Chart.drawTransmitPaths(complexity),
                        "fewer than two numbers of outputs in " + complexityFile);
            }
        } else {
            skipped.add("table 2: no " + complexityFile + " (code-metrics' ComplexityReport writes it)");
        }
        final Path costFile = folder.resolve(CostResults.FILE);
        if (Files.exists(costFile)) {
            final CostResults cost = charts.read(List.of("table 4 (every chart of " + CostResults.FILE + ")"),
                    () -> CostResults.read(folder));
            if (cost != null) {
                final List<String> metrics = Table4Chart.metrics(cost);
                if (metrics.isEmpty()) {
                    skipped.add("table 4: no value in " + costFile + " (every method was unavailable on its machine)");
                }
                for (final String metric : metrics) {
                    charts.add(Table4Chart.name(metric), () -> Table4Chart.draw(metric, cost), "no value in " + costFile);
                }
            }
        } else {
            skipped.add("table 4: no " + costFile);
        }
        return new Drawing(figures, skipped, leftOut);
    }

    /**
     * Which (driver, level) of {@code experiment} the summary says were above their measured
     * maximum in some repetition; none when there is no summary.
     */
    private static BiPredicate<String, String> overloadedLevels(final SummaryResults summary, final String experiment) {
        if (summary == null) {
            return (driver, level) -> false;
        }
        final Set<String> overloaded = new HashSet<>();
        summary.lines().stream().filter(l -> l.serves(experiment) && !l.level().isEmpty() && l.overloaded() > 0)
                .forEach(l -> overloaded.add(l.driver() + "/" + l.level()));
        return (driver, level) -> overloaded.contains(driver + "/" + level);
    }

    /**
     * Collects the charts drawn, skipped and left out, one source file or chart at a time, and the
     * malformed records already named with the chart they left out.
     */
    private record Charts(List<Figure> figures, List<String> skipped, List<String> leftOut, Set<MalformedResultsException> named) {

        /** Names a malformed record that no chart read, once: no chart lacks it, but the file is still wrong. */
        void unread(final MalformedResultsException problem) {
            if (named.add(problem)) {
                leftOut.add("a record no chart reads: " + problem.getMessage());
            }
        }

        /** Reads a file the {@code charts} need; on a malformed file, names them as left out and returns null. */
        <T> T read(final List<String> charts, final Supplier<T> reader) {
            try {
                return reader.get();
            } catch (final MalformedResultsException e) {
                leftOut.add(String.join(", ", charts) + ": " + e.getMessage());
                return null;
            }
        }

        /** Draws one chart; one whose data is missing is skipped, one whose data is malformed left out. */
        void add(final String name, final Supplier<Optional<Figure>> draw, final String whyNot) {
            try {
                final Optional<Figure> figure = draw.get();
                if (figure.isPresent()) {
                    figures.add(figure.get());
                } else {
                    skipped.add(name + ": " + whyNot);
                }
            } catch (final MalformedResultsException e) {
                named.add(e);
                leftOut.add(name + ": " + e.getMessage());
            }
        }
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
            outcome.leftOut().forEach(s -> System.out.println("left out " + s));
            System.out.println("wrote " + outcome.written().size() + " files to " + plots);
            if (!outcome.complete()) {
                System.err.println("error: " + outcome.leftOut().size() + " chart(s) left out for malformed data: "
                        + String.join("; ", outcome.leftOut()));
                System.exit(1);
            }
        } catch (final IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
