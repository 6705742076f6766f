package nicharness.harness.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import nicharness.harness.measure.Spread;
import nicharness.harness.output.Summary;

/**
 * The run's {@code summary.csv} as the charts read it: for every configuration (workload and
 * driver), level and metric, the median of the repetitions with their minimum and maximum, and
 * how many repetitions the tester rather than the driver limited.
 *
 * @param file  the file read
 * @param lines every summarised metric, in file order
 */
public record SummaryResults(Path file, List<SummaryResults.Line> lines) {

    /** The columns read. */
    static final List<String> COLUMNS = List.of("workload", "experiments", "driver", "nf", "directions", "loss_threshold",
            "extra_work_ns", "device_cost_factor", "level", "metric", "median", "min", "max", "repetitions",
            "tester_limited_repetitions");

    public SummaryResults {
        lines = List.copyOf(lines);
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
     */
    public record Line(long line, String workload, Set<String> experiments, String driver, String nf, int directions,
                       double lossThreshold, double extraWorkNs, double deviceCostFactor, String level, String metric,
                       Spread spread, int testerLimited) {

        /** Whether this configuration served {@code experiment}. */
        public boolean serves(final String experiment) {
            return experiments.contains(experiment);
        }
    }

    /**
     * Reads {@code summary.csv} from {@code folder}.
     *
     * @throws MalformedResultsException naming the file and line of the first bad record
     */
    public static SummaryResults read(final Path folder) {
        final CsvFile csv = CsvFile.read(folder.resolve(Summary.FILE), COLUMNS);
        final List<Line> lines = new ArrayList<>();
        for (final CsvFile.Row row : csv.rows()) {
            if (row.text("median").isEmpty()) {
                continue; // the metric had no value in any repetition (the summary writes NaN as empty)
            }
            final double median = row.number("median");
            final double min = row.has("min") ? row.number("min") : median;
            final double max = row.has("max") ? row.number("max") : median;
            if (!(min <= median && median <= max)) {
                throw row.problem("min " + min + ", median " + median + " and max " + max + " are out of order");
            }
            final long repetitions = row.integer("repetitions");
            final long limited = row.integer("tester_limited_repetitions");
            if (repetitions < 1 || limited < 0 || limited > repetitions) {
                throw row.problem("repetitions=" + repetitions + " and tester_limited_repetitions=" + limited
                        + " are not counts of the same repetitions");
            }
            lines.add(new Line(row.line(), row.text("workload"), Set.copyOf(Arrays.asList(row.text("experiments").split("\\+"))),
                    row.text("driver"), row.text("nf"), (int) row.integer("directions"), row.number("loss_threshold"),
                    row.number("extra_work_ns"), row.number("device_cost_factor"), row.text("level"), row.text("metric"),
                    new Spread((int) repetitions, median, min, max), (int) limited));
        }
        return new SummaryResults(csv.file(), lines);
    }

    /** The lines that match {@code filter}. */
    public List<Line> select(final Predicate<Line> filter) {
        return lines.stream().filter(filter).toList();
    }
}
