package nicharness.harness.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.MalformedResultsException;

/**
 * The per-packet-cost file ({@code cost.csv}, written by {@code nicharness.harness.cost.CostCsv})
 * as the charts read it: one row per driver, NF, metric and measurement, with the paper's or the
 * slides' value beside it where they give one, and the machine in the comment lines above the
 * header. A configuration measured several times has several rows; the charts draw their median
 * and range.
 *
 * @param file    the file read
 * @param machine the caption line made from the file's comments, or null when it has none
 * @param rows    every row with a value, in file order (rows whose method was unavailable are left out)
 */
public record CostResults(Path file, String machine, List<CostResults.Row> rows) {

    /** The file's name in the results folder. */
    public static final String FILE = "cost.csv";

    static final List<String> COLUMNS = List.of("driver", "nf", "variant", "metric", "value", "unit", "method", "paper_value",
            "paper_source");

    public CostResults {
        rows = List.copyOf(rows);
    }

    /**
     * One measured value.
     *
     * @param driver      the driver
     * @param variant     the paper's column name ({@code nop}, {@code write}, {@code lookup}, {@code pol})
     * @param metric      what was measured ({@code instructions_per_packet}, ...)
     * @param value       the value
     * @param unit        its unit
     * @param method      how it was measured
     * @param paperValue  the paper's or slides' value, NaN when there is none
     * @param paperSource where the paper value comes from, empty when there is none
     */
    public record Row(String driver, String variant, String metric, double value, String unit, String method,
                      double paperValue, String paperSource) {
    }

    /**
     * Reads {@value #FILE} from {@code folder}.
     *
     * @throws MalformedResultsException naming the file and line of the first bad record
     */
    public static CostResults read(final Path folder) {
        final CsvFile csv = CsvFile.read(folder.resolve(FILE), COLUMNS);
        final List<Row> rows = new ArrayList<>();
        for (final CsvFile.Row r : csv.rows()) {
            final double value = r.numberOrNaN("value");
            if (Double.isNaN(value)) {
                continue; // the method was not available on the machine that wrote the file
            }
            if (r.text("metric").isEmpty() || r.text("driver").isEmpty()) {
                throw r.problem("a cost row needs a driver and a metric");
            }
            rows.add(new Row(r.text("driver"), r.text("variant").isEmpty() ? r.text("nf") : r.text("variant"), r.text("metric"),
                    value, r.text("unit"), r.text("method"), r.numberOrNaN("paper_value"), r.text("paper_source")));
        }
        return new CostResults(csv.file(), RunCaption.ofComments(csv.comments()), rows);
    }
}
