package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default run's report for one configuration, in a JVM of its own as in a real run: every
 * metric is there, the exact ones with their exact values, and the file says which machine and
 * settings produced it.
 */
class CostReportTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void oneConfigurationInItsOwnJvmGivesEveryRow(@TempDir final Path dir) throws IOException {
        final Path out = dir.resolve("cost.csv");
        final List<CostRow> rows = CostReport.run(new CostReport.Settings(List.of("tinynf"), List.of("nop-write"),
                "quick", "none", out, false));
        assertEquals(rows.size(), CostCsv.read(out).size());
        assertEquals(0.140625, value(rows, "doorbell_writes_per_packet"), "1/8 + 1/64, exactly");
        assertEquals(0.0, value(rows, "pool_gets_per_packet"));
        assertTrue(rows.stream().anyMatch(r -> r.metric().equals("time_per_packet_threaded")));
        final CostRow instructions = rows.stream().filter(r -> r.metric().equals("instructions_per_packet"))
                .findFirst().orElseThrow();
        assertTrue(Double.isNaN(instructions.paperValue()), "the slides give a figure for the nop only, not write");
        final String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(text.contains("# cpu: "), text);
        assertTrue(text.contains("# hardware counters: "), text);
        assertTrue(text.contains("# JVM per configuration: yes"), text);
        assertTrue(text.contains("tinynf,nop-write,write,doorbell_writes_per_packet,0.140625,writes,"), text);
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingRuns() {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CostReport.Settings(List.of("tinynf"), List.of("nop-write"), "slow", "none", Path.of("x"), true));
        assertTrue(e.getMessage().contains("unknown profile 'slow'"), e.getMessage());
        assertFalse(Table4.slideInstructions("ixy", "nop-untouched").isPresent());
        assertEquals(100.0, Table4.slideInstructions("dpdk-batched", "nop-untouched").orElseThrow());
        assertEquals("pol", Table4.label("policer"));
    }

    private static double value(final List<CostRow> rows, final String metric) {
        return rows.stream().filter(r -> r.metric().equals(metric)).findFirst().orElseThrow().value();
    }

    @Test
    void aConfigurationMeasuredOnACoreSharedThroughoutOrMostlyIsMeasuredAgain() {
        final java.util.function.BiFunction<Double, Double, java.util.List<CostRow>> rows = (baseline, contended) -> java.util.List.of(
                CostRow.of("tinynf", "nop-untouched", "core_canary_baseline", baseline, "ns", "canary"),
                CostRow.of("tinynf", "nop-untouched", "rounds_contended_share", contended, "fraction", "canary"));
        org.junit.jupiter.api.Assertions.assertNull(CostReport.disturbed(rows.apply(240.0, 0.3), 220));
        org.junit.jupiter.api.Assertions.assertNull(CostReport.disturbed(rows.apply(270.0, 0.3), 220), "within 1.25");
        org.junit.jupiter.api.Assertions.assertTrue(CostReport.disturbed(rows.apply(372.0, 0.01), 220).contains("shared from start"));
        org.junit.jupiter.api.Assertions.assertNull(CostReport.disturbed(rows.apply(240.0, 0.75), 220),
                "three rounds in four left out is this host's usual; the rounds kept ran between free canaries");
        org.junit.jupiter.api.Assertions.assertTrue(CostReport.disturbed(rows.apply(240.0, 0.91), 220).contains("91 %"));
        org.junit.jupiter.api.Assertions.assertNull(CostReport.disturbed(rows.apply(372.0, 0.3), Long.MAX_VALUE),
                "no free-core time known yet");
    }
}
