package nicharness.harness.trial;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
     * What C2 inlines on the data path, the same in every measuring JVM (these, and the ones that
     * count instructions under callgrind).
     *
     * <p>{@code InlineSmallCode=2500}: C2 does not inline a method it has already compiled on its own
     * into more than this many bytes of code; the default is 2500 with tiered compilation and 1000
     * without it ({@code java -XX:-TieredCompilation -XX:+PrintFlagsFinal -version}). At 1000,
     * TinyNF's {@code Agent.transmit} and the DPDK-style queues' methods were called, not inlined,
     * whenever they happened to be compiled before their caller ("already compiled into a big
     * method" in {@code -XX:+PrintInlining}), so whether a driver's loop was one piece of code
     * depended on the order of compilation. 2500 gives C2 alone the inlining it has with tiered
     * compilation.
     *
     * <p>The two {@code Unsafe} helpers a 16-bit {@code VarHandle} access goes through (the DPDK-style
     * mbuf's {@code data_off}, {@code refcnt}, {@code port}, {@code data_len}, {@code vlan_tci}) were
     * left out of line ("low call site frequency"): C2 judges the frequency of a call inside a JDK
     * helper from the helper's interpreter profile, which is young when the helper runs in compiled
     * code almost from the start. Each 16-bit access then cost a call, 12 to 13 instructions, 65 per
     * packet for dpdk-batched under callgrind. Forcing them inline gives the code a mature profile
     * would give. Every {@code Unsafe::*Unaligned} helper, not only those: which of them C2 leaves
     * out of line also depends on the rest of the JVM's code (the model's engines reading by
     * address sent {@code getShortUnaligned} and {@code putIntUnaligned} out of line in the
     * DPDK-style driver, 753 to 1,004 instructions per packet; {@code docs/java-platform.md}).
     */
    public static final List<String> INLINING = List.of("-XX:InlineSmallCode=2500", "-XX:CompileCommand=quiet",
            "-XX:CompileCommand=inline,jdk.internal.misc.Unsafe::*Unaligned",
            "-XX:CompileCommand=inline,jdk.internal.misc.Unsafe::convEndian");

    /**
     * The measuring flags: C2 only (with tiered compilation dpdk-batched's driver-only rounds
     * measured 92 ns per packet in one JVM and 37 in others, docs/measurement-noise.md), the serial
     * collector and a fixed, pre-touched heap, so that there is no collection while measuring (the
     * data path allocates nothing). The heap is small because packets, rings and tables live
     * off-heap or are allocated once; the young generation takes most of it, so that set-up garbage
     * never reaches a collection. Pre-touching it costs a fraction of a second per JVM. Then
     * {@link #INLINING}.
     */
    public static final List<String> FLAGS = flags(List.of(
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-XX:+UseSerialGC", "-Xms128m", "-Xmx128m", "-Xmn96m", "-XX:+AlwaysPreTouch",
            "-XX:-UsePerfData", "-XX:-TieredCompilation", "-Djava.awt.headless=true"));

    private static List<String> flags(final List<String> flags) {
        return Stream.concat(flags.stream(), INLINING.stream()).toList();
    }

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
        return command(freeCoreNanos, Map.of(), mainClass, arguments);
    }

    /** As {@link #command(long, String, List)}, with more system properties for the JVM. */
    public List<String> command(final long freeCoreNanos, final Map<String, String> properties,
                                final String mainClass, final List<String> arguments) {
        final List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        if (freeCoreNanos != Long.MAX_VALUE) {
            command.add("-D" + CoreCanary.FREE_CORE_PROPERTY + "=" + freeCoreNanos);
        }
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }
}
