package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nicharness.env.linux.HardwareCounters;
import nicharness.model.AccessCost;
import nicharness.env.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short threaded run: the phases happen, the counts add up, and the hardware-counter path either
 * counts or says cleanly why it cannot (a VM without a PMU, like the reference machine). No time is
 * asserted: on a shared machine only counts are deterministic.
 */
class ThreadedCostTest {

    private static final ThreadedCost.Settings SHORT = new ThreadedCost.Settings(Duration.ofMillis(100),
            Duration.ofMillis(200), Duration.ofMillis(300), 64, AccessCost.NONE, IdleStrategy.YIELD);

    @Test
    @Timeout(60)
    void aThreadedRunMeasuresTheDriverThreadAndReportsEveryFigure(@TempDir final Path dir) throws IOException {
        final ThreadedCost.Result r = ThreadedCost.measure("tinynf", "nop-untouched", SHORT);
        // on a loaded machine the threads may barely run: only what must hold is asserted
        assertTrue(r.packets() >= 0 && r.polls() >= r.emptyPolls(), r::toString);
        assertTrue(r.calibrationPolls() >= 256, "each phase polls at least one stop-check period: " + r);
        assertTrue(r.cpuNanos() > 0 && r.emptyPollCpuNanos() > 0, r::toString);
        assertTrue(r.engineUtilisation() >= 0 && r.engineUtilisation() <= 1, r::toString);

        final List<CostRow> rows = ThreadedCost.rows(r);
        final CostRow time = rows.stream().filter(x -> x.metric().equals("time_per_packet_threaded")).findFirst().orElseThrow();
        assertEquals("ns", time.unit());
        assertTrue(time.method().contains("empty"), time.method());
        final CostRow instructions = rows.stream().filter(x -> x.metric().equals("instructions_per_packet"))
                .findFirst().orElseThrow();
        assertEquals(35.0, instructions.paperValue(), "the slides' TinyNF figure stands beside ours");

        final Path csv = dir.resolve("cost.csv");
        CostCsv.write(csv, rows, Map.of("phases", "short"));
        final String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(text.contains("driver,nf,variant,metric,value,unit,method,paper_value,paper_source"), text);
        assertTrue(text.contains("tinynf,nop-untouched,nop,time_per_packet_threaded,"), text);
        final List<CostRow> back = CostCsv.read(csv);
        assertEquals(rows.size(), back.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).metric(), back.get(i).metric());
            assertEquals(rows.get(i).method(), back.get(i).method());
            final double v = rows.get(i).value();
            assertEquals(v, back.get(i).value(), Double.isNaN(v) ? 0 : Math.abs(v) * 1e-5, "6 significant digits");
        }
    }

    @Test
    @Timeout(60)
    void hardwareCountersCountOrAreReportedUnavailableWithTheReason() {
        final ThreadedCost.Result r = ThreadedCost.measure("dpdk", "nop-untouched", SHORT);
        final CostRow instructions = ThreadedCost.rows(r).stream()
                .filter(x -> x.metric().equals("instructions_per_packet")).findFirst().orElseThrow();
        if (HardwareCounters.openTable4() instanceof HardwareCounters.Unavailable unavailable) {
            // the reference machine: a VM without a PMU
            assertNull(r.counters());
            assertNotNull(r.countersUnavailable());
            assertTrue(r.countersUnavailable().contains(unavailable.errnoName()), r.countersUnavailable());
            assertTrue(Double.isNaN(instructions.value()), "no number is made up: " + instructions);
            assertTrue(instructions.method().contains("unavailable") && instructions.method().contains("callgrind"),
                    instructions.method());
            assertFalse(ThreadedCost.rows(r).stream().anyMatch(x -> x.metric().equals("ipc")));
        } else {
            assertNotNull(r.counters());
            assertTrue(instructions.value() > 0, instructions::toString);
        }
    }
}
