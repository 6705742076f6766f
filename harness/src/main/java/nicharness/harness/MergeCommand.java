package nicharness.harness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nicharness.harness.output.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code merge}: the results folders of a sharded run ({@code run --shard K/N} on N machines) put
 * back into one, then the summary, Table 2 and the charts written from it as a single run would.
 */
@Command(name = "merge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Combines the results folders of a run's shards ('run --shard K/N') into one folder, and writes its summary,",
                "Table 2 (and Table 4 if a shard measured it) and the charts as a single run would."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FOLDER",
            description = "The shards' results folders, or a folder holding them as K-of-N/ (as 'run --shard' names them).")
    private List<Path> folders = List.of();

    @Option(names = {"-o", "--output"}, paramLabel = "FOLDER",
            description = "Where the merged results go (default: results/ in the project folder, a previous run there moved aside"
                    + " to results.<time>; the charts then go to plots/).")
    private Path output;

    @Option(names = "--allow-different-commits", description = "Merge shards that ran at different commits of the project.")
    private boolean allowCommits;

    @Option(names = "--allow-different-settings", description = "Merge shards run with different settings.")
    private boolean allowSettings;

    @Option(names = "--allow-different-cpus",
            description = "Merge simulated-time shards that ran on different CPU models (each poll costs what it cost on its CPU).")
    private boolean allowCpus;

    @Option(names = "--allow-missing-shards", description = "Merge a part of the run's shards.")
    private boolean allowMissing;

    @Option(names = "--skip-tables", description = "Do not write Table 2 nor draw the charts.")
    private boolean skipTables;

    private final PrintStream out;

    MergeCommand(final PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        final List<ShardMerge.Folder> shards = new ArrayList<>();
        for (final Path folder : folders) {
            for (final Path shard : ShardMerge.shardFolders(folder)) {
                shards.add(ShardMerge.Folder.read(shard));
            }
        }
        final List<String> problems = ShardMerge.problems(shards,
                new ShardMerge.Allowances(allowCommits, allowSettings, allowCpus, allowMissing));
        if (!problems.isEmpty()) {
            problems.forEach(p -> out.println("error: merge: " + p));
            out.println("error: merge: refused (" + problems.size() + " problem" + (problems.size() > 1 ? "s" : "")
                    + " above); nothing was written");
            out.flush();
            return Main.USAGE_ERROR;
        }
        final Path folder = output != null ? output : RunCommand.projectRoot().resolve("results");
        if (output == null) {
            RunCommand.setAsidePreviousRun(folder, out);
        }
        ShardMerge.merge(shards, folder).forEach(note -> out.println("merge: " + note));
        out.println("merge: " + shards.size() + " shard folder(s) into " + folder.toAbsolutePath().normalize());
        final List<String> failed = new ArrayList<>();
        try {
            Runner.summarise(folder, out);
        } catch (final RuntimeException e) {
            out.println("summary failed: " + e.getMessage());
            failed.add("summary: " + e.getMessage());
        }
        if (!skipTables) {
            final Path plots = output != null ? folder.resolve("plots") : RunCommand.projectRoot().resolve("plots");
            // As a resumed run: Tables 2 and 4 copied from a shard are kept, Table 2 written if none was.
            failed.addAll(new TablesAndCharts(out).keepingTable4().run(folder, plots, RunCommand.projectRoot(), true));
        }
        if (!failed.isEmpty()) {
            out.println("error: merge: " + failed.size() + " step(s) failed; the merged results are in " + folder + ": "
                    + String.join("; ", failed));
            out.flush();
            return Main.RUN_ERROR;
        }
        return 0;
    }
}
