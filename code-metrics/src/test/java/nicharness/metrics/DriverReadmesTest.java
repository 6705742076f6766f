package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The line counts a driver README quotes are the ones of {@code results/complexity-functions.md}
 * (per function) and {@code results/complexity.csv} (per part), the files Table 2 is written to.
 */
class DriverReadmesTest {
    private static final Path ROOT = ComplexityReport.findRepositoryRoot(Path.of(""));

    @Test
    void tinyNfsReadmeQuotesTheLinesOfTheResults() throws Exception {
        final String readme = Files.readString(ROOT.resolve("driver-tinynf/README.md"));
        final String functions = Files.readString(ROOT.resolve("results/complexity-functions.md"));
        for (final String part : new String[] {"receive", "transmit"}) {
            final Matcher row = Pattern.compile("\\| " + part + " \\| (`[^|]*): (\\d+) \\|").matcher(readme);
            assertTrue(row.find(), "driver-tinynf/README.md no longer has its lines row for " + part + "; update this test");
            final Matcher terms = Pattern.compile("`(\\w+)` (\\d+)").matcher(row.group(1));
            int sum = 0;
            while (terms.find()) {
                assertEquals(lines(functions, "Agent." + terms.group(1) + "("), terms.group(2),
                        "Agent." + terms.group(1) + "'s lines in driver-tinynf/README.md (" + part + " row)");
                sum += Integer.parseInt(terms.group(2));
            }
            assertEquals(row.group(2), String.valueOf(sum), "driver-tinynf/README.md: the " + part + " row's sum");
            assertEquals(partLines("tinynf", part), row.group(2), "tinynf " + part + "'s lines in driver-tinynf/README.md");
        }
        final Matcher without = Pattern.compile("without the check and `recycle`\\s+it is ([\\d +]+) = (\\d+)").matcher(readme);
        assertTrue(without.find(), "driver-tinynf/README.md no longer says what receive is without the additions");
        final String[] terms = without.group(1).trim().split(" \\+ ");
        assertEquals(Integer.parseInt(without.group(2)), java.util.Arrays.stream(terms).mapToInt(Integer::parseInt).sum(),
                "driver-tinynf/README.md: the sum of receive's lines without the additions");
        assertEquals(lines(functions, "Agent.flush("), terms[terms.length - 1],
                "driver-tinynf/README.md: flush's lines in receive without the additions");
    }

    /** The lines column of the first row in results/complexity-functions.md whose function starts with {@code function}. */
    private static String lines(final String functions, final String function) {
        final Matcher m = Pattern.compile("\\| `" + Pattern.quote(function) + "[^`]*` \\| [^|]+ \\| (\\d+) \\|").matcher(functions);
        assertTrue(m.find(), function + " is not in results/complexity-functions.md");
        return m.group(1);
    }

    /** The loc of {@code driver}'s {@code part} for one output in complexity.csv. */
    private static String partLines(final String driver, final String part) throws Exception {
        for (final String line : Files.readAllLines(ROOT.resolve("results/complexity.csv"))) {
            final String[] cells = line.split(",", -1);
            if (cells[0].equals(driver) && cells[2].equals(part) && cells[3].equals("1")) {
                return cells[5];
            }
        }
        throw new AssertionError(driver + " " + part + " is not in results/complexity.csv");
    }
}
