package nicharness.harness.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nicharness.harness.trial.MeasuredJvm;

/**
 * Runs a workload's {@code main} in a JVM under {@code valgrind --tool=callgrind} and returns the
 * instructions its measuring thread executed in each region it marked ({@link RegionMarkers}) and
 * reported ({@link RegionReport}): the portable way to count instructions per packet on machines
 * without hardware counters ({@code docs/java-platform.md}, "Counting instructions
 * without hardware counters").
 *
 * <p>The valgrind options, and why:
 * <ul>
 * <li>{@code --smc-check=all-non-file}: the JIT writes and patches code in anonymous memory; without
 *     it valgrind would run stale translations.</li>
 * <li>{@code --separate-threads=yes}: counts per thread, so only the thread that runs the driver and
 *     the NF is counted, not the model's engine, the JIT or the GC.</li>
 * <li>{@code --fair-sched=yes}: valgrind runs one thread at a time; a fair round-robin lets a thread
 *     that yields on an empty poll hand over to the one it waits for, which keeps the number of
 *     empty polls, and so the counts, repeatable.</li>
 * <li>{@code --zero-before=getpgrp --dump-before=getsid}: the region markers.</li>
 * </ul>
 * The JVM options, and why ({@link Settings#DEFAULT_JVM_OPTIONS}): {@code -Xbatch} makes every
 * compilation finish before the code runs on, so the measured regions run the same C2 code in every
 * run; {@code -XX:-TieredCompilation} compiles with C2 only, which the regions would run anyway,
 * and spares valgrind the C1 compilations (a third of a run's time);
 * {@code CompileThresholdScaling} 0.1 for the project's own methods compiles them after a tenth
 * of the usual calls, so that what runs once per 64 packets (TinyNF's recycle, DPDK's re-arm) is
 * compiled within the warm-up, as it is in any run of seconds; without it such a method ran in
 * the interpreter in the measured regions (27 of TinyNF's 336 instructions per packet, in the
 * per-function account of {@code callgrind-cost --account}). Only the project's methods: scaling
 * every method's threshold compiles more of the JDK early, and JDK 25.0.3 then died under
 * valgrind 3.19 of a SIGSEGV in C2-compiled {@code HashMap.getNode} (the implicit null checks
 * below). {@code -XX:+UseSerialGC}
 * keeps the JVM to few threads. C2 checks most nulls by letting a load fault and turning the
 * SIGSEGV into a branch; under valgrind 3.19, JDK 25.0.3 died of such a SIGSEGV every time in
 * C2-compiled {@code Class.cast}, called by the JDK while the DPDK-style driver was set up, so
 * {@code Class.cast} is excluded from compilation (it is not on any data path: the counts did not
 * change for the other variants). Disabling implicit null checks altogether
 * ({@link Settings#EXPLICIT_NULL_CHECKS}) also avoids the crash but adds instructions to every
 * count. A crash of the JVM is reported with its {@code hs_err} file, written into the output
 * folder. Under valgrind the JVM sees no AVX-512 and selects
 * {@code UseAVX=2} itself; passing {@code -XX:UseAVX=2} explicitly crashed JDK 25.0.3 under
 * valgrind 3.19 at start-up (SIGSEGV in the {@code VM_Version} stub), so it is not passed here.
 *
 * <p>Each run starts a JVM at about 50 times its native cost: 15 to 60 seconds on a 2-core
 * machine, mostly the JIT's own work. Measure several regions in one run rather than one per run.
 */
public final class CallgrindRunner {

    /**
     * How to run valgrind and the JVM under it.
     *
     * @param valgrind   the valgrind executable (a name on {@code PATH} or a path)
     * @param java       the {@code java} executable to run under valgrind
     * @param jvmOptions options for that JVM
     * @param classPath  its class path
     * @param timeout    how long one run may take before it is killed
     * @param keep       a folder to keep the dumps and logs in (dumps are named by process id; the logs of
     *                   the last run replace the previous ones), or {@code null} to delete them
     */
    public record Settings(String valgrind, Path java, List<String> jvmOptions, String classPath, Duration timeout,
                           Path keep) {

        /**
         * The JVM options every callgrind run uses unless told otherwise; the class Javadoc says why.
         * The inlining settings are the measuring JVMs' ({@link MeasuredJvm#INLINING}), so the code
         * counted is the code timed.
         */
        public static final List<String> DEFAULT_JVM_OPTIONS = Stream.concat(Stream.of("-Xbatch",
                "-XX:-TieredCompilation", "-XX:+UseSerialGC", "-Xms256m", "-Xmx256m", "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=CompileThresholdScaling,nicharness.*::*,0.1",
                "-XX:CompileCommand=exclude,java.lang.Class::cast", "--enable-native-access=ALL-UNNAMED"),
                MeasuredJvm.INLINING.stream()).toList();

        /**
         * Options that make C2 test for null with an instruction everywhere instead of catching a
         * faulting load: for a workload that still dies of a SIGSEGV in compiled code under
         * valgrind. They add instructions to every count (about 28 per packet for tinynf, 100 for
         * dpdk, measured), so use them only when needed and say so beside the results.
         */
        public static final List<String> EXPLICIT_NULL_CHECKS = List.of("-XX:+UnlockDiagnosticVMOptions",
                "-XX:-ImplicitNullChecks");

        public Settings {
            jvmOptions = List.copyOf(jvmOptions);
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the callgrind timeout must be positive: timeout=" + timeout);
            }
        }

        /** valgrind from {@code PATH}, the running JDK's java and class path, 15 minutes per run. */
        public static Settings defaults() {
            return new Settings("valgrind", nicharness.harness.trial.MeasuredJvm.runningJava(), DEFAULT_JVM_OPTIONS, nicharness.harness.trial.ClassPath.ofRunningApplication(),
                    Duration.ofMinutes(15), null);
        }

        /** These settings with {@code more} appended to the JVM options. */
        public Settings withJvmOptions(final List<String> more) {
            final List<String> all = new ArrayList<>(jvmOptions);
            all.addAll(more);
            return new Settings(valgrind, java, all, classPath, timeout, keep);
        }

        /** These settings keeping dumps and logs in {@code folder}. */
        public Settings keepingOutputIn(final Path folder) {
            return new Settings(valgrind, java, jvmOptions, classPath, timeout, folder);
        }
    }

    /**
     * The outcome of one run.
     *
     * @param command the command line that ran
     * @param thread  callgrind's number for the measuring thread
     * @param regions the reported regions, in dump order, with their instruction counts
     * @param elapsed wall-clock time of the run
     */
    public record Run(List<String> command, int thread, List<RegionCount> regions, Duration elapsed) {
        public Run {
            command = List.copyOf(command);
            regions = List.copyOf(regions);
        }
    }

    /** The file, in the output folder, that holds the workload's standard output. */
    static final String WORKLOAD_OUTPUT = "workload.out";

    private static final List<String> VALGRIND_OPTIONS = List.of("--tool=callgrind", "--smc-check=all-non-file",
            "--separate-threads=yes", "--fair-sched=yes", "--zero-before=getpgrp", "--dump-before=getsid",
            "--dump-line=no");

    private final Settings settings;
    private final List<String> moreValgrindOptions;

    public CallgrindRunner(final Settings settings) {
        this(settings, List.of());
    }

    /** A runner that passes {@code moreValgrindOptions} to valgrind too (such as {@link CallgrindAccount#VALGRIND_OPTIONS}). */
    public CallgrindRunner(final Settings settings, final List<String> moreValgrindOptions) {
        this.settings = settings;
        this.moreValgrindOptions = List.copyOf(moreValgrindOptions);
    }

    /** The settings runs use. */
    public Settings settings() {
        return settings;
    }

    /**
     * The version valgrind reports (such as {@code valgrind-3.19.0}), or empty if {@code valgrind}
     * cannot be run: then install it (Debian/Ubuntu: {@code apt-get install valgrind}).
     */
    public static Optional<String> valgrindVersion(final String valgrind) {
        try {
            final Process p = new ProcessBuilder(valgrind, "--version").redirectErrorStream(true).start();
            final byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            final String version = new String(out, StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && version.startsWith("valgrind") ? Optional.of(version) : Optional.empty();
        } catch (final IOException e) {
            return Optional.empty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The command line that runs {@code mainClass} with {@code args} under callgrind, writing into {@code out}. */
    public List<String> command(final Path out, final String mainClass, final List<String> args) {
        final List<String> command = new ArrayList<>();
        command.add(settings.valgrind());
        command.addAll(VALGRIND_OPTIONS);
        command.addAll(moreValgrindOptions);
        command.add("--callgrind-out-file=" + out.resolve("callgrind.out.%p"));
        command.add("--log-file=" + out.resolve("valgrind.log"));
        command.add(settings.java().toString());
        command.addAll(settings.jvmOptions());
        command.add("-XX:ErrorFile=" + out.resolve("hs_err_pid%p.log"));
        command.add("-cp");
        command.add(settings.classPath());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code mainClass} under callgrind and pairs each region it reported with its dump.
     *
     * @throws IOException if valgrind cannot start, fails, times out, or the regions and dumps do
     *                     not match; the message names the files to look at
     */
    public Run run(final String mainClass, final List<String> args) throws IOException {
        final Path out = settings.keep() != null
                ? Files.createDirectories(settings.keep())
                : Files.createTempDirectory("callgrind-");
        try {
            return runIn(out, mainClass, args);
        } finally {
            if (settings.keep() == null) {
                deleteTree(out);
            }
        }
    }

    private Run runIn(final Path out, final String mainClass, final List<String> args) throws IOException {
        final List<String> command = command(out, mainClass, args);
        final Path stdout = out.resolve(WORKLOAD_OUTPUT);
        final Path stderr = out.resolve("workload.err");
        final long start = System.nanoTime();
        final Process process;
        try {
            process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        } catch (final IOException e) {
            throw new IOException("cannot start " + settings.valgrind() + " (is valgrind installed? Debian/Ubuntu: "
                    + "apt-get install valgrind): " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("callgrind run of " + mainClass + " did not finish within " + settings.timeout()
                        + "; raise the timeout or use smaller packet counts. " + tails(out, stdout, stderr));
            }
        } catch (final InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for callgrind", e);
        }
        final Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (process.exitValue() != 0) {
            final boolean crashed = Files.readString(stdout, StandardCharsets.ISO_8859_1)
                    .contains("A fatal error has been detected");
            throw new IOException("callgrind run of " + mainClass + " exited with status " + process.exitValue() + ". "
                    + (crashed ? "The JVM crashed under valgrind (keep the output folder to read its hs_err file). A"
                            + " SIGSEGV in C2 code is usually an implicit null check that valgrind did not hand back to"
                            + " the JVM: exclude the method the hs_err file names from compilation"
                            + " (-XX:CompileCommand=exclude,Class::method) if it is not on the data path, or run with"
                            + " explicit null checks (CallgrindRunner.Settings.EXPLICIT_NULL_CHECKS), which adds"
                            + " instructions to every count. " : "")
                    + tails(out, stdout, stderr));
        }
        final List<RegionReport> reports = new ArrayList<>();
        for (final String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            RegionReport.parse(line).ifPresent(reports::add);
        }
        if (reports.isEmpty()) {
            throw new IOException(mainClass + " reported no region (lines 'callgrind-region dump=...' on its standard "
                    + "output). " + tails(out, stdout, stderr));
        }
        final Map<Integer, CallgrindDump> dumps = new HashMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (final Path file : files.filter(f -> CallgrindDump.isRegionDumpOf(f, process.pid())).toList()) {
                final CallgrindDump dump = CallgrindDump.read(file);
                final CallgrindDump other = dumps.put(dump.dump(), dump);
                if (other != null) {
                    throw new IOException("dump " + dump.dump() + " was written for two threads (" + other.thread()
                            + " and " + dump.thread() + "): the region markers must be called by one thread only");
                }
            }
        }
        final List<RegionCount> regions = new ArrayList<>();
        final TreeSet<Integer> threads = new TreeSet<>();
        for (final RegionReport report : reports) {
            final CallgrindDump dump = dumps.get(report.dump());
            if (dump == null) {
                throw new IOException("region " + report.dump() + " was reported but callgrind wrote no dump for it "
                        + "(dumps: " + new TreeSet<>(dumps.keySet()) + "); was valgrind run with --dump-before=getsid? "
                        + tails(out, stdout, stderr));
            }
            threads.add(dump.thread());
            regions.add(new RegionCount(report.dump(), report.packets(), report.emptyPolls(), dump.instructions()));
        }
        if (threads.size() != 1) {
            throw new IOException("the reported regions were measured on different threads " + threads
                    + "; one thread must run the driver and call the markers");
        }
        regions.sort(Comparator.comparingInt(RegionCount::dump));
        return new Run(command, threads.first(), regions, elapsed);
    }

    /** The last lines of the logs, for error messages. */
    private static String tails(final Path out, final Path stdout, final Path stderr) {
        return "Workload stdout: " + tail(stdout) + " Workload stderr: " + tail(stderr) + " valgrind log: "
                + tail(out.resolve("valgrind.log"));
    }

    private static String tail(final Path file) {
        try {
            final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "[" + String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size())) + "]";
        } catch (final IOException | UncheckedIOException e) {
            return "(" + file.getFileName() + " unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(final Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
