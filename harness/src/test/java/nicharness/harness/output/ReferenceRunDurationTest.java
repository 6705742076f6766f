package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The root README's figures about the reference run as a whole are the ones its CSV files record. */
class ReferenceRunDurationTest {

    @Test
    void theTrialsRanFromTheRunsStartToTheLastTrialsEnd() throws Exception {
        final Path root = Path.of("..").toAbsolutePath().normalize();
        final Matcher quoted = Pattern.compile("its\\s+trials ran for (\\d+) min (\\d+) s").matcher(Files.readString(root.resolve("README.md")));
        assertTrue(quoted.find(), "README.md no longer quotes how long the reference run's trials ran; update this test");
        Instant start = null;
        for (final CsvFile.Row r : CsvFile.read(root.resolve("results/run.csv"), List.of("key", "value")).rows()) {
            if (r.text("key").equals("started_at") && start == null) {
                start = Instant.parse(r.text("value"));
            }
        }
        assertTrue(start != null, "results/run.csv has no started_at row");
        Instant end = start;
        for (final CsvFile.Row r : CsvFile.read(root.resolve("results/trials.csv"), List.of("started_at", "duration_s")).rows()) {
            final Instant trialEnd = Instant.parse(r.text("started_at")).plusNanos(Math.round(r.number("duration_s") * 1e9));
            end = trialEnd.isAfter(end) ? trialEnd : end;
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
        final List<Double> shares = new ArrayList<>();
        for (final CsvFile.Row r : CsvFile.read(root.resolve("results/simulation.csv"), List.of("polls_replaced_share")).rows()) {
            shares.add(r.number("polls_replaced_share"));
        }
        assertTrue(!shares.isEmpty(), "results/simulation.csv has no trials");
        java.util.Collections.sort(shares);
        final int n = shares.size();
        final double median = n % 2 == 1 ? shares.get(n / 2) : (shares.get(n / 2 - 1) + shares.get(n / 2)) / 2;
        assertEquals(String.valueOf(Math.round(median * 100)), quoted.group(1),
                "README.md's median share of replaced polls differs from results/simulation.csv");
    }
}
