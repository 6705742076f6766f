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
        final Matcher receive = Pattern.compile("\\| receive \\| `receive` (\\d+), \\+ `flush` (\\d+) and `recycle` (\\d+) it calls: (\\d+) \\|")
                .matcher(readme);
        final Matcher transmit = Pattern.compile("\\| transmit \\| `transmit` (\\d+), \\+ `flush` (\\d+) \\+ `recycle` (\\d+): (\\d+) \\|")
                .matcher(readme);
        assertTrue(receive.find() && transmit.find(), "driver-tinynf/README.md no longer has its lines table; update this test");
        assertEquals(lines(functions, "Agent.receive(Packet)"), receive.group(1), "Agent.receive's lines in driver-tinynf/README.md");
        assertEquals(lines(functions, "Agent.flush()"), receive.group(2), "Agent.flush's lines in driver-tinynf/README.md");
        assertEquals(lines(functions, "Agent.recycle()"), receive.group(3), "Agent.recycle's lines in driver-tinynf/README.md");
        assertEquals(partLines("tinynf", "receive"), receive.group(4), "tinynf receive's lines in driver-tinynf/README.md");
        assertEquals(lines(functions, "Agent.transmit(int, boolean[])"), transmit.group(1), "Agent.transmit's lines");
        assertEquals(lines(functions, "Agent.flush()"), transmit.group(2), "Agent.flush's lines (transmit row)");
        assertEquals(lines(functions, "Agent.recycle()"), transmit.group(3), "Agent.recycle's lines (transmit row)");
        assertEquals(partLines("tinynf", "transmit"), transmit.group(4), "tinynf transmit's lines in driver-tinynf/README.md");
        final Matcher without = Pattern.compile("without them it is (\\d+) \\+ (\\d+) = (\\d+)").matcher(readme);
        assertTrue(without.find(), "driver-tinynf/README.md no longer says what receive is without the additions");
        assertEquals(Integer.parseInt(without.group(3)), Integer.parseInt(without.group(1)) + Integer.parseInt(without.group(2)),
                "driver-tinynf/README.md: the sum of receive's lines without the additions");
        assertEquals(Integer.parseInt(lines(functions, "Agent.flush()")), Integer.parseInt(without.group(2)),
                "driver-tinynf/README.md: flush's lines in receive without the additions");
    }

    /** The lines column of {@code function}'s first row in results/complexity-functions.md. */
    private static String lines(final String functions, final String function) {
        final Matcher m = Pattern.compile("\\| `" + Pattern.quote(function) + "` \\| [^|]+ \\| (\\d+) \\|").matcher(functions);
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
