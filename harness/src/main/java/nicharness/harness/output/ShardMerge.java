package nicharness.harness.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nicharness.harness.plan.Shard;

/**
 * Puts the results folders of a sharded run ({@code run --shard K/N}, one per Slurm array task or
 * Kubernetes completion) back into one folder, as if one machine had run the whole plan: every
 * table's rows, the trials' logs, Tables 2 and 4 from the shard that wrote them, and a
 * {@code run.csv} that says which shards it was made of.
 *
 * <p>Folders are refused, each with one line saying why, when they would mix results that cannot
 * be compared: another commit of the project, other settings, another CPU model in simulated time
 * (where the driver's time per poll is this CPU's), shards of different partitions, the same shard
 * twice, a missing shard, or one trial finished in two folders. Each refusal but the last two can
 * be overridden by the caller ({@link Allowances}), which the merged {@code run.csv} then records.
 */
public final class ShardMerge {

    /** Files a shard may hold besides the tables, copied from the first shard that has them. */
    static final List<String> SINGLE_FILES = List.of("complexity.csv", "complexity-functions.md", "cost.csv");

    /** What the caller accepts despite the rules. */
    public record Allowances(boolean commits, boolean settings, boolean cpus, boolean missingShards) {
        /** Nothing: every rule applies. */
        public static final Allowances NONE = new Allowances(false, false, false, false);
    }

    /**
     * One results folder, as {@code run} left it.
     *
     * @param path        the folder
     * @param description its first session's description ({@code run.csv})
     * @param commits     every commit its sessions ran at
     * @param shard       the shard it holds ("0/1" for a whole run)
     */
    public record Folder(Path path, Map<String, String> description, Set<String> commits, Shard shard) {

        /**
         * Reads a folder's description.
         *
         * @throws IllegalArgumentException naming the folder and what is missing
         */
        public static Folder read(final Path path) {
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException(path + ": no such folder; give the folders that 'run --shard K/N' wrote");
            }
            if (!Files.exists(path.resolve(Table.TRIALS.fileName())) || !Files.exists(path.resolve(RunDescription.FILE))) {
                throw new IllegalArgumentException(path + ": not a results folder (no " + Table.TRIALS.fileName() + " or "
                        + RunDescription.FILE + "); give the folders that 'run --shard K/N' wrote");
            }
            final Map<Integer, Map<String, String>> sessions = RunDescription.read(path);
            if (sessions.isEmpty()) {
                throw new IllegalArgumentException(path + ": " + RunDescription.FILE + " is empty; the run never started there");
            }
            final Map<String, String> first = sessions.values().iterator().next();
            final Set<String> commits = new TreeSet<>();
            // A session that ran with uncommitted changes did not run the commit it names.
            sessions.values().forEach(s -> {
                if (s.containsKey(COMMIT)) {
                    commits.add(s.get(COMMIT) + ("true".equals(s.get(UNCOMMITTED)) ? " with uncommitted changes" : ""));
                }
            });
            final String shard = first.get(RunDescription.SETTING + RunDescription.SHARD);
            final Shard parsed;
            try {
                parsed = shard == null ? Shard.WHOLE : Shard.parse(shard);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + RunDescription.FILE + " names a malformed shard: " + e.getMessage(), e);
            }
            return new Folder(path, first, commits, parsed);
        }
    }

    static final String COMMIT = "git_commit";
    static final String UNCOMMITTED = "git_uncommitted_changes";
    static final String CPU_MODEL = "cpu_model";
    /** The run.csv key listing the shards a merged folder was made of. */
    public static final String MERGED_SHARDS = "merged_shards";

    private ShardMerge() {
    }

    /**
     * {@code folder} itself if it is a results folder, else the shard folders in it, named
     * {@code K-of-N} as {@code run --shard} names them, by K (a cluster's shared results volume).
     */
    public static List<Path> shardFolders(final Path folder) {
        if (!Files.isDirectory(folder) || Files.exists(folder.resolve(Table.TRIALS.fileName()))) {
            return List.of(folder);
        }
        try (Stream<Path> children = Files.list(folder)) {
            final List<Path> shards = children.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().matches("\\d+-of-\\d+"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().split("-", 2)[0])))
                    .toList();
            return shards.isEmpty() ? List.of(folder) : shards;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * What forbids merging {@code folders}, one line each; empty when they can be merged.
     */
    public static List<String> problems(final List<Folder> folders, final Allowances allow) {
        final List<String> problems = new ArrayList<>();
        if (folders.isEmpty()) {
            problems.add("no folder to merge");
            return problems;
        }
        final Folder first = folders.getFirst();
        for (final Folder other : folders.subList(1, folders.size())) {
            if (!allow.commits() && !other.commits().equals(first.commits())) {
                problems.add(other.path() + ": ran at commit " + String.join(", ", other.commits()) + ", but " + first.path()
                        + " at " + String.join(", ", first.commits()) + "; merge the results of one commit, or pass"
                        + " --allow-different-commits");
            }
            if (!allow.settings()) {
                final String difference = firstDifference(first.description(), other.description());
                if (difference != null) {
                    problems.add(other.path() + ": other settings than " + first.path() + " (" + difference + "); merge the shards"
                            + " of one run, or pass --allow-different-settings");
                }
            }
            final boolean simulated = "virtual".equals(first.description().get(RunDescription.SETTING + "clock"));
            final String cpu = first.description().get(CPU_MODEL);
            if (!allow.cpus() && simulated && cpu != null && !cpu.equals(other.description().get(CPU_MODEL))) {
                problems.add(other.path() + ": ran on a " + other.description().get(CPU_MODEL) + ", " + first.path() + " on a " + cpu
                        + "; in simulated time a poll costs what it cost on the CPU that ran it, so shards on different CPU models"
                        + " measure different machines; pass --allow-different-cpus to merge them anyway");
            }
            if (other.shard().count() != first.shard().count()) {
                problems.add(other.path() + ": shard " + other.shard() + " of a partition into " + other.shard().count() + ", but "
                        + first.path() + " holds shard " + first.shard() + "; merge the shards of one partition");
            }
        }
        final Map<Integer, Path> byIndex = new HashMap<>();
        for (final Folder folder : folders) {
            final Path before = byIndex.putIfAbsent(folder.shard().index(), folder.path());
            if (before != null) {
                problems.add(folder.path() + ": holds shard " + folder.shard() + ", as " + before + " does; give each shard once");
            }
        }
        final int count = first.shard().count();
        final List<String> missing = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            if (!byIndex.containsKey(k)) {
                missing.add(k + "/" + count);
            }
        }
        if (!missing.isEmpty() && !allow.missingShards()) {
            problems.add("missing shard" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing) + " of " + count
                    + "; give every shard's folder, or pass --allow-missing-shards to merge a part of the run");
        }
        final Map<String, Path> finishedIn = new HashMap<>();
        for (final Folder folder : folders) {
            for (final Map<String, String> row : ResultStore.read(folder.path().resolve(Table.TRIALS.fileName()), Table.TRIALS)) {
                if (TrialOutcome.Status.OK.text().equals(row.get("status"))) {
                    final Path before = finishedIn.putIfAbsent(row.get("trial_id"), folder.path());
                    if (before != null && !before.equals(folder.path())) {
                        problems.add(folder.path() + ": trial " + row.get("trial_id") + " finished here and in " + before
                                + "; these folders are not shards of one partition");
                    }
                }
            }
        }
        return problems;
    }

    /** The first setting whose value differs, as "key: a vs b", or null; the shard itself may differ. */
    private static String firstDifference(final Map<String, String> a, final Map<String, String> b) {
        final Set<String> keys = new LinkedHashSet<>();
        Stream.of(a, b).forEach(m -> m.keySet().stream().filter(k -> k.startsWith(RunDescription.SETTING)).forEach(keys::add));
        keys.remove(RunDescription.SETTING + RunDescription.SHARD);
        for (final String key : keys) {
            final String x = a.get(key);
            final String y = b.get(key);
            if (x == null ? y != null : !x.equals(y)) {
                return key.substring(RunDescription.SETTING.length()) + ": " + x + " vs " + y;
            }
        }
        return null;
    }

    /**
     * Writes the merged folder: every table's rows (shard by shard, each shard's in its own order),
     * the trials' logs, Tables 2 and 4 from the first shard that has them, and {@code run.csv}.
     * The summary and the charts are the caller's to write from it, as after a run.
     *
     * @param folders folders {@link #problems} accepted
     * @param output  an empty or new folder
     * @return notes on what was taken from where
     */
    public static List<String> merge(final List<Folder> folders, final Path output) {
        final List<String> notes = new ArrayList<>();
        final List<Folder> ordered = new ArrayList<>(folders);
        ordered.sort(Comparator.comparingInt(f -> f.shard().index()));
        try {
            Files.createDirectories(output);
            if (Files.exists(output.resolve(Table.TRIALS.fileName()))) {
                throw new IllegalArgumentException("the output folder " + output + " already holds results; merge into a new folder");
            }
            for (final Table table : Table.values()) {
                if (table == Table.TRIALS) {
                    continue;
                }
                ResultStore.write(output.resolve(table.fileName()), table, rows(ordered, table));
            }
            // trials.csv last, as a run writes it: a folder counts its trials done only once their rows are in.
            ResultStore.write(output.resolve(Table.TRIALS.fileName()), Table.TRIALS, rows(ordered, Table.TRIALS));
            for (final Folder folder : ordered) {
                copyLogs(folder.path().resolve("logs"), output.resolve("logs"));
            }
            for (final String name : SINGLE_FILES) {
                for (final Folder folder : ordered) {
                    final Path file = folder.path().resolve(name);
                    if (Files.exists(file)) {
                        Files.copy(file, output.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                        notes.add(name + " from shard " + folder.shard());
                        break;
                    }
                }
            }
            RunDescription.append(output, 1, description(ordered));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the merged results to " + output + ": " + e.getMessage(), e);
        }
        return notes;
    }

    private static List<Map<String, String>> rows(final List<Folder> folders, final Table table) {
        final List<Map<String, String>> rows = new ArrayList<>();
        for (final Folder folder : folders) {
            rows.addAll(ResultStore.read(folder.path().resolve(table.fileName()), table));
        }
        return rows;
    }

    private static void copyLogs(final Path from, final Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> logs = Files.list(from)) {
            for (final Path log : logs.toList()) {
                Files.copy(log, to.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * The merged run's description: the first shard's, without its shard, with the shards it was
     * made of, and every value another shard recorded differently (the start times, the machine's
     * name for its CPU, what an override let through) under {@code shard.K.key}.
     */
    private static Map<String, String> description(final List<Folder> folders) {
        final Map<String, String> merged = new LinkedHashMap<>(folders.getFirst().description());
        merged.remove(RunDescription.SETTING + RunDescription.SHARD);
        merged.put(MERGED_SHARDS, String.join(", ", folders.stream().map(f -> f.shard().toString()).toList()));
        merged.put("merged_at", Instant.now().toString());
        for (final Folder folder : folders.subList(1, folders.size())) {
            folder.description().forEach((key, value) -> {
                if (!key.equals(RunDescription.SETTING + RunDescription.SHARD) && !value.equals(folders.getFirst().description().get(key))) {
                    merged.put("shard." + folder.shard().index() + "." + key, value);
                }
            });
        }
        return merged;
    }
}
