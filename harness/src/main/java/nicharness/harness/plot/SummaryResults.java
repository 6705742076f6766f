package nicharness.harness.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import nicharness.harness.measure.Spread;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.MalformedResultsException;
import nicharness.harness.output.Summary;

/**
 * The run's {@code summary.csv} as the charts read it: for every configuration (workload and
 * driver), level and metric, the median of the repetitions with their minimum and maximum, how
 * many repetitions the tester rather than the driver limited, and how many offered more than their
 * own measured maximum.
 *
 * <p>A record whose values are not what their columns hold, or whose counts are not counts of the
 * same repetitions, is kept aside as {@linkplain #rejected() rejected} rather than failing the
 * file: only the charts that would read it are left out (see {@link #select}), so one bad line
 * does not cost the run its other charts.
 *
 * @param file     the file read
 * @param lines    every well-formed summarised metric, in file order
 * @param rejected the records that are not, each with what is wrong with it
 */
public record SummaryResults(Path file, List<SummaryResults.Line> lines, List<SummaryResults.Line> rejected) {

    /** The columns read. */
    static final List<String> COLUMNS = List.of("workload", "experiments", "driver", "nf", "directions", "loss_threshold",
            "extra_work_ns", "device_cost_factor", "level", "metric", "median", "min", "max", "repetitions",
            "tester_limited_repetitions");
    /** Read when present: summaries written before it existed have no overloaded levels to mark. */
    static final String OVERLOADED = "overloaded_repetitions";

    public SummaryResults {
        lines = List.copyOf(lines);
        rejected = List.copyOf(rejected);
    }

    /**
     * One summarised metric of one configuration.
     *
     * @param line             the line it was read from
     * @param workload         the workload id ({@code policer-2way}, {@code nop-2way-cost4})
     * @param experiments      the experiments its trials served ({@code fig9}, {@code device-cost})
     * @param driver           the driver
     * @param nf               the NF
     * @param directions       1 or 2
     * @param lossThreshold    the search's loss threshold, a fraction
     * @param extraWorkNs      the slow no-op's extra work per packet, ns
     * @param deviceCostFactor the multiple of the model's device-access cost
     * @param level            the latency level's label ({@code 0}, {@code 0.5max}, {@code max}); empty for throughput
     * @param metric           the metric ({@code throughput_gbps}, {@code latency_p50_ns}, {@code load_gbps}, ...)
     * @param spread           median, minimum and maximum over the repetitions
     * @param testerLimited    how many repetitions the tester limited
     * @param overloaded       how many repetitions offered more than their own measured maximum
     * @param problem          what is wrong with the record, naming file and line; null for a well-formed one
     */
    public record Line(long line, String workload, Set<String> experiments, String driver, String nf, int directions,
                       double lossThreshold, double extraWorkNs, double deviceCostFactor, String level, String metric,
                       Spread spread, int testerLimited, int overloaded, MalformedResultsException problem) {

        /** Whether this configuration served {@code experiment}. */
        public boolean serves(final String experiment) {
            return experiments.contains(experiment);
        }
    }

    /**
     * Reads {@code summary.csv} from {@code folder}; records with bad values go to {@link #rejected()}.
     *
     * @throws MalformedResultsException when the file as a whole cannot be read (missing, not CSV,
     *                                   without a column, cut short)
     */
    public static SummaryResults read(final Path folder) {
        final CsvFile csv = CsvFile.read(folder.resolve(Summary.FILE), COLUMNS);
        final List<Line> lines = new ArrayList<>();
        final List<Line> rejected = new ArrayList<>();
        for (final CsvFile.Row row : csv.rows()) {
            if (row.text("median").isEmpty()) {
                continue; // the metric had no value in any repetition (the summary writes NaN as empty)
            }
            try {
                lines.add(line(row));
            } catch (final MalformedResultsException e) {
                rejected.add(identity(row, e));
            }
        }
        return new SummaryResults(csv.file(), lines, rejected);
    }

    private static Line line(final CsvFile.Row row) {
        final double median = row.number("median");
        final double min = row.has("min") ? row.number("min") : median;
        final double max = row.has("max") ? row.number("max") : median;
        if (!(min <= median && median <= max)) {
            throw row.problem("min " + min + ", median " + median + " and max " + max + " are out of order");
        }
        final long repetitions = row.integer("repetitions");
        final long limited = row.integer("tester_limited_repetitions");
        final long overloaded = row.has(OVERLOADED) ? row.integer(OVERLOADED) : 0;
        if (repetitions < 1 || limited < 0 || limited > repetitions || overloaded < 0 || overloaded > repetitions) {
            throw row.problem("repetitions=" + repetitions + ", tester_limited_repetitions=" + limited + " and " + OVERLOADED + "="
                    + overloaded + " are not counts of the same repetitions");
        }
        return new Line(row.line(), row.text("workload"), experiments(row), row.text("driver"), row.text("nf"),
                (int) row.integer("directions"), row.number("loss_threshold"), row.number("extra_work_ns"),
                row.number("device_cost_factor"), row.text("level"), row.text("metric"),
                new Spread((int) repetitions, median, min, max), (int) limited, (int) overloaded, null);
    }

    /** What identifies a rejected record (its texts; numbers it cannot give are NaN), so that a chart knows it would read it. */
    private static Line identity(final CsvFile.Row row, final MalformedResultsException problem) {
        return new Line(row.line(), row.text("workload"), experiments(row), row.text("driver"), row.text("nf"), 0, Double.NaN,
                Double.NaN, Double.NaN, row.text("level"), row.text("metric"), new Spread(0, Double.NaN, Double.NaN, Double.NaN),
                0, 0, problem);
    }

    private static Set<String> experiments(final CsvFile.Row row) {
        return Set.copyOf(Arrays.asList(row.text("experiments").split("\\+")));
    }

    /**
     * The lines that match {@code filter}.
     *
     * @throws MalformedResultsException of the first rejected record that matches {@code filter}:
     *                                   a chart drawn without it would be silently incomplete
     */
    public List<Line> select(final Predicate<Line> filter) {
        for (final Line bad : rejected) {
            if (filter.test(bad)) {
                throw bad.problem();
            }
        }
        return lines.stream().filter(filter).toList();
    }
}
