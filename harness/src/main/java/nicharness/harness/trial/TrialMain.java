package nicharness.harness.trial;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Function;

/**
 * The main class of a trial JVM: reads the trial from its arguments ({@link TrialArguments}),
 * opens the testbed, runs the {@link Trial} and writes the result file ({@link TrialProtocol}).
 * Any failure becomes a failed result naming the cause, so that the harness reports it in one line
 * and moves on to the next trial.
 */
public final class TrialMain {

    private TrialMain() {
    }

    /** Runs the trial of {@code args} on the software 82599. */
    public static void main(final String[] args) {
        System.exit(run(args, Testbeds::open));
    }

    /**
     * Runs a trial with the given testbed factory.
     *
     * @return the process exit code: 0 when a result was written (even a failed one), 2 when even
     *         that was impossible
     */
    public static int run(final String[] args, final Function<TrialArguments, Testbed> testbeds) {
        final TrialArguments arguments;
        try {
            arguments = TrialArguments.decode(args);
        } catch (final RuntimeException e) {
            System.err.println("cannot read the trial's arguments: " + e.getMessage());
            return 2;
        }
        final java.lang.management.RuntimeMXBean runtime = java.lang.management.ManagementFactory.getRuntimeMXBean();
        System.out.printf(java.util.Locale.ROOT, "trial %s (%s): JVM up in %.2f s%n", arguments.trial().id(),
                arguments.trial().experimentIds(), runtime.getUptime() / 1e3);
        TrialProtocol.Result result;
        try (Testbed testbed = testbeds.apply(arguments)) {
            System.out.printf(java.util.Locale.ROOT, "testbed open at %.2f s of JVM time%n", runtime.getUptime() / 1e3);
            // With a fixed CPU cost the JIT's state changes no result, and a warm-up that ends when the JIT
            // goes quiet would leave the model and the NF in a machine-dependent state at the heat-up.
            result = (nicharness.harness.sim.CpuTime.timesPolls(arguments.cpuCost())
                    ? new Trial(arguments.trial(), arguments.profile(), testbed, System.out)
                    : new Trial(arguments.trial(), arguments.profile(), testbed, System.out, JitWarmUp::fixed)).run();
        } catch (final RuntimeException | LinkageError e) {
            final StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            System.out.println(trace);
            result = new TrialProtocol.Result(false, describe(e), Double.NaN, List.of());
        }
        TrialProtocol.write(arguments.resultFile(), result);
        return 0;
    }

    /** The exception and its causes' messages on one line. */
    static String describe(final Throwable e) {
        final StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }
}
