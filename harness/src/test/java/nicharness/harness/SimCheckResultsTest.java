package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nicharness.harness.output.ReadmeBlock;
import nicharness.harness.output.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The READMEs' sim-check numbers are read from {@code results/sim-check.csv}. */
class SimCheckResultsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theHarnessReadmesBlockIsTheOneRenderedFromResultsSimCheckCsv() throws Exception {
        ReadmeBlocks.assertRendered("harness/README.md", new ReadmeBlock(SimCheckResults.BEGIN, SimCheckResults.END),
                SimCheckResults.render(ROOT.resolve("results/sim-check.csv")), "sim-check figures",
                "SimCheckResults harness/README.md results/sim-check.csv");
    }

    @Test
    void theRootReadmesCacheRatiosAreTheOnesInResultsSimCheckCsv() throws Exception {
        final String readme = Files.readString(ROOT.resolve("README.md"));
        final Matcher m = Pattern.compile("TinyNF's CPU time per packet rose ([0-9.]+)x and\\s+DPDK's ([0-9.]+)x").matcher(readme);
        assertTrue(m.find(), "README.md no longer quotes the cache ratios of sim-check; update this test");
        final List<SimCheckResults.Row> rows = SimCheckResults.read(ROOT.resolve("results/sim-check.csv"));
        assertEquals(String.format(Locale.ROOT, "%.1f", SimCheckResults.cacheRatio(rows, "tinynf")), m.group(1),
                "README.md's TinyNF cache ratio differs from results/sim-check.csv");
        assertEquals(String.format(Locale.ROOT, "%.1f", SimCheckResults.cacheRatio(rows, "dpdk")), m.group(2),
                "README.md's DPDK cache ratio differs from results/sim-check.csv");
    }

    @Test
    void theBlockHasATableRowPerDriverTheAdvantageAndTheAgreementVerdict(@TempDir final Path dir) throws Exception {
        final Path csv = dir.resolve("sim-check.csv");
        SimCheckResults.write(csv, List.of(
                new SimCheckResults.Row(SimCheckResults.AGAINST_REAL, "tinynf", 0.5, "median_latency_real_ns", 2347, "ns", "m"),
                new SimCheckResults.Row(SimCheckResults.AGAINST_REAL, "tinynf", 0.5, "median_latency_simulated_ns", 202, "ns", "m"),
                new SimCheckResults.Row(SimCheckResults.CACHE, "tinynf", 5, SimCheckResults.SAME_THREAD, 34.7, "ns", "m"),
                new SimCheckResults.Row(SimCheckResults.CACHE, "tinynf", 5, SimCheckResults.OTHER_CPU, 90.3, "ns", "m"),
                new SimCheckResults.Row(SimCheckResults.CACHE, "dpdk", 5, SimCheckResults.SAME_THREAD, 82.5, "ns", "m"),
                new SimCheckResults.Row(SimCheckResults.CACHE, "dpdk", 5, SimCheckResults.OTHER_CPU, 97.5, "ns", "m")));
        final String block = SimCheckResults.render(csv);
        assertTrue(block.contains("| tinynf | 34.7 ns | 90.3 ns | 2.60 |"), block);
        assertTrue(block.contains("| dpdk | 82.5 ns | 97.5 ns | 1.18 |"), block);
        assertTrue(block.contains("2.4x with the device on the driver's thread, 1.1x with the device on another CPU."), block);
        assertTrue(block.contains("median latency 2,347 ns in real time and 202 ns in simulated time (ratio 0.09): the two"
                + " do **not** agree within 25 %."), block);
    }
}
