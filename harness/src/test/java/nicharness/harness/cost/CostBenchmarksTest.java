package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The JMH benchmark runs from the harness in a fork of its own and its results become cost rows;
 * the GC profiler's allocation per packet is reported with it (its norm also counts JMH's own
 * threads and is noisy over short runs; {@link RigAllocationTest} is the exact check). Times are
 * not asserted.
 */
class CostBenchmarksTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theBenchmarkRunsInAForkAndBecomesRows() throws RunnerException {
        final List<CostRow> rows = CostBenchmarks.rows(
                CostBenchmarks.run(List.of("tinynf"), List.of("nop-untouched"), "none", 1), 1);
        assertEquals(3, rows.size(), rows::toString);
        final CostRow time = rows.get(0);
        assertEquals("time_per_packet", time.metric());
        assertEquals("tinynf", time.driver());
        assertTrue(time.value() > 0, time::toString);
        final CostRow allocation = rows.get(2);
        assertEquals("allocated_bytes_per_packet", allocation.metric());
        assertTrue(allocation.value() >= 0 && Double.isFinite(allocation.value()), allocation::toString);
    }
}
