package nicharness.harness.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The file that says where a run's numbers come from ({@code run.csv}: session, key, value): the
 * machine (CPU model, cores, memory, kernel command line, whether it is a virtual machine), the JVM
 * and the flags of the trial JVMs, the project's commit, every setting, and the tester's ceiling.
 * Absolute times belong to the machine that produced them, so they are never published without it.
 *
 * <p>The file holds one description of the run: the first session's. Each later session (a
 * {@code --resume}) adds only when it resumed the run ({@code resumed_at}) and what it found
 * different from the first session (another commit, say), under its own session number, so that a
 * run resumed twice is still described once.
 */
public final class RunDescription {

    /** The file's name in the output folder. */
    public static final String FILE = "run.csv";
    /** Keys of settings start with this, so that a resumed run can be compared with the first session. */
    public static final String SETTING = "setting.";
    /** The setting that says which shard of the plan a folder holds ("K/N"; "0/1" for a whole run). */
    public static final String SHARD = "shard";

    private static final List<String> HEADER = List.of("session", "key", "value");

    private RunDescription() {
    }

    /**
     * What describes this machine, this JVM and the project's checkout.
     *
     * @param projectRoot   the project's folder (for its git commit), or null if unknown
     * @param trialJvmFlags the flags every trial JVM gets
     */
    public static Map<String, String> environment(final Path projectRoot, final List<String> trialJvmFlags) {
        final Map<String, String> d = new LinkedHashMap<>();
        d.put(STARTED_AT, Instant.now().toString());
        final String cpuinfo = readOrEmpty(Path.of("/proc/cpuinfo"));
        d.put("cpu_model", firstValue(cpuinfo, "model name", "unknown"));
        d.put("cpu_logical_cores", Long.toString(cpuinfo.lines().filter(l -> l.startsWith("processor")).count()));
        d.put("cpu_available_to_jvm", Integer.toString(Runtime.getRuntime().availableProcessors()));
        d.put("cpu_mhz", firstValue(cpuinfo, "cpu MHz", "unknown"));
        d.put("cpu_hypervisor", Boolean.toString(firstValue(cpuinfo, "flags", "").contains(" hypervisor")));
        d.put("cpu_frequency_governor", readOrEmpty(Path.of("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")).strip());
        d.put("memory_total", firstValue(readOrEmpty(Path.of("/proc/meminfo")), "MemTotal", "unknown"));
        d.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        d.put("kernel_command_line", readOrEmpty(Path.of("/proc/cmdline")).strip());
        d.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + " (" + System.getProperty("java.vm.vendor") + ")");
        d.put("java_runtime_version", System.getProperty("java.runtime.version"));
        d.put("java_home", System.getProperty("java.home"));
        d.put("harness_jvm_flags", jvmFlags());
        d.put("trial_jvm_flags", String.join(" ", trialJvmFlags));
        d.put("git_commit", commit(projectRoot));
        d.put("git_uncommitted_changes", projectRoot == null ? "unknown"
                // The run's own outputs do not count: on a fresh clone the run moves the committed
                // reference run out of results/ and re-draws plots/, and the code is still the commit's.
                : Boolean.toString(!git(projectRoot, "status", "--porcelain", "--untracked-files=no", "--", ".",
                        ":(exclude)results", ":(exclude)plots").isEmpty()));
        return d;
    }

    /** The environment variable a container image carries its commit in (it has no {@code .git}: harness/pom.xml). */
    public static final String IMAGE_COMMIT = "NICHARNESS_GIT_COMMIT";

    /** The project's commit: git's answer in {@code projectRoot}, else the image's, else a note saying why not. */
    private static String commit(final Path projectRoot) {
        final String git = projectRoot == null ? "unknown (project folder not known)" : git(projectRoot, "rev-parse", "HEAD");
        final String image = System.getenv(IMAGE_COMMIT);
        if (git.startsWith("unknown") && image != null && !image.isBlank() && !image.equals("unknown")) {
            return image.strip();
        }
        return git;
    }

    /** The value of the first "{@code key} : value" line of a /proc file, or {@code absent}. */
    static String firstValue(final String text, final String key, final String absent) {
        for (final String line : text.lines().toList()) {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return line.substring(colon + 1).strip();
            }
        }
        return absent;
    }

    private static String readOrEmpty(final Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (final IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** The output of a git command in {@code root}, or a note saying why there is none. */
    private static String git(final Path root, final String... arguments) {
        final List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(arguments));
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "unknown (git did not answer)";
            }
            return process.exitValue() == 0 ? output : "unknown (" + output.lines().findFirst().orElse("git failed") + ")";
        } catch (final IOException e) {
            return "unknown (git not available: " + e.getMessage() + ")";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /** The key under which a resumed session records when it started. */
    public static final String RESUMED_AT = "resumed_at";
    /** The key under which a session records when it started; a resumed session records {@link #RESUMED_AT} instead. */
    public static final String STARTED_AT = "started_at";

    /**
     * Records a session of the run in {@code folder}: the whole {@code description} for the first
     * session; for a later one, when it resumed the run and only the values of {@code description}
     * that differ from the first session's.
     *
     * @return the session's number, from 1
     */
    public static int recordSession(final Path folder, final Map<String, String> description) {
        final Map<Integer, Map<String, String>> sessions = read(folder);
        if (sessions.isEmpty()) {
            append(folder, 1, description);
            return 1;
        }
        final int session = sessions.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow() + 1;
        final Map<String, String> first = sessions.values().iterator().next();
        final Map<String, String> resumed = new LinkedHashMap<>();
        resumed.put(RESUMED_AT, description.getOrDefault(STARTED_AT, Instant.now().toString()));
        description.forEach((key, value) -> {
            if (!key.equals(STARTED_AT) && !cell(value).equals(first.get(key))) {
                resumed.put(key, value);
            }
        });
        append(folder, session, resumed);
        return session;
    }

    /** A value as the file holds it: on one line. */
    private static String cell(final String value) {
        return value.replace('\n', ' ');
    }

    /** Appends rows of one session to the folder's {@link #FILE}. */
    public static void append(final Path folder, final int session, final Map<String, String> description) {
        final Path file = folder.resolve(FILE);
        try (CsvWriter writer = CsvWriter.append(file, HEADER, List.of())) {
            for (final Map.Entry<String, String> e : description.entrySet()) {
                writer.row(session, e.getKey(), cell(e.getValue()));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Every session's description: session number to key to value; empty when the file is absent. */
    public static Map<Integer, Map<String, String>> read(final Path folder) {
        final Path file = folder.resolve(FILE);
        final Map<Integer, Map<String, String>> sessions = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (final CsvFile.Row row : CsvFile.read(file, HEADER).rows()) {
                final Map<String, String> cells = row.asMap();
                sessions.computeIfAbsent(Math.toIntExact(row.integer("session")), k -> new LinkedHashMap<>())
                        .put(cells.get("key"), cells.get("value"));
            }
        }
        return sessions;
    }

    /**
     * Checks that a resumed run has the settings of its first session.
     *
     * @throws IllegalArgumentException naming the first setting that differs, with both values
     */
    public static void requireSameSettings(final Map<String, String> first, final Map<String, String> now) {
        for (final Map.Entry<String, String> e : now.entrySet()) {
            final String key = SETTING + e.getKey();
            final String before = first.get(key);
            if (before != null && !before.equals(e.getValue())) {
                throw new IllegalArgumentException("--resume continues a run with other settings: " + e.getKey() + " was " + before
                        + ", now " + e.getValue() + "; give the same options as the first session, or start a new output folder");
            }
        }
    }

    /**
     * The running JVM's flags as a result records them: the options that change how it runs
     * ({@code --enable-native-access}, {@code -XX:...}, heap sizes), without the {@code -D}
     * system properties a launcher adds (Maven's own set names folders of the machine that ran it,
     * which a result must not carry).
     */
    public static String jvmFlags() {
        return String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> !flag.startsWith("-D")).toList());
    }
}
