package nicharness.harness.trial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nicharness.env.CoreCanary;

/**
 * The one way this project starts a JVM that measures something: a trial ({@link TrialLauncher}),
 * a Table 4 configuration ({@code CostReport}), a callgrind workload ({@code CallgrindRunner}) or a
 * JMH fork ({@code CostBenchmarks}). Each gets the running JDK's {@code java} (never the one on
 * {@code PATH}, which may be older), this application's class path ({@link ClassPath}), the
 * measuring flags, and the free-core canary time earlier JVMs of the run reported.
 *
 * @param java      the {@code java} executable
 * @param flags     the JVM's flags
 * @param classPath its class path
 */
public record MeasuredJvm(Path java, List<String> flags, String classPath) {

    /**
     * The measuring flags: C2 only (with tiered compilation dpdk-batched's driver-only rounds
     * measured 92 ns per packet in one JVM and 37 in others, docs/measurement-noise.md), the serial
     * collector and a fixed, pre-touched heap, so that there is no collection while measuring (the
     * data path allocates nothing). The heap is small because packets, rings and tables live
     * off-heap or are allocated once; the young generation takes most of it, so that set-up garbage
     * never reaches a collection. Pre-touching it costs a fraction of a second per JVM.
     */
    public static final List<String> FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-XX:+UseSerialGC", "-Xms128m", "-Xmx128m", "-Xmn96m", "-XX:+AlwaysPreTouch",
            "-XX:-UsePerfData", "-XX:-TieredCompilation", "-Djava.awt.headless=true");

    public MeasuredJvm {
        flags = List.copyOf(flags);
    }

    /** The running JDK's {@code java}, the measuring flags and this application's class path. */
    public static MeasuredJvm ofThisApplication() {
        return new MeasuredJvm(runningJava(), FLAGS, ClassPath.ofRunningApplication());
    }

    /** The {@code java} executable of the running JDK. */
    public static Path runningJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The command line running {@code mainClass} with {@code arguments}.
     *
     * @param freeCoreNanos the lowest core canary baseline earlier JVMs of the run measured
     *                      ({@link CoreCanary#FREE_CORE_PROPERTY}), or {@link Long#MAX_VALUE} for none yet
     */
    public List<String> command(final long freeCoreNanos, final String mainClass, final List<String> arguments) {
        final List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        if (freeCoreNanos != Long.MAX_VALUE) {
            command.add("-D" + CoreCanary.FREE_CORE_PROPERTY + "=" + freeCoreNanos);
        }
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
