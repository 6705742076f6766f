package nicharness.harness;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nicharness.harness.cost.CallgrindCost;
import nicharness.harness.cost.ContentionTrace;
import nicharness.harness.cost.CostBenchmarks;
import nicharness.harness.cost.CostReport;
import nicharness.harness.cost.DeviceAccesses;
import nicharness.harness.plan.Catalog;
import nicharness.metrics.ComplexityReport;
import nicharness.harness.plot.PlotCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code run} (the default: the paper's experiments on the software 82599),
 * {@code forward} (one driver and NF on real ports or the model, with live counters),
 * {@code external} (a driver in another process, such as the original C TinyNF, on the model's file),
 * {@code plot} (the charts of a results folder, redrawn from its CSV files), {@code list}
 * (drivers, NFs, experiments, profiles), {@code sim-check}, and the per-packet cost commands of the
 * {@code cost} package: {@code cost} (Table 4), {@code callgrind-cost}, {@code cost-jmh},
 * {@code device-accesses} and {@code contention-trace}; and {@code complexity} (Table 2).
 *
 * <p>A bad value is one line naming the option and the accepted values; errors found while
 * setting up (an output folder that already holds results, a driver that is not registered) are
 * one line too. Only a bug prints a stack trace.
 */
@Command(name = "nicharness", mixinStandardHelpOptions = true, version = "nicharness 0.1.0",
        description = {"Compares TinyNF, DPDK-style and ixy-style drivers for the Intel 82599 on the paper's experiments.",
                "Without a command, runs 'run' (the quick profile of every experiment on the software 82599)."},
        subcommands = {RunCommand.class, MergeCommand.class, ForwardCommand.class, ExternalCommand.class, PlotCommand.class,
                ListCommand.class, SimCheckCommand.class, CostReport.class, CallgrindCost.class, CostBenchmarks.class,
                DeviceAccesses.Print.class, ContentionTrace.class, ComplexityReport.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for a bad option or value. */
    public static final int USAGE_ERROR = 2;
    /** Exit code for an error found while setting up or running. */
    public static final int RUN_ERROR = 1;

    private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

    @Override
    public void run() {
        // Never reached: a missing command becomes 'run' in main().
    }

    /** Runs the command line; exits with a non-zero code only on failure, so that Maven reports success. */
    public static void main(final String[] args) {
        final int code = execute(args, System.out, System.err, new RegistryCatalog());
        System.out.flush();
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line with the given streams and catalog.
     *
     * @return the exit code: 0, {@link #RUN_ERROR} or {@link #USAGE_ERROR}
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err, final Catalog catalog) {
        final CommandLine commandLine = new CommandLine(new Main(), new Factory(catalog, out));
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE_ERROR;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException || e instanceof UncheckedIOException) {
                cl.getErr().println("error: " + e.getMessage());
                return e instanceof IllegalArgumentException ? USAGE_ERROR : RUN_ERROR;
            }
            throw e;
        });
        return commandLine.execute(withDefaultCommand(args));
    }

    /** Puts 'run' in front when no command is given, so that options alone go to 'run'. */
    static String[] withDefaultCommand(final String[] args) {
        if (args.length > 0 && (!args[0].startsWith("-") || TOP_LEVEL.contains(args[0]))) {
            return args;
        }
        final List<String> withRun = new ArrayList<>(List.of("run"));
        withRun.addAll(List.of(args));
        return withRun.toArray(String[]::new);
    }

    /** Creates the commands with the catalog and output stream they need. */
    private record Factory(Catalog catalog, PrintStream out) implements CommandLine.IFactory {
        @Override
        public <K> K create(final Class<K> cls) throws Exception {
            if (cls == RunCommand.class) {
                return cls.cast(new RunCommand(catalog, out));
            }
            if (cls == MergeCommand.class) {
                return cls.cast(new MergeCommand(out));
            }
            if (cls == ListCommand.class) {
                return cls.cast(new ListCommand(catalog, out));
            }
            if (cls == ForwardCommand.class) {
                return cls.cast(new ForwardCommand(catalog, out));
            }
            if (cls == ExternalCommand.class) {
                return cls.cast(new ExternalCommand(catalog, out));
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
