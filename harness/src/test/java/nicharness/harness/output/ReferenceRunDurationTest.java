package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** The root README's figures about the reference run as a whole are the ones its CSV files record. */
class ReferenceRunDurationTest {

    @Test
    void theTrialsRanFromTheRunsStartToTheLastTrialsEnd() throws Exception {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final Matcher quoted = Pattern.compile("its\\s+trials ran for (\\d+) min (\\d+) s").matcher(Files.readString(root.resolve("README.md")));
        assertTrue(quoted.find(), "README.md no longer quotes how long the reference run's trials ran; update this test");
        Instant start = null;
        try (Reader in = Files.newBufferedReader(root.resolve("results/run.csv"))) {
            for (final CSVRecord r : CSVFormat.DEFAULT.builder().setCommentMarker('#').get().parse(in)) {
                if (r.size() > 2 && r.get(1).equals("started_at") && start == null) {
                    start = Instant.parse(r.get(2));
                }
            }
        }
        assertTrue(start != null, "results/run.csv has no started_at row");
        Instant end = start;
        try (Reader in = Files.newBufferedReader(root.resolve("results/trials.csv"))) {
            for (final CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                final Instant trialEnd = Instant.parse(r.get("started_at"))
                        .plusNanos(Math.round(Double.parseDouble(r.get("duration_s")) * 1e9));
                end = trialEnd.isAfter(end) ? trialEnd : end;
            }
        }
        final long seconds = Math.round(Duration.between(start, end).toMillis() / 1000.0);
        assertEquals(seconds / 60 + " min " + seconds % 60 + " s", quoted.group(1) + " min " + quoted.group(2) + " s",
                "README.md's duration of the reference run's trials differs from results/run.csv and results/trials.csv");
    }

    @Test
    void theMedianShareOfReplacedPollsIsTheOneInSimulationCsv() throws Exception {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final Matcher quoted = Pattern.compile("were a median (\\d+) %\\s+of\\s+its polls").matcher(Files.readString(root.resolve("README.md")));
        assertTrue(quoted.find(), "README.md no longer quotes the reference run's median share of replaced polls; update this test");
        final java.util.List<Double> shares = new java.util.ArrayList<>();
        try (Reader in = Files.newBufferedReader(root.resolve("results/simulation.csv"))) {
            for (final CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                shares.add(Double.parseDouble(r.get("polls_replaced_share")));
            }
        }
        assertTrue(!shares.isEmpty(), "results/simulation.csv has no trials");
        java.util.Collections.sort(shares);
        final int n = shares.size();
        final double median = n % 2 == 1 ? shares.get(n / 2) : (shares.get(n / 2 - 1) + shares.get(n / 2)) / 2;
        assertEquals(String.valueOf(Math.round(median * 100)), quoted.group(1),
                "README.md's median share of replaced polls differs from results/simulation.csv");
    }
}
