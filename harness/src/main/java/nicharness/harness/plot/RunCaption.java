package nicharness.harness.plot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.MalformedResultsException;
import nicharness.harness.output.RunDescription;

/**
 * The caption line that says where a chart's numbers come from, taken from the run's description
 * ({@code run.csv}): the machine, the JVM, the profile and repetitions, and the commit. Absolute
 * times belong to the machine that produced them ({@code docs/design.md}, "Measuring honestly"), so no
 * chart of measured times leaves without it.
 */
public final class RunCaption {

    private RunCaption() {
    }

    /**
     * The caption of the run in {@code folder}, from the first session's description (a resumed
     * run must keep its first session's settings), or a line saying the description is missing.
     *
     * @throws MalformedResultsException if {@code run.csv} exists but is not the run description
     */
    public static String of(final Path folder) {
        final Path file = folder.resolve(RunDescription.FILE);
        if (!Files.exists(file)) {
            return "Machine and settings not recorded (no " + RunDescription.FILE + " beside the results).";
        }
        final CsvFile csv = CsvFile.read(file, List.of("session", "key", "value"));
        final Map<Long, Map<String, String>> sessions = new LinkedHashMap<>();
        for (final CsvFile.Row row : csv.rows()) {
            sessions.computeIfAbsent(row.integer("session"), k -> new LinkedHashMap<>()).put(row.text("key"), row.text("value"));
        }
        if (sessions.isEmpty()) {
            throw new MalformedResultsException(file, 0, "no rows; it should describe the machine and the settings of the run");
        }
        return of(sessions.values().iterator().next(), sessions.size());
    }

    /** The caption of one session's description; {@code sessions} counts the sessions of the run. */
    static String of(final Map<String, String> d, final int sessions) {
        final List<String> parts = new ArrayList<>();
        final StringBuilder machine = new StringBuilder("Software 82599 on ").append(d.getOrDefault("cpu_model", "an unknown CPU"));
        if (d.containsKey("cpu_logical_cores")) {
            machine.append(", ").append(d.get("cpu_logical_cores")).append(" logical cores");
        }
        if ("true".equals(d.get("cpu_hypervisor"))) {
            machine.append(" (virtual machine)");
        }
        parts.add(machine.toString());
        if (d.containsKey("java_runtime_version")) {
            parts.add("JDK " + d.get("java_runtime_version"));
        }
        final String profile = d.get(RunDescription.SETTING + "profile");
        final String repetitions = d.get(RunDescription.SETTING + "repetitions");
        if (profile != null || repetitions != null) {
            parts.add((profile != null ? profile + " profile" : "")
                    + (profile != null && repetitions != null ? ", " : "")
                    + (repetitions != null ? repetitions + " JVMs per configuration" : ""));
        }
        final String commit = d.get("git_commit");
        if (commit != null && !commit.startsWith("unknown")) {
            parts.add("commit " + commit.substring(0, Math.min(10, commit.length()))
                    + ("true".equals(d.get("git_uncommitted_changes")) ? " with uncommitted changes" : ""));
        }
        if (sessions > 1) {
            parts.add(sessions + " sessions (resumed)");
        }
        return String.join(" · ", parts) + ".";
    }

    /**
     * The caption of a file that describes its machine in {@code key: value} comment lines above
     * its header (the per-packet-cost file), or null when it has none.
     */
    static String ofComments(final List<String> comments) {
        final Map<String, String> d = new LinkedHashMap<>();
        for (final String line : comments) {
            final int colon = line.indexOf(':');
            if (colon > 0) {
                d.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        final List<String> parts = new ArrayList<>();
        if (d.containsKey("cpu")) {
            parts.add(d.get("cpu"));
        }
        if (d.containsKey("jvm")) {
            parts.add(d.get("jvm"));
        }
        return parts.isEmpty() ? null : String.join(" · ", parts) + ".";
    }
}
