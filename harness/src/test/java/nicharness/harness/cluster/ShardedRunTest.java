package nicharness.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nicharness.harness.Main;
import nicharness.harness.output.ResultStore;
import nicharness.harness.output.ShardMerge;
import nicharness.harness.output.RunDescription;
import nicharness.harness.output.Table;
import nicharness.harness.trial.ClassPath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small plan run whole, as two shards in separate processes merged ({@code cluster/local-shards.sh}),
 * and as a Slurm job array with a dependent merge ({@code cluster/slurm/submit.sh}) on a Slurm of one
 * node that {@code cluster/slurm/single-node-cluster.sh} starts on this machine: the merged tables
 * equal the whole run's row for row. The drivers are TinyNF and DPDK with a fixed CPU cost in
 * simulated time ({@code --cpu-cost fixed:1,60}), so every measured value has one right answer;
 * what a row says about the machine and the wall clock (a trial's start and duration, its warm-up's
 * seconds, a simulation's real seconds, whether a collection ran) is left out of the comparison.
 *
 * <p>Needs bash, and for the Slurm half Debian's {@code slurm-wlm} and {@code munge} and root:
 * {@code .ci/run} installs them. Without them the test fails, saying which.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardedRunTest {

    static final List<String> PLAN = List.of("-e", "fig9", "-d", "tinynf,dpdk", "-n", "nop", "-p", "smoke",
            "--cpu-cost", "fixed:1,60", "--skip-tables");

    /** Columns that describe the machine or the wall clock, not the measurement. */
    static final Map<Table, List<String>> MACHINE_COLUMNS = Map.of(
            Table.TRIALS, List.of("started_at", "duration_s", "message"),
            Table.WARMUP, List.of("warmup_s", "jit_compilation_ms"),
            Table.SIMULATION, List.of("real_s", "slowdown", "core_canary_baseline_ns", "driver_real_share"),
            Table.SEARCH_STEPS, List.of("gc_count", "step_jit_compilation_ms"),
            Table.LATENCY, List.of("gc_count"));

    @TempDir
    static Path work;
    static Path root;
    static String harness;

    /** The project's folder: the first above the working folder that has {@code cluster/local-shards.sh}. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("cluster/local-shards.sh"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "the project's cluster/ folder was not found above " + Path.of("").toAbsolutePath());
        return dir;
    }

    @BeforeAll
    static void findTheProject() {
        root = projectRoot();
        harness = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", ClassPath.ofRunningApplication(), Main.class.getName());
    }

    @Test
    @Order(1)
    @Timeout(240)
    void twoShardsInSeparateProcessesMergeIntoTheWholeRun() throws Exception {
        final List<String> whole = new ArrayList<>(List.of(harness.split(" ")));
        whole.addAll(List.of("run", "-o", work.resolve("whole").toString()));
        whole.addAll(PLAN);
        final Process wholeRun = start(whole, Map.of(), work.resolve("whole.out"));
        final List<String> shards = new ArrayList<>(List.of("bash", root.resolve("cluster/local-shards.sh").toString(), "2"));
        shards.addAll(PLAN);
        // The harness as this test runs it (its class path), not through Maven: the default
        // (cluster/nicharness) resolves the modules from the local repository, which holds them only
        // after an install, and then as they were installed, not as they are in this build.
        final Process sharded = start(shards, Map.of("NICHARNESS", harness, "NICHARNESS_SHARDS", work.resolve("shards").toString(),
                "NICHARNESS_RESULTS", work.resolve("merged").toString()), work.resolve("shards.out"));
        finish(wholeRun, work.resolve("whole.out"));
        finish(sharded, work.resolve("shards.out"));

        assertSameRows(work.resolve("whole"), work.resolve("merged"));
        assertEquals("0/2, 1/2", RunDescription.read(work.resolve("merged")).get(1).get(ShardMerge.MERGED_SHARDS));
        assertEquals(1, rows(work.resolve("shards/0-of-2"), Table.TRIALS).size(), "one trial per shard");
        assertEquals(1, rows(work.resolve("shards/1-of-2"), Table.TRIALS).size(), "one trial per shard");
    }

    @Test
    @Order(2)
    @Timeout(120)
    void aShardResumesItsOwnFolderAndRefusesAnotherShards() throws Exception {
        final Path shard = work.resolve("shards/0-of-2");
        final List<String> trials = Files.readAllLines(shard.resolve(Table.TRIALS.fileName()));
        final List<String> resume = new ArrayList<>(List.of(harness.split(" ")));
        resume.addAll(List.of("run", "--shard", "0/2", "--resume", "-o", shard.toString()));
        resume.addAll(PLAN);
        final String output = finish(start(resume, Map.of(), work.resolve("resume.out")), work.resolve("resume.out"));
        assertTrue(output.contains("resuming: 1 of 1 trials already finished, 0 to run"), output);
        assertEquals(trials, Files.readAllLines(shard.resolve(Table.TRIALS.fileName())), "nothing was run again");

        final List<String> other = new ArrayList<>(resume);
        other.set(other.indexOf("0/2"), "1/2");
        final Process refused = start(other, Map.of(), work.resolve("refused.out"));
        assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
        final String text = Files.readString(work.resolve("refused.out"));
        assertEquals(Main.USAGE_ERROR, refused.exitValue(), text);
        assertTrue(text.contains("shard was 0/2, now 1/2"), text);
    }

    @Test
    @Order(3)
    @Timeout(300)
    void aSlurmJobArrayAndItsMergeJobGiveTheWholeRun() throws Exception {
        final Path cluster = work.resolve("slurm");
        final Path script = root.resolve("cluster/slurm/single-node-cluster.sh");
        final Process up = start(List.of("bash", script.toString(), "start", cluster.toString()), Map.of(), work.resolve("slurm-up.out"));
        final String started = finish(up, work.resolve("slurm-up.out"));
        final String conf = started.lines().filter(l -> l.startsWith("export SLURM_CONF=")).findFirst()
                .map(l -> l.substring("export SLURM_CONF=".length())).orElseThrow(() -> new AssertionError(
                        "the single-node Slurm did not say where its configuration is: " + started));
        try {
            final Map<String, String> environment = new HashMap<>(Map.of("SLURM_CONF", conf, "NICHARNESS", harness,
                    "NICHARNESS_SHARDS", work.resolve("slurm-shards").toString(),
                    "NICHARNESS_RESULTS", work.resolve("slurm-merged").toString(),
                    // one CPU a task, so that both tasks share this 2-CPU node, and no --exclusive
                    "NICHARNESS_SBATCH", "--cpus-per-task=1"));
            final List<String> submit = new ArrayList<>(List.of("bash", root.resolve("cluster/slurm/submit.sh").toString(), "2"));
            submit.addAll(PLAN);
            final String submitted = finish(start(submit, environment, work.resolve("submit.out")), work.resolve("submit.out"));
            final String mergeJob = submitted.lines().filter(l -> l.startsWith("merge:")).findFirst()
                    .map(l -> l.split("\\s+")[2].replace(",", "")).orElseThrow(() -> new AssertionError(submitted));
            final String state = waitForJob(mergeJob, conf, 240);
            assertEquals("COMPLETED", state, "the merge job ended " + state + "; " + slurmOutputs(work.resolve("slurm-shards")));
            assertSameRows(work.resolve("whole"), work.resolve("slurm-merged"));
        } finally {
            finish(start(List.of("bash", script.toString(), "stop", cluster.toString()), Map.of(), work.resolve("slurm-down.out")),
                    work.resolve("slurm-down.out"));
        }
    }

    /** Every table's rows, less the machine's columns, as sorted lists: equal in both folders. */
    static void assertSameRows(final Path expected, final Path actual) {
        for (final Table table : Table.values()) {
            final List<String> a = comparable(expected, table);
            final List<String> b = comparable(actual, table);
            assertTrue(!a.isEmpty() || table == Table.CCDF || table == Table.POLL_COSTS, table + " has rows"); // a fixed CPU cost calibrates nothing
            assertEquals(a, b, table.fileName() + " differs between " + expected.getFileName() + " and " + actual.getFileName());
        }
    }

    private static List<String> comparable(final Path folder, final Table table) {
        final List<String> lines = new ArrayList<>();
        for (final Map<String, String> row : rows(folder, table)) {
            final Map<String, String> kept = new java.util.LinkedHashMap<>(row);
            MACHINE_COLUMNS.getOrDefault(table, List.of()).forEach(kept::remove);
            lines.add(kept.toString());
        }
        lines.sort(null);
        return lines;
    }

    private static List<Map<String, String>> rows(final Path folder, final Table table) {
        return ResultStore.read(folder.resolve(table.fileName()), table);
    }

    private static Process start(final List<String> command, final Map<String, String> environment, final Path log)
            throws IOException {
        // From the repository root, as a user runs it: the merge renders Table 2 from the sources there.
        final ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Waits for a process and returns its output; fails with the output if it exits non-zero. */
    private static String finish(final Process process, final Path log) throws Exception {
        final boolean ended = process.waitFor(230, TimeUnit.SECONDS);
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertTrue(ended, "still running after 230 s: " + output);
        assertEquals(0, process.exitValue(), String.join(" ", process.info().commandLine().orElse("")) + "\n" + output);
        return output;
    }

    /** The job's final state ({@code scontrol show job}), waiting up to {@code seconds}. */
    private static String waitForJob(final String job, final String conf, final int seconds) throws Exception {
        String state = "UNKNOWN";
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            final ProcessBuilder builder = new ProcessBuilder("scontrol", "show", "job", job).redirectErrorStream(true);
            builder.environment().put("SLURM_CONF", conf);
            final Process show = builder.start();
            show.getOutputStream().close();
            final String text = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            show.waitFor();
            final java.util.regex.Matcher m = java.util.regex.Pattern.compile("JobState=(\\S+)").matcher(text);
            if (m.find()) {
                state = m.group(1);
                if (!List.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING").contains(state)) {
                    return state;
                }
            }
            Thread.sleep(500);
        }
        return state + " after " + seconds + " s";
    }

    private static String slurmOutputs(final Path folder) throws IOException {
        final StringBuilder text = new StringBuilder();
        if (Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                for (final Path file : files.filter(f -> f.getFileName().toString().startsWith("slurm-")).toList()) {
                    text.append("\n--- ").append(file.getFileName()).append('\n').append(Files.readString(file));
                }
            }
        }
        return text.toString();
    }
}
