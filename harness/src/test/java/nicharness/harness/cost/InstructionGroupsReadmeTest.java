package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import nicharness.harness.output.ReadmeBlock;
import nicharness.harness.output.ReadmeBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstructionGroupsReadmeTest {

    @Test
    void theHarnessReadmesInstructionGroupsAreTheOnesRenderedFromResultsCostAccountCsv() throws Exception {
        ReadmeBlocks.assertRendered("harness/README.md", new ReadmeBlock(InstructionGroupsReadme.BEGIN,
                        InstructionGroupsReadme.END),
                InstructionGroupsReadme.render(ReadmeBlocks.ROOT.resolve("results/cost-account.csv")), "instruction groups",
                "InstructionGroupsReadme harness/README.md results/cost-account.csv");
    }

    @Test
    void eachDriverGetsItsGroupsReceivePlusTransmitAndItsRatioToTinyNfs(@TempDir final Path dir) throws Exception {
        final Path csv = dir.resolve("cost-account.csv");
        Files.writeString(csv, String.join("\n",
                "# an account",
                "driver,nf,group,function,instructions_per_packet",
                "tinynf,nop-untouched,driver receive,*,10",
                "tinynf,nop-untouched,driver transmit,*,20",
                "tinynf,nop-untouched,driver receive or transmit,*,5",
                "tinynf,nop-untouched,driver transmit,int a.B.c(),20",
                "tinynf,nop-untouched,driver loop,*,40",
                "tinynf,nop-untouched,JVM,*,-1",
                "tinynf,policer,driver receive,*,999",
                "dpdk-batched,nop-untouched,driver receive,*,60",
                "dpdk-batched,nop-untouched,driver transmit,*,40",
                "dpdk-batched,nop-untouched,model,*,2",
                "dpdk,nop-untouched,driver receive,*,200",
                "dpdk,nop-untouched,driver transmit,*,150",
                "dpdk,nop-untouched,clock,*,3",
                ""));
        final String block = InstructionGroupsReadme.render(csv);
        assertTrue(block.contains("| tinynf | 10.0 | 20.0 | 5.0 | **35.0** | 40.0 | 0.0 | 0.0 | 0.0 | -1.0 | 74.0 |"), block);
        assertTrue(block.contains("| dpdk-batched | 60.0 | 40.0 | 0.0 | **100.0** | 0.0 | 0.0 | 0.0 | 2.0 | 0.0 | 102.0 |"),
                block);
        assertTrue(block.contains("| dpdk | 200.0 | 150.0 | 0.0 | **350.0** | 0.0 | 0.0 | 0.0 | 0.0 | 3.0 | 353.0 |"), block);
        assertTrue(block.contains("| ixy | - | - | - | - | - | - | - | - | - | - |"), block);
        assertTrue(block.contains("Receive + transmit over TinyNF's: dpdk 10.00, dpdk-batched 2.86 (within 30 %); the slides'"
                + " 100 / 35 is 2.86, and within 30 % of it is 2.00 to 3.71."), block);
        assertTrue(block.startsWith(InstructionGroupsReadme.BEGIN) && block.endsWith(InstructionGroupsReadme.END), block);
        assertEquals(1, block.lines().filter(l -> l.startsWith("| tinynf")).count(), "the policer's rows are not the nop's");
    }
}
