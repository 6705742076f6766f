package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The root README's device accesses per packet (Table 4's descriptor fetches and PCIe
 * transactions) are the numbers of {@code results/cost.csv}: every cell of its block is checked
 * against the CSV row it names, so a new reference run that changes them fails here until the
 * README says the same.
 */
class ReadmeDeviceAccessesTest {
    private static final String BEGIN = "<!-- device-accesses: checked against results/cost.csv (nop-untouched) -->";
    private static final String END = "<!-- /device-accesses -->";
    private static final List<String> METRICS = List.of("doorbell_writes_per_packet", "descriptor_fetches_per_packet",
            "pcie_transactions_per_packet");

    @Test
    void everyNumberIsTheCsvs() throws IOException {
        final Path root = ReadmeBlocks.ROOT;
        final String block = ReadmeBlocks.between("README.md", new ReadmeBlock(BEGIN, END), "device-accesses");
        final Map<String, String> csv = new HashMap<>();
        for (final CsvFile.Row r : CsvFile.read(root.resolve("results/cost.csv"), List.of("driver", "nf", "metric", "value")).rows()) {
            if (r.text("nf").equals("nop-untouched")) {
                csv.put(r.text("driver") + " " + r.text("metric"), r.text("value"));
            }
        }
        int cells = 0;
        for (final String row : block.lines().map(String::strip).toList()) {
            if (!row.startsWith("|") || row.startsWith("| driver") || row.startsWith("|---")) {
                continue;
            }
            final String[] cell = row.substring(1, row.length() - 1).split("\\|");
            final String driver = cell[0].strip();
            for (int m = 0; m < METRICS.size(); m++) {
                final String key = driver + " " + METRICS.get(m);
                assertEquals(csv.get(key), cell[m + 1].strip(), "README.md's " + key + " against results/cost.csv");
                cells++;
            }
        }
        assertEquals(5 * METRICS.size(), cells, "a row for each of the five drivers");
    }
}
