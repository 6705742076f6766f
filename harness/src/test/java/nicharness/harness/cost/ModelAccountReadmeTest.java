package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.ReadmeBlock;
import nicharness.harness.output.ReadmeBlocks;
import org.junit.jupiter.api.Test;

/**
 * The model's instruction account in {@code nic-model/README.md} is {@code results/model-cost.csv}
 * and {@code results/model-cost-account.csv}: the total, and a row for each compiled method above
 * 50 instructions per forwarded packet with its count, so that a new {@code callgrind-cost --model}
 * run that changes them fails here until the README says the same.
 */
class ModelAccountReadmeTest {
    private static final String BEGIN = "<!-- model-account: checked against results/model-cost.csv and"
            + " results/model-cost-account.csv -->";
    private static final String END = "<!-- /model-account -->";
    private static final double SHOWN_ABOVE = 50;

    @Test
    void theTotalAndEveryMethodAboveFiftyAreTheCsvs() throws IOException {
        final Path root = ReadmeBlocks.ROOT;
        final String block = ReadmeBlocks.between("nic-model/README.md", new ReadmeBlock(BEGIN, END), "model-account");

        final CsvFile.Row total = CsvFile.read(root.resolve("results/model-cost.csv"), List.of("driver", "nf", "metric",
                "value")).rows().stream().filter(r -> r.text("metric").equals("model_instructions_per_packet")
                && r.text("driver").equals("tinynf")).findFirst().orElseThrow();
        assertTrue(block.contains("**" + oneDecimal(total.number("value")) + "**"),
                "the README's total against results/model-cost.csv: " + oneDecimal(total.number("value")));

        final Map<String, Double> shown = new LinkedHashMap<>();
        for (final String row : block.lines().map(String::strip).toList()) {
            if (row.startsWith("| `")) {
                final String[] cell = row.substring(1, row.length() - 1).split("\\|");
                shown.put(cell[0].strip().replace("`", ""), Double.parseDouble(cell[1].strip()));
            }
        }
        final Map<String, Double> expected = new LinkedHashMap<>();
        for (final CsvFile.Row r : CsvFile.read(root.resolve("results/model-cost-account.csv"), List.of("function",
                "instructions_per_packet")).rows()) {
            final double value = r.number("instructions_per_packet");
            if (!r.text("function").equals("*") && value > SHOWN_ABOVE) {
                expected.put(shortName(r.text("function")), value);
            }
        }
        assertEquals(expected.keySet(), shown.keySet(), "the README lists the methods above 50, by the CSV's names");
        expected.forEach((method, value) -> assertEquals(oneDecimal(value), oneDecimal(shown.get(method)),
                "the README's " + method + " against results/model-cost-account.csv"));
    }

    /** {@code int a.b.Class.method(args)} as {@code Class.method}; a name without arguments as it is. */
    private static String shortName(final String function) {
        final int paren = function.indexOf('(');
        if (paren < 0 || function.startsWith("StubRoutines")) {
            return function;
        }
        final String qualified = function.substring(function.lastIndexOf(' ', paren) + 1, paren);
        final String[] parts = qualified.split("\\.");
        return parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    private static String oneDecimal(final double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
