package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceRunTableTest {

    @Test
    void theRootReadmesReferenceRunNumbersAreTheOnesRenderedFromItsSummary() throws Exception {
        ReadmeBlocks.assertRendered("README.md", new ReadmeBlock(ReferenceRunTable.BEGIN, ReferenceRunTable.END),
                ReferenceRunTable.render(ReadmeBlocks.ROOT.resolve("results/summary.csv")), "reference-run numbers",
                "ReferenceRunTable README.md results/summary.csv");
    }

    @Test
    void spreadsAreMaxMinusMinOverTheMedianAndCountedAgainstTheBounds(@TempDir final Path dir) throws Exception {
        final Path csv = summary(dir,
                "nop-2way,fig9,tinynf,nop,2,0.003,0,1,,throughput_gbps,10,9.9,10.2,3,0",
                "nop-2way,fig9,tinynf,nop,2,0.003,0,1,0,latency_p50_ns,4000,3900,4100,3,0",
                "nop-2way,fig9,tinynf,nop,2,0.003,0,1,0,latency_p99_ns,4500,4400,4600,3,0",
                "nop-2way,fig9,tinynf,nop,2,0.003,0,1,max,latency_p50_ns,,,,0,0",
                "nop-2way,fig9,dpdk,nop,2,0.003,0,1,,throughput_gbps,5,4,6,3,1",
                "nop-2way-cost0,device-cost,dpdk,nop,2,0.003,0,0,,throughput_gbps,9,9,9,3,0");
        final String block = ReferenceRunTable.render(csv);
        assertTrue(block.contains("| nop-2way | tinynf | 10.00 [9.90, 10.20] | 3.0 % | 4.00 / 4.50 | 5.0 % |"), block);
        assertTrue(block.contains("| nop-2way | dpdk | >= 5.00 [4.00, 6.00] | 40.0 % | - | - |"), block);
        assertTrue(!block.contains("cost0"), "the device-cost sweep is not in the table: " + block);
        assertTrue(block.contains("on throughput: 1 of 2 configurations; on the zero-load median latency within 10 %: 1 of 1."), block);
    }

    @Test
    void aThroughputClaimWhereBothForwardAtLineRateSaysItCannotTell(@TempDir final Path dir) throws Exception {
        final Path csv = summary(dir,
                "policer-2way,fig6,tinynf-2cores,policer,2,0.003,0,1,,throughput_gbps,20,20,20,2,0",
                "policer-2way,fig6,dpdk-batched-policer-2cores,policer,2,0.003,0,1,,throughput_gbps,20,20,20,2,0",
                "policer-2way,fig6,tinynf,policer,2,0.003,0,1,,throughput_gbps,20,20,20,3,0",
                "policer-2way,fig6,dpdk-batched-policer,policer,2,0.003,0,1,,throughput_gbps,20,17.42,20,3,0");
        final String block = ReferenceRunTable.render(csv);
        assertTrue(block.contains("2 cores (Figures 6-8) | yes (realistic workload) | cannot tell: both at line rate, so not told"
                + " apart: policer |"), block);
        assertTrue(block.contains("1 core (Figures 6-8) | yes (realistic workload) | holds: 1 of 1 (tinynf over"
                + " dpdk-batched-policer: policer 1.15x (both medians at line rate: the minimums)) |"),
                "one side always at line rate, the other not: the minimums decide: " + block);
    }

    @Test
    void aRatioWhoseRangesOverlapIsMarkedAndExplained(@TempDir final Path dir) throws Exception {
        final Path csv = summary(dir,
                "nat-1way,table3,tinynf,nat,1,0.003,0,1,,throughput_gbps,3.0,2.8,3.2,3,0",
                "nat-1way,table3,dpdk,nat,1,0.003,0,1,,throughput_gbps,2.0,1.9,2.1,3,0",
                "nat-1way,table3,dpdk-batched,nat,1,0.003,0,1,,throughput_gbps,3.1,2.9,3.3,3,0");
        final String block = ReferenceRunTable.render(csv);
        assertTrue(block.contains("(tinynf over dpdk: nat 1.50x) |"), "apart: no mark: " + block);
        assertTrue(block.contains("(tinynf over dpdk-batched: nat 0.97x~) |"), "overlapping: marked: " + block);
        assertTrue(block.contains("A ratio marked ~ compares two configurations whose throughputs"), block);
    }

    /** A summary.csv in {@code dir} with the columns ReferenceRunTable reads and these rows. */
    private static Path summary(final Path dir, final String... rows) throws Exception {
        final Path csv = dir.resolve("summary.csv");
        Files.writeString(csv, "workload,experiments,driver,nf,directions,loss_threshold,extra_work_ns,device_cost_factor,level,"
                + "metric,median,min,max,repetitions,tester_limited_repetitions\n" + String.join("\n", rows) + "\n");
        return csv;
    }
}
