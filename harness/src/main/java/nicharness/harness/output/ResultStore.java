package nicharness.harness.output;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nicharness.harness.plan.TrialSpec;

/**
 * The run's output folder: the tidy CSV tables of {@link Table}, written through {@link CsvWriter}
 * as each trial finishes, each row flushed at once, so that an interrupted run loses nothing, and read back by {@code --resume}
 * to skip the trials already done.
 *
 * <p>A trial's measurement rows are written first, its row in {@code trials.csv} last. On resume,
 * rows of trials with no {@code ok} row in {@code trials.csv} (a trial cut off half-way) are
 * removed before the run continues, so that no trial's rows appear twice.
 */
public final class ResultStore implements Closeable {

    private final Path folder;
    private final Set<String> finished;
    private final Map<Table, CsvWriter> writers = new EnumMap<>(Table.class);

    private ResultStore(final Path folder, final Set<String> finished) {
        this.folder = folder;
        this.finished = finished;
    }

    /**
     * Opens an output folder.
     *
     * @param folder the folder, created if missing
     * @param resume false for a new run (the folder must hold no results), true to continue one
     * @throws IllegalArgumentException when a new run would mix with old results, or a resumed run
     *                                  has nothing to resume or tables of another layout
     */
    public static ResultStore open(final Path folder, final boolean resume) {
        try {
            Files.createDirectories(folder);
            final Path trials = folder.resolve(Table.TRIALS.fileName());
            final boolean hasResults = Files.exists(trials);
            if (!resume && hasResults) {
                throw new IllegalArgumentException("the output folder " + folder + " already holds results (" + Table.TRIALS.fileName()
                        + "); continue that run with --resume, or choose another folder with --output");
            }
            final Set<String> finished = new HashSet<>();
            if (resume && hasResults) {
                for (final Map<String, String> row : read(trials, Table.TRIALS)) {
                    if (TrialOutcome.Status.OK.text().equals(row.get("status"))) {
                        finished.add(row.get("trial_id"));
                    }
                }
                for (final Table table : Table.values()) {
                    if (table != Table.TRIALS) {
                        dropUnfinished(folder.resolve(table.fileName()), table, finished);
                    }
                }
            }
            return new ResultStore(folder, finished);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot use the output folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The output folder. */
    public Path folder() {
        return folder;
    }

    /** The ids of the trials that finished in earlier sessions of this run. */
    public Set<String> finishedTrials() {
        return Set.copyOf(finished);
    }

    /**
     * Appends one trial's rows, then its {@code trials.csv} row, each flushed as it is written.
     *
     * @throws IllegalArgumentException if a row does not fit its table
     */
    public void record(final TrialSpec trial, final TrialOutcome outcome) {
        try {
            final List<String> configuration = configuration(trial);
            for (final Row row : outcome.rows()) {
                final List<String> values = new ArrayList<>(configuration);
                for (final String column : row.table().measurementColumns()) {
                    values.add(row.values().get(column));
                }
                writer(row.table()).row(values);
            }
            final List<String> values = new ArrayList<>(configuration);
            values.add(outcome.status().text());
            values.add(outcome.startedAt().toString());
            values.add(Row.decimal(Math.round(outcome.durationSeconds() * 1000) / 1000.0));
            values.add(Row.decimal(outcome.testerCeilingGbps()));
            values.add(outcome.message());
            writer(Table.TRIALS).row(values);
            if (outcome.status() == TrialOutcome.Status.OK) {
                finished.add(trial.id());
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write results to " + folder + ": " + e.getMessage(), e);
        }
    }

    /** The configuration columns of {@code trial}, in {@link Table#CONFIGURATION} order. */
    static List<String> configuration(final TrialSpec trial) {
        final var w = trial.workload();
        return List.of(trial.id(), trial.experimentIds(), w.id(), trial.driver(), w.nf(), Integer.toString(trial.repetition()),
                Integer.toString(w.directions()), Integer.toString(w.layer()), Row.decimal(w.lossThreshold()),
                Row.decimal(w.extraWorkNs()), Row.decimal(w.deviceCostFactor()));
    }

    private CsvWriter writer(final Table table) throws IOException {
        CsvWriter writer = writers.get(table);
        if (writer == null) {
            writer = CsvWriter.append(folder.resolve(table.fileName()), table.columns(), List.of());
            writers.put(table, writer);
        }
        return writer;
    }

    /**
     * Every row of a table file as column to value, in file order (a row cut short has its missing
     * columns empty); an empty list if the file is absent.
     *
     * @throws MalformedResultsException if the file has other columns than {@code table}'s or is not
     *                                   valid CSV
     */
    public static List<Map<String, String>> read(final Path file, final Table table) {
        final List<Map<String, String>> rows = new ArrayList<>();
        if (Files.exists(file)) {
            CsvFile.readWithShortRecords(file, table.columns()).withHeader(table.columns()).rows().forEach(row -> rows.add(row.asMap()));
        }
        return rows;
    }

    /** Rewrites {@code file} without the rows of trials not in {@code finished}, if it has any. */
    private static void dropUnfinished(final Path file, final Table table, final Set<String> finished) throws IOException {
        final List<Map<String, String>> rows = read(file, table);
        final List<Map<String, String>> kept = rows.stream().filter(r -> finished.contains(r.get("trial_id"))).toList();
        if (kept.size() == rows.size()) {
            return;
        }
        write(file, table, kept);
    }

    /**
     * Writes {@code rows} (column to value, in {@link Table#columns()} order) as the whole of
     * {@code file}, through a temporary file, so that the file is either the old one or the new.
     */
    public static void write(final Path file, final Table table, final List<Map<String, String>> rows) throws IOException {
        final List<List<String>> values = new ArrayList<>();
        for (final Map<String, String> row : rows) {
            values.add(table.columns().stream().map(column -> row.getOrDefault(column, "")).toList());
        }
        CsvWriter.replace(file, table.columns(), List.of(), values);
    }

    @Override
    public void close() {
        IOException first = null;
        for (final CsvWriter writer : writers.values()) {
            try {
                writer.close();
            } catch (final IOException e) {
                first = first == null ? e : first;
            }
        }
        writers.clear();
        if (first != null) {
            throw new UncheckedIOException("cannot close the result files in " + folder + ": " + first.getMessage(), first);
        }
    }
}
