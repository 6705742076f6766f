package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The callgrind method on a tiny workload of known shape ({@link CalibrationLoop}) gives the same
 * counts in two separate JVMs, and the fit recovers a small per-packet constant with empty polls
 * separated. Needs valgrind (it fails without it; CI installs it); two JVMs under valgrind take about a
 * minute.
 */
class CallgrindRepeatabilityTest {

    private static final List<String> REGIONS = List.of("100000:0", "200000:0", "0:100000", "150000:40000");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void twoRunsCountTheSameInstructions() throws IOException {
        assertTrue(CallgrindRunner.valgrindVersion("valgrind").isPresent(),
                "valgrind is not installed, and this test needs it: apt-get install valgrind (CI's .ci/run installs it)");
        final CallgrindRunner runner = new CallgrindRunner(CallgrindRunner.Settings.defaults());
        final CallgrindRunner.Run first = runner.run(CalibrationLoop.class.getName(), REGIONS);
        final CallgrindRunner.Run second = runner.run(CalibrationLoop.class.getName(), REGIONS);

        assertEquals(REGIONS.size(), first.regions().size());
        for (int i = 0; i < REGIONS.size(); i++) {
            final RegionCount a = first.regions().get(i);
            final RegionCount b = second.regions().get(i);
            assertEquals(a.instructions(), b.instructions(), () -> "region " + a + " vs " + b);
        }
        final InstructionsPerPacket fit = InstructionsPerPacket.fit(first.regions());
        assertEquals(fit.perPacket(), InstructionsPerPacket.fit(second.regions()).perPacket());
        // a load, an add, a store and the loop's own few instructions (15.4 with JDK 25 on x86-64); an empty
        // poll is an acquire load, which keeps the segment's bounds and liveness checks inside the loop (27.9)
        assertTrue(fit.perPacket() > 4 && fit.perPacket() < 40, fit::toString);
        assertTrue(fit.perEmptyPoll() > 1 && fit.perEmptyPoll() < 100, fit::toString);
        // the regions' fixed parts differ slightly with their shape (a loop entered or not): a few hundred instructions
        assertTrue(fit.maxResidual() < 1e-3, fit::toString);
        System.out.println("callgrind calibration: " + fit + "; runs took " + first.elapsed().toSeconds() + " s and "
                + second.elapsed().toSeconds() + " s");
    }
}
