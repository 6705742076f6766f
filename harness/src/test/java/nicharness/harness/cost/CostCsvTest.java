package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost CSV: numbers as written, and merging a command's rows into the default run's file. */
class CostCsvTest {

    @Test
    void numbersKeepSixSignificantDigitsAndEmptyCellsForNaN() {
        assertEquals("0.140625", CostCsv.number(0.140625));
        assertEquals("35", CostCsv.number(35.0));
        assertEquals("276.343", CostCsv.number(276.34296875));
        assertEquals("", CostCsv.number(Double.NaN));
    }

    @Test
    void mergingReplacesTheSameMetricAndKeepsTheRestAndTheComments(@TempDir final Path dir) throws IOException {
        final Path file = dir.resolve("cost.csv");
        CostCsv.write(file, List.of(
                CostRow.of("tinynf", "nop-untouched", "doorbell_writes_per_packet", 0.140625, "writes", "exact"),
                CostRow.of("tinynf", "nop-untouched", "instructions_per_packet", Double.NaN, "instructions",
                        "hardware counters unavailable").withSlideInstructions()), Map.of("profile", "quick"));
        CostCsv.merge(file, List.of(CostRow.of("tinynf", "nop-untouched", "instructions_per_packet", 276.3,
                "instructions", "callgrind").withSlideInstructions()), Map.of("method", "callgrind"));
        final List<CostRow> rows = CostCsv.read(file);
        assertEquals(2, rows.size(), rows::toString);
        assertEquals("doorbell_writes_per_packet", rows.get(0).metric());
        assertEquals(276.3, rows.get(1).value());
        assertEquals("callgrind", rows.get(1).method());
        assertEquals(35.0, rows.get(1).paperValue());
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("# profile: quick"), text);
        assertTrue(text.contains("# merged ") && text.contains("1 rows; method: callgrind"), text);
    }
}
