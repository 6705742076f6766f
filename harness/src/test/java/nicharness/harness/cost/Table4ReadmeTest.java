package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nicharness.harness.output.ReadmeBlock;
import nicharness.harness.output.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Table4ReadmeTest {

    @Test
    void theRootReadmesPerPacketCostsAreTheOnesRenderedFromResultsCostCsv() throws Exception {
        ReadmeBlocks.assertRendered("README.md", new ReadmeBlock(Table4Readme.BEGIN, Table4Readme.END),
                Table4Readme.render(ReadmeBlocks.ROOT.resolve("results/cost.csv")), "per-packet costs",
                "Table4Readme README.md results/cost.csv");
    }

    @Test
    void eachDriverGetsItsInstructionsTimesAndDoorbellsAndTheBatchedComparisonCountsEveryNf(@TempDir final Path dir)
            throws Exception {
        final List<CostRow> rows = new ArrayList<>();
        rows.add(CostRow.of("tinynf", "nop-untouched", "instructions_per_packet", 335.04, "instructions", "callgrind")
                .withSlideInstructions());
        rows.add(CostRow.of("tinynf", "nop-untouched", "rx_tx_instructions_per_packet", 44.96, "instructions",
                "callgrind, by inlining chain").withSlideInstructions());
        rows.add(CostRow.of("tinynf", "nop-untouched", "doorbell_writes_per_packet", 0.140625, "writes", "exact"));
        double ns = 10;
        for (final Table4.Variant v : Table4.VARIANTS) {
            rows.add(CostRow.of("tinynf", v.nf(), "time_per_packet_median", ns, "ns", "rounds"));
            rows.add(CostRow.of("dpdk", v.nf(), "time_per_packet_median", 100, "ns", "rounds"));
            // below dpdk on three NFs, above it on the policer
            rows.add(CostRow.of("dpdk-batched", v.nf(), "time_per_packet_median", v.label().equals("pol") ? 120 : 50,
                    "ns", "rounds"));
            ns += 1.25;
        }
        final Path csv = dir.resolve("cost.csv");
        CostCsv.write(csv, rows, java.util.Map.of());
        final String block = Table4Readme.render(csv);
        assertTrue(block.contains("| tinynf | 335 | 45.0 | 35 | 10.0 / 11.3 / 12.5 / 13.8 | 0.141 |"), block);
        assertTrue(block.contains("| dpdk | - | - | - | 100.0 / 100.0 / 100.0 / 100.0 | - |"), block);
        assertTrue(block.contains("| ixy | - | - | - | - / - / - / - | - |"), block);
        assertTrue(block.contains("dpdk-batched's driver-only time per packet below dpdk's: 3 of 4 NFs (dpdk-batched over"
                + " dpdk: nop 0.50x, write 0.50x, lookup 0.50x, pol 1.20x)."), block);
        assertTrue(block.startsWith(Table4Readme.BEGIN) && block.endsWith(Table4Readme.END), block);
        assertTrue(!block.contains("A second run"), "no repeat file, no sentence: " + block);

        // A second run beside it: dpdk agrees everywhere, dpdk-batched's policer differs by 25 %.
        final List<CostRow> again = new ArrayList<>();
        for (final Table4.Variant v : Table4.VARIANTS) {
            again.add(CostRow.of("dpdk", v.nf(), "time_per_packet_median", 105, "ns", "rounds"));
            again.add(CostRow.of("dpdk-batched", v.nf(), "time_per_packet_median", v.label().equals("pol") ? 150 : 50, "ns", "rounds"));
        }
        CostCsv.write(dir.resolve(Table4Readme.REPEAT_FILE), again, java.util.Map.of());
        assertTrue(Table4Readme.render(csv).contains("A second run right after this one (`cost-repeat.csv`): driver-only times"
                + " within 10 % of these for 7 of 8 configurations; the largest difference 25 % (dpdk-batched pol, 120.0 and"
                + " 150.0 ns)."), Table4Readme.render(csv));
    }
}
