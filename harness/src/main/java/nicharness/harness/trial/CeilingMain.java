package nicharness.harness.trial;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nicharness.harness.plan.Workload;
import nicharness.harness.tester.ModelTestbed;

/**
 * Measures the tester's ceiling, in a JVM of its own like a trial: the highest wire rate the
 * tester and the model's engine thread reach with no driver in the loop (the ports never enable
 * receive, so every frame is dropped on arrival), offering line rate on both directions. A driver
 * measured near this rate is measured against the tester, and its trials say so.
 *
 * <p>Arguments: {@code --result=FILE} and {@code --cpus=D,W} (the driver's and the tester's CPUs;
 * only the tester's is used).
 */
public final class CeilingMain {

    /** How long the JIT gets before measuring. */
    static final double WARMUP_SECONDS = 0.5;
    /** How long the ceiling is measured. */
    static final double MEASURE_SECONDS = 0.5;

    private CeilingMain() {
    }

    public static void main(final String[] args) {
        Path result = null;
        List<Integer> cpus = List.of();
        for (final String arg : args) {
            if (arg.startsWith("--result=")) {
                result = Path.of(arg.substring("--result=".length()));
            } else if (arg.startsWith("--cpus=") && arg.length() > "--cpus=".length()) {
                cpus = java.util.Arrays.stream(arg.substring("--cpus=".length()).split(",")).map(Integer::parseInt).toList();
            }
        }
        if (result == null) {
            System.err.println("usage: CeilingMain --result=FILE [--cpus=D,W]");
            System.exit(2);
        }
        TrialProtocol.Result outcome;
        try (ModelTestbed testbed = ModelTestbed.withoutDriver(Workload.of("ceiling", "nop", Map.of(), 2, 2, 0, 0, 1), cpus)) {
            testbed.warmUp(Load.throughput(10, WARMUP_SECONDS));
            final Measurement m = testbed.offer(Load.throughput(10, MEASURE_SECONDS));
            System.out.printf(java.util.Locale.ROOT, "tester ceiling: %.3f Gb/s over 2 directions (busy %.2f, lag %d ns)%n",
                    m.offeredGbps(), m.engineBusyFraction(), m.scheduleLagMaxNs());
            outcome = new TrialProtocol.Result(true, "", m.offeredGbps(), List.of());
        } catch (final RuntimeException e) {
            e.printStackTrace(System.out);
            outcome = new TrialProtocol.Result(false, TrialMain.describe(e), Double.NaN, List.of());
        }
        TrialProtocol.write(result, outcome);
        System.exit(0);
    }
}
