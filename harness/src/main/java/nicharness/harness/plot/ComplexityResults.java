package nicharness.harness.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.MalformedResultsException;
import nicharness.metrics.ComplexityReport;

/**
 * The run's {@code complexity.csv} (module {@code code-metrics}) as the charts read it: for each
 * Java driver, part (init, receive, transmit) and number of outputs O, our functions, lines and
 * paths, beside the paper's numbers for the C drivers where the paper gives them.
 *
 * @param file the file read
 * @param rows every row, in file order
 */
public record ComplexityResults(Path file, List<ComplexityResults.Row> rows) {

    static final List<String> COLUMNS = List.of("driver", "part", "outputs", "functions", "loc", "paths", "paper_functions",
            "paper_loc", "paper_paths_value");

    public ComplexityResults {
        rows = List.copyOf(rows);
    }

    /**
     * One driver part for one number of outputs.
     *
     * @param driver         the driver's code base ({@code dpdk}, {@code ixy}, {@code tinynf})
     * @param part           {@code init}, {@code receive} or {@code transmit}
     * @param outputs        the number of outputs O the paths are counted for
     * @param functions      our functions
     * @param loc            our lines of code
     * @param paths          our paths per packet
     * @param paperFunctions the paper's functions, NaN where it has none
     * @param paperLoc       the paper's lines of code, NaN where it has none
     * @param paperPaths     the paper's path formula evaluated for O, NaN where it has none
     */
    public record Row(String driver, String part, int outputs, double functions, double loc, double paths,
                      double paperFunctions, double paperLoc, double paperPaths) {
    }

    /**
     * Reads {@code complexity.csv} from {@code folder}.
     *
     * @throws MalformedResultsException naming the file and line of the first bad record
     */
    public static ComplexityResults read(final Path folder) {
        final CsvFile csv = CsvFile.read(folder.resolve(ComplexityReport.CSV_FILE), COLUMNS);
        final List<Row> rows = new ArrayList<>();
        for (final CsvFile.Row r : csv.rows()) {
            final long outputs = r.integer("outputs");
            if (outputs < 1) {
                throw r.problem("outputs must be at least 1: " + outputs);
            }
            rows.add(new Row(r.text("driver"), r.text("part"), (int) outputs, r.number("functions"), r.number("loc"),
                    r.number("paths"), r.numberOrNaN("paper_functions"), r.numberOrNaN("paper_loc"),
                    r.numberOrNaN("paper_paths_value")));
        }
        return new ComplexityResults(csv.file(), rows);
    }
}
