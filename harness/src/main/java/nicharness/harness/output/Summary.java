package nicharness.harness.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import nicharness.harness.measure.Spread;

/**
 * The repetitions of every configuration folded into medians with their spread
 * ({@code summary.csv}: one row per configuration, level and metric), from the tidy tables of a run.
 * It is rebuilt from the tables at the end of every session, so it always covers every finished trial.
 *
 * <p>A line's counts are all counts of one set of repetitions: those that have a value of its
 * metric. A latency level where no probe came back has a load but no latency, so its
 * {@code latency_p50_ns} line counts one repetition fewer than its {@code load_gbps} line, and its
 * tester-limited and overloaded repetitions are counted among the same fewer ones.
 */
public final class Summary {

    /** The file's name in the output folder. */
    public static final String FILE = "summary.csv";
    /** Its columns. */
    public static final List<String> COLUMNS = List.of("workload", "experiments", "driver", "nf", "directions", "loss_threshold",
            "extra_work_ns", "device_cost_factor", "level", "metric", "median", "min", "max", "repetitions",
            "tester_limited_repetitions", "overloaded_repetitions");

    private static final List<String> THROUGHPUT_METRICS = List.of("throughput_gbps", "throughput_mpps");
    private static final List<String> LATENCY_METRICS = List.of("load_gbps", "latency_p50_ns", "latency_p99_ns",
            "latency_p999_ns", "latency_max_ns");

    private Summary() {
    }

    /**
     * One summarised metric of one configuration.
     *
     * @param configuration the first repetition's configuration columns
     * @param level         the latency level's label; empty for throughput
     * @param metric        the metric's column
     * @param spread        median, min and max over the repetitions with a value; {@code count} is how many
     * @param testerLimited how many of those repetitions the tester, not the driver, limited
     * @param overloaded    how many of those repetitions offered more than their own measured maximum
     *                      throughput (the queue grew for the whole level: the latency is the queue's)
     */
    public record Line(Map<String, String> configuration, String level, String metric, Spread spread, int testerLimited,
                       int overloaded) {
        public Line {
            if (testerLimited < 0 || testerLimited > spread.count() || overloaded < 0 || overloaded > spread.count()) {
                throw new IllegalArgumentException("counts of other repetitions than the spread's " + spread.count()
                        + ": tester-limited " + testerLimited + ", overloaded " + overloaded);
            }
        }
    }

    /** Summarises the tables in {@code folder}. */
    public static List<Line> compute(final Path folder) {
        final List<Line> lines = new ArrayList<>();
        final Map<String, List<Map<String, String>>> throughput = group(ResultStore.read(folder.resolve(Table.THROUGHPUT.fileName()),
                Table.THROUGHPUT), false);
        for (final List<Map<String, String>> rows : throughput.values()) {
            for (final String metric : THROUGHPUT_METRICS) {
                lines.add(line(rows, "", metric, r -> "tester".equals(r.get("limited_by")), r -> false));
            }
        }
        final Map<String, List<Map<String, String>>> latency = group(ResultStore.read(folder.resolve(Table.LATENCY.fileName()),
                Table.LATENCY), true);
        for (final List<Map<String, String>> rows : latency.values()) {
            for (final String metric : LATENCY_METRICS) {
                lines.add(line(rows, rows.getFirst().get("level"), metric, r -> "true".equals(r.get("tester_limited")),
                        r -> "true".equals(r.get("overloaded"))));
            }
        }
        return lines;
    }

    /**
     * The line of {@code metric} over the repetitions in {@code rows} that have a value of it: the
     * one place where a line's counts are made, all from the same repetitions.
     */
    private static Line line(final List<Map<String, String>> rows, final String level, final String metric,
                             final Predicate<Map<String, String>> testerLimited, final Predicate<Map<String, String>> overloaded) {
        final List<Map<String, String>> measured = rows.stream().filter(r -> r.get(metric) != null && !r.get(metric).isEmpty()).toList();
        final Spread spread = measured.isEmpty() ? new Spread(0, Double.NaN, Double.NaN, Double.NaN)
                : Spread.of(measured.stream().map(r -> Double.parseDouble(r.get(metric))).toList());
        return new Line(rows.getFirst(), level, metric, spread, (int) measured.stream().filter(testerLimited).count(),
                (int) measured.stream().filter(overloaded).count());
    }

    private static Map<String, List<Map<String, String>>> group(final List<Map<String, String>> rows, final boolean byLevel) {
        final Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
        for (final Map<String, String> row : rows) {
            final String key = row.get("workload") + "/" + row.get("driver") + (byLevel ? "/" + row.get("level") : "");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        return groups;
    }

    /** Writes {@link #FILE} in {@code folder} from its tables, replacing any earlier one. */
    public static List<Line> write(final Path folder) {
        final List<Line> lines = compute(folder);
        final List<List<Object>> rows = new ArrayList<>();
        for (final Line line : lines) {
            final Map<String, String> c = line.configuration();
            rows.add(Arrays.asList(c.get("workload"), c.get("experiments"), c.get("driver"), c.get("nf"), c.get("directions"),
                    c.get("loss_threshold"), c.get("extra_work_ns"), c.get("device_cost_factor"), line.level(), line.metric(),
                    Row.decimal(line.spread().median()), Row.decimal(line.spread().min()), Row.decimal(line.spread().max()),
                    line.spread().count(), line.testerLimited(), line.overloaded()));
        }
        final Path file = folder.resolve(FILE);
        try {
            CsvWriter.replace(file, COLUMNS, List.of(), rows);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return lines;
    }
}
