package nicharness.harness.plot;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code plot}: redraws every chart from the CSV files of a results folder, without running
 * anything, into a plots folder beside it.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draws the paper's figures and tables as charts (PNG and SVG) from the CSV files of a results folder,",
                "without running anything."})
public final class PlotCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RESULTS",
            description = "The results folder (default: results/ in the project folder).")
    private Path results;

    @Option(names = {"-o", "--output"}, paramLabel = "FOLDER",
            description = "Where the charts go (default: plots/ beside the results folder).")
    private Path output;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        final Path from = results != null ? results : projectRoot().resolve("results");
        final Path to = output != null ? output : defaultPlotsFolder(from);
        final PrintWriter out = spec.commandLine().getOut();
        final Plots.Outcome outcome = Plots.renderAll(from, to);
        outcome.skipped().forEach(s -> out.println("skipped " + s));
        outcome.leftOut().forEach(s -> out.println("left out " + s));
        out.println("drew " + outcome.written().size() / 2 + " charts (PNG and SVG) from " + from.toAbsolutePath().normalize()
                + " into " + to.toAbsolutePath().normalize());
        out.flush();
        if (!outcome.complete()) {
            // the last line says what failed: a drawing with charts left out is not a success
            spec.commandLine().getErr().println("error: plot: " + leftOutSummary(outcome));
            return nicharness.harness.Main.RUN_ERROR;
        }
        return 0;
    }

    /** One line naming every chart left out and why: the reason a drawing failed. */
    public static String leftOutSummary(final Plots.Outcome outcome) {
        return "charts left out for malformed data: " + String.join("; ", outcome.leftOut());
    }

    /** {@code plots} beside {@code resultsFolder}: the project's {@code plots/} for its {@code results/}. */
    public static Path defaultPlotsFolder(final Path resultsFolder) {
        return resultsFolder.toAbsolutePath().normalize().resolveSibling("plots");
    }

    /** The project folder: {@code nicharness.root} (set by the exec plugin), else the working folder. */
    private static Path projectRoot() {
        final String root = System.getProperty("nicharness.root");
        return Path.of(root != null && !root.isBlank() ? root : ".").toAbsolutePath().normalize();
    }
}
