package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code merge} refuses, one line each, and what it writes from shards it accepts. */
class ShardMergeTest {

    @TempDir
    Path root;

    /** A shard's folder: its description and one finished trial per id, with a throughput row each. */
    private Path shard(final String name, final String shard, final String commit, final String cpu, final String profile,
                       final String... trialIds) throws Exception {
        final Path folder = root.resolve(name);
        Files.createDirectories(folder.resolve("logs"));
        final Map<String, String> description = new LinkedHashMap<>();
        description.put(RunDescription.STARTED_AT, "2026-12-07T00:00:0" + shard.charAt(0) + "Z");
        description.put(ShardMerge.CPU_MODEL, cpu);
        description.put(ShardMerge.COMMIT, commit);
        description.put(RunDescription.SETTING + "profile", profile);
        description.put(RunDescription.SETTING + "clock", "virtual");
        description.put(RunDescription.SETTING + RunDescription.SHARD, shard);
        RunDescription.append(folder, 1, description);
        final List<Map<String, String>> trials = new java.util.ArrayList<>();
        final List<Map<String, String>> throughput = new java.util.ArrayList<>();
        for (final String id : trialIds) {
            trials.add(Map.of("trial_id", id, "status", "ok"));
            throughput.add(Map.of("trial_id", id, "throughput_gbps", "1.5"));
            Files.writeString(folder.resolve("logs").resolve(id.replace('/', '_') + ".log"), "log of " + id);
        }
        ResultStore.write(folder.resolve(Table.TRIALS.fileName()), Table.TRIALS, trials);
        ResultStore.write(folder.resolve(Table.THROUGHPUT.fileName()), Table.THROUGHPUT, throughput);
        return folder;
    }

    private static List<String> problems(final ShardMerge.Allowances allow, final Path... folders) {
        return ShardMerge.problems(java.util.Arrays.stream(folders).map(ShardMerge.Folder::read).toList(), allow);
    }

    @Test
    void twoShardsOfOneRunMergeIntoOneFolder() throws Exception {
        final Path a = shard("a", "0/2", "c1", "Xeon", "quick", "w/tinynf/r1", "w/dpdk/r2");
        final Path b = shard("b", "1/2", "c1", "Xeon", "quick", "w/dpdk/r1");
        assertEquals(List.of(), problems(ShardMerge.Allowances.NONE, b, a));
        Files.writeString(a.resolve("cost.csv"), "table 4");
        final Path merged = root.resolve("merged");
        final List<String> notes = ShardMerge.merge(List.of(b, a).stream().map(ShardMerge.Folder::read).toList(), merged);

        assertEquals(List.of("w/tinynf/r1", "w/dpdk/r2", "w/dpdk/r1"), ids(merged, Table.TRIALS), "shard by shard, in shard order");
        assertEquals(List.of("w/tinynf/r1", "w/dpdk/r2", "w/dpdk/r1"), ids(merged, Table.THROUGHPUT));
        assertEquals("table 4", Files.readString(merged.resolve("cost.csv")));
        assertEquals(List.of("cost.csv from shard 0/2"), notes);
        assertTrue(Files.exists(merged.resolve("logs/w_dpdk_r1.log")) && Files.exists(merged.resolve("logs/w_tinynf_r1.log")));
        final Map<String, String> description = RunDescription.read(merged).get(1);
        assertEquals("0/2, 1/2", description.get(ShardMerge.MERGED_SHARDS));
        assertFalse(description.containsKey(RunDescription.SETTING + RunDescription.SHARD), "the merged folder is the whole run");
        assertEquals("2026-12-07T00:00:01Z", description.get("shard.1." + RunDescription.STARTED_AT), "what differs is kept per shard");
        assertEquals("c1", description.get(ShardMerge.COMMIT));
    }

    @Test
    void foldersThatCannotBeComparedAreRefusedOneLineEach() throws Exception {
        final Path a = shard("a", "0/3", "c1", "Xeon", "quick", "t1");
        final Path commit = shard("commit", "1/3", "c2", "Xeon", "quick", "t2");
        final Path settings = shard("settings", "2/3", "c1", "Xeon", "paper", "t3");
        final List<String> lines = problems(ShardMerge.Allowances.NONE, a, commit, settings);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("commit c2") && lines.get(0).contains("--allow-different-commits"), lines.get(0));
        assertTrue(lines.get(1).contains("profile: quick vs paper") && lines.get(1).contains("--allow-different-settings"), lines.get(1));
        assertEquals(List.of(), problems(new ShardMerge.Allowances(true, true, false, false), a, commit, settings));
    }

    @Test
    void uncommittedChangesAreAnotherCommit() throws Exception {
        final Path a = shard("a", "0/2", "c1", "Xeon", "quick", "t1");
        final Path b = shard("b", "1/2", "c1", "Xeon", "quick", "t2");
        RunDescription.append(b, 2, Map.of(RunDescription.RESUMED_AT, "later", ShardMerge.UNCOMMITTED, "true"));
        RunDescription.append(b, 2, Map.of(ShardMerge.COMMIT, "c1"));
        final List<String> lines = problems(ShardMerge.Allowances.NONE, a, b);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("c1 with uncommitted changes"), lines.getFirst());
    }

    @Test
    void simulatedTimeOnAnotherCpuModelIsRefusedUnlessAllowed() throws Exception {
        final Path a = shard("a", "0/2", "c1", "Xeon", "quick", "t1");
        final Path b = shard("b", "1/2", "c1", "EPYC", "quick", "t2");
        final List<String> lines = problems(ShardMerge.Allowances.NONE, a, b);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.getFirst().contains("EPYC") && lines.getFirst().contains("--allow-different-cpus"), lines.getFirst());
        assertEquals(List.of(), problems(new ShardMerge.Allowances(false, false, true, false), a, b));
    }

    @Test
    void missingDuplicatedOrForeignShardsAreRefused() throws Exception {
        final Path a = shard("a", "0/3", "c1", "Xeon", "quick", "t1");
        final Path again = shard("again", "0/3", "c1", "Xeon", "quick", "t2");
        final Path otherPartition = shard("other", "1/2", "c1", "Xeon", "quick", "t3");
        final Path sameTrial = shard("same", "1/3", "c1", "Xeon", "quick", "t1");

        final List<String> missing = problems(ShardMerge.Allowances.NONE, a);
        assertEquals(List.of("missing shards 1/3, 2/3 of 3; give every shard's folder, or pass --allow-missing-shards to merge a part"
                + " of the run"), missing);
        assertEquals(List.of(), problems(new ShardMerge.Allowances(false, false, false, true), a));
        assertTrue(problems(new ShardMerge.Allowances(false, false, false, true), a, again).getFirst().contains("holds shard 0/3, as"));
        assertTrue(problems(new ShardMerge.Allowances(false, false, false, true), a, otherPartition).getFirst()
                .contains("a partition into 2"));
        assertTrue(problems(new ShardMerge.Allowances(false, false, false, true), a, sameTrial).getFirst()
                .contains("trial t1 finished here and in"));
    }

    @Test
    void aFolderOfShardFoldersStandsForTheShardsInIt() throws Exception {
        final Path a = shard("shards/10-of-11", "10/11", "c1", "Xeon", "quick", "t10");
        final Path b = shard("shards/2-of-11", "2/11", "c1", "Xeon", "quick", "t2");
        Files.createDirectories(root.resolve("shards/logs-elsewhere"));
        assertEquals(List.of(b, a), ShardMerge.shardFolders(root.resolve("shards")), "by K, not by name");
        assertEquals(List.of(a), ShardMerge.shardFolders(a), "a results folder is itself");
    }

    @Test
    void aFolderThatIsNotAResultsFolderIsNamed() throws Exception {
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ShardMerge.Folder.read(root.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("no such folder"), missing.getMessage());
        Files.createDirectories(root.resolve("empty"));
        final IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ShardMerge.Folder.read(root.resolve("empty")));
        assertTrue(empty.getMessage().contains("not a results folder"), empty.getMessage());
    }

    @Test
    void mergingIntoAFolderThatHoldsResultsIsRefused() throws Exception {
        final Path a = shard("a", "0/1", "c1", "Xeon", "quick", "t1");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ShardMerge.merge(List.of(ShardMerge.Folder.read(a)), a));
        assertTrue(e.getMessage().contains("already holds results"), e.getMessage());
    }

    private static List<String> ids(final Path folder, final Table table) {
        return ResultStore.read(folder.resolve(table.fileName()), table).stream().map(r -> r.get("trial_id")).toList();
    }
}
