package nicharness.harness;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nicharness.harness.plot.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code plot}: re-draws every chart from an existing results folder, running nothing. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draws every chart (PNG and SVG) from the CSV files of a results folder, without running anything.")
final class PlotCommand implements Callable<Integer> {

    @Option(names = {"-i", "--results"}, paramLabel = "FOLDER", description = "Results folder to read (default: results/ in the project folder).")
    private Path results;

    @Option(names = {"-o", "--output"}, paramLabel = "FOLDER", description = "Folder for the charts (default: plots/ in the project folder).")
    private Path plots;

    private final PrintStream out;

    PlotCommand(final PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        final Path in = results != null ? results : RunCommand.projectRoot().resolve("results");
        final Path to = plots != null ? plots : RunCommand.projectRoot().resolve("plots");
        if (!Files.isDirectory(in)) {
            throw new IllegalArgumentException("Invalid value for option '--results': no results folder at " + in
                    + "; run the experiments first (mvn -pl harness exec:java) or name an existing folder");
        }
        final Plots.Outcome outcome = Plots.renderAll(in, to);
        outcome.skipped().forEach(s -> out.println("chart skipped: " + s));
        out.println("wrote " + outcome.written().size() + " files to " + to);
        return 0;
    }
}
