package nicharness.harness.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.MalformedResultsException;
import nicharness.harness.output.Table;

/**
 * The run's {@code latency_ccdf.csv} as the charts read it: one complementary CDF per trial and
 * latency level, each the fraction of probes slower than each recorded latency, from the
 * fastest probe down to the 99.99th percentile (paper section 3.4).
 *
 * <p>A curve with a bad point is kept aside as {@linkplain #rejected() rejected}, with what is wrong
 * with it, rather than failing the file: only the charts of the experiments it served are left
 * out (see {@link #served}).
 *
 * @param file     the file read
 * @param curves   every well-formed curve, in file order
 * @param rejected for each curve with a bad point, the experiments it served and what is wrong
 */
public record CcdfResults(Path file, List<CcdfResults.Curve> curves, List<CcdfResults.Rejected> rejected) {

    static final List<String> COLUMNS = List.of("experiments", "workload", "driver", "nf", "repetition", "directions",
            "loss_threshold", "level", "load_gbps", "latency_ns", "ccdf_fraction");

    public CcdfResults {
        curves = List.copyOf(curves);
        rejected = List.copyOf(rejected);
    }

    /** A curve that cannot be drawn: the experiments its trial served, and the first problem found in it. */
    public record Rejected(Set<String> experiments, MalformedResultsException problem) {
    }

    /**
     * The curves that served {@code experiment}.
     *
     * @throws MalformedResultsException of the first rejected curve that served it
     */
    public List<Curve> served(final String experiment) {
        for (final Rejected bad : rejected) {
            if (bad.experiments().contains(experiment)) {
                throw bad.problem();
            }
        }
        return curves.stream().filter(c -> c.serves(experiment)).toList();
    }

    /**
     * One repetition's CCDF at one level.
     *
     * @param workload      the workload id
     * @param experiments   the experiments its trial served
     * @param driver        the driver
     * @param nf            the NF
     * @param repetition    the repetition, from 1
     * @param directions    1 or 2
     * @param lossThreshold the trial's loss threshold
     * @param level         the level's label
     * @param loadGbps      the level's total background load, Gb/s
     * @param latencyNs     the latencies, ascending
     * @param fractionAbove for each latency, the fraction of probes slower than it: non-increasing, in [0, 1]
     */
    public record Curve(String workload, Set<String> experiments, String driver, String nf, int repetition, int directions,
                        double lossThreshold, String level, double loadGbps, double[] latencyNs, double[] fractionAbove) {

        /**
         * The latency below which all but {@code p} of the probes were: the smallest recorded
         * latency with at most a fraction {@code p} of the probes above it, or NaN when the curve
         * stops before reaching {@code p}.
         */
        public double latencyAt(final double p) {
            for (int i = 0; i < latencyNs.length; i++) {
                if (fractionAbove[i] <= p) {
                    return latencyNs[i];
                }
            }
            return Double.NaN;
        }

        /** Whether this curve serves {@code experiment}. */
        public boolean serves(final String experiment) {
            return experiments.contains(experiment);
        }
    }

    /**
     * Reads {@code latency_ccdf.csv} from {@code folder}.
     *
     * @throws MalformedResultsException when the file as a whole cannot be read; a curve with a bad
     *                                   point (a latency lower than the one before it, say) goes
     *                                   to {@link #rejected()} instead
     */
    public static CcdfResults read(final Path folder) {
        final CsvFile csv = CsvFile.read(folder.resolve(Table.CCDF.fileName()), COLUMNS);
        final Map<String, List<CsvFile.Row>> byCurve = new LinkedHashMap<>();
        for (final CsvFile.Row row : csv.rows()) {
            final String key = row.text("workload") + "/" + row.text("driver") + "/" + row.text("repetition") + "/"
                    + row.text("level");
            byCurve.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        final List<Curve> curves = new ArrayList<>();
        final List<Rejected> rejected = new ArrayList<>();
        for (final List<CsvFile.Row> rows : byCurve.values()) {
            try {
                curves.add(curve(rows));
            } catch (final MalformedResultsException e) {
                rejected.add(new Rejected(Set.copyOf(Arrays.asList(rows.getFirst().text("experiments").split("\\+"))), e));
            }
        }
        return new CcdfResults(csv.file(), curves, rejected);
    }

    private static Curve curve(final List<CsvFile.Row> rows) {
        final double[] latency = new double[rows.size()];
        final double[] fraction = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            final CsvFile.Row row = rows.get(i);
            latency[i] = row.number("latency_ns");
            fraction[i] = row.number("ccdf_fraction");
            if (latency[i] < 0) {
                throw row.problem("latency_ns is negative: " + latency[i]);
            }
            if (fraction[i] < 0 || fraction[i] > 1) {
                throw row.problem("ccdf_fraction must be a fraction in [0, 1]: " + fraction[i]);
            }
            if (i > 0 && (latency[i] <= latency[i - 1] || fraction[i] > fraction[i - 1])) {
                throw row.problem("a CCDF's points go up in latency and down in fraction, but this one ("
                        + latency[i] + " ns, " + fraction[i] + ") follows (" + latency[i - 1] + " ns, " + fraction[i - 1]
                        + ") in the same curve");
            }
        }
        final CsvFile.Row first = rows.getFirst();
        return new Curve(first.text("workload"), Set.copyOf(Arrays.asList(first.text("experiments").split("\\+"))),
                first.text("driver"), first.text("nf"), (int) first.integer("repetition"), (int) first.integer("directions"),
                first.number("loss_threshold"), first.text("level"), first.number("load_gbps"), latency, fraction);
    }
}
