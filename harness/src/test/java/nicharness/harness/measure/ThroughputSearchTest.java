package nicharness.harness.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputSearchTest {

    /** A driver that forwards everything up to {@code capacityMbps} per direction and drops the excess. */
    private static ThroughputSearch.Step capacity(final double capacityMbps) {
        return (i, rate) -> new StepResult(rate <= capacityMbps ? 0 : (rate - capacityMbps) / rate, false);
    }

    @Test
    void firstStepAtLineRateThatPassesStopsTheSearch() {
        final ThroughputSearch.Result r = new ThroughputSearch(10_000, 10, 0.003).run(2, capacity(20_000));
        assertEquals(1, r.probes().size());
        assertEquals(10_000, r.bestMbpsPerDirection());
        assertEquals(20_000, r.throughputMbps());
        assertEquals(ThroughputSearch.Limit.LINE_RATE, r.limitedBy());
    }

    @Test
    void followsThePapersRateSequence() {
        // Capacity 7,000 Mb/s: 10000 fails, 5000 passes, 7500 fails, 6250 passes, 6875 passes,
        // 7187.5 fails, 7031.25 fails, 6953.125 passes, 6992.1875 passes, 7011.71875 fails.
        final ThroughputSearch.Result r = new ThroughputSearch(10_000, 10, 0).run(1, capacity(7_000));
        final List<Double> rates = r.probes().stream().map(ThroughputSearch.Probe::rateMbps).toList();
        assertEquals(List.of(10_000.0, 5_000.0, 7_500.0, 6_250.0, 6_875.0, 7_187.5, 7_031.25, 6_953.125, 6_992.1875, 7_011.71875), rates);
        assertEquals(6_992.1875, r.bestMbpsPerDirection());
        assertEquals(6_992, r.throughputMbps());
        assertEquals(ThroughputSearch.Limit.DRIVER, r.limitedBy());
    }

    @Test
    void resultIsTheFlooredPassingRateTimesDirectionsWithinTheResolution() {
        final double resolution = 10_000 / Math.pow(2, 9);
        for (final double capacity : new double[] {150, 1_234, 3_333, 5_000, 7_700, 9_990}) {
            final ThroughputSearch.Result r = new ThroughputSearch(10_000, 10, 0).run(2, capacity(capacity));
            assertTrue(r.bestMbpsPerDirection() <= capacity, "capacity " + capacity);
            assertTrue(capacity - r.bestMbpsPerDirection() < resolution, "capacity " + capacity + " best " + r.bestMbpsPerDirection());
            assertEquals(Math.floor(2 * r.bestMbpsPerDirection()), r.throughputMbps());
            assertEquals(10, r.probes().size());
        }
    }

    @Test
    void lossAtTheThresholdPassesAndAboveFails() {
        final ThroughputSearch search = new ThroughputSearch(10_000, 1, 0.003);
        assertEquals(10_000, search.run(1, (i, rate) -> new StepResult(0.003, false)).bestMbpsPerDirection());
        assertEquals(0, search.run(1, (i, rate) -> new StepResult(0.0031, false)).bestMbpsPerDirection());
    }

    @Test
    void nothingPassingGivesZero() {
        final ThroughputSearch.Result r = new ThroughputSearch(10_000, 10, 0.001).run(1, (i, rate) -> new StepResult(0.5, false));
        assertEquals(0, r.throughputMbps());
        assertEquals(ThroughputSearch.Limit.NOTHING_PASSED, r.limitedBy());
        assertEquals(10_000 / Math.pow(2, 9), r.probes().getLast().rateMbps());
    }

    @Test
    void aTesterLimitedStepNeverPassesAndMarksTheResult() {
        // The tester cannot offer more than 4,000 Mb/s; the driver would forward anything.
        final ThroughputSearch.Result r = new ThroughputSearch(10_000, 10, 0.003)
                .run(2, (i, rate) -> new StepResult(0, rate > 4_000));
        assertTrue(r.bestMbpsPerDirection() <= 4_000);
        assertTrue(4_000 - r.bestMbpsPerDirection() < 20);
        assertEquals(ThroughputSearch.Limit.TESTER, r.limitedBy());
    }

    @Test
    void theDriverLimitIsReportedWhenTheTesterCouldOfferTheFailingRate() {
        // The driver forwards up to 3,000; the tester can offer up to 6,000.
        final ThroughputSearch.Result r = new ThroughputSearch(10_000, 10, 0.003)
                .run(1, (i, rate) -> new StepResult(rate <= 3_000 ? 0 : 0.2, rate > 6_000));
        assertEquals(ThroughputSearch.Limit.DRIVER, r.limitedBy());
        assertTrue(3_000 - r.bestMbpsPerDirection() < 20);
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new ThroughputSearch(0, 10, 0.003));
        assertThrows(IllegalArgumentException.class, () -> new ThroughputSearch(10_000, 0, 0.003));
        assertThrows(IllegalArgumentException.class, () -> new ThroughputSearch(10_000, 10, 1.5));
    }
}
