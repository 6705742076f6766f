package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nicharness.harness.plan.Experiment;
import org.junit.jupiter.api.Test;

/** What the Table 4 commands measure for their --driver and --nf values. */
class Table4ChoiceTest {

    @Test
    void nothingAskedIsTable4AndASelectionStandsForItsMembers() {
        assertEquals(List.of("dpdk", "dpdk-batched", "tinynf", "ixy", "ixy-batched"), Table4.drivers(List.of()));
        assertEquals(List.of("nop-untouched", "nop-write", "nop-lookup", "policer"), Table4.nfs(List.of()));
        assertEquals(Experiment.DPDK_AND_TINYNF, Table4.drivers(List.of("dpdk-and-tinynf")));
        assertEquals(List.of("nat", "bridge", "lb", "policer", "firewall"), Table4.nfs(List.of("table3-nfs")));
    }

    @Test
    void aPlusAddsToTable4AndAPlainNameReplacesIt() {
        assertEquals(List.of("dpdk", "dpdk-batched", "tinynf", "ixy", "ixy-batched", "dpdk-verified"),
                Table4.drivers(List.of("+dpdk-verified")));
        assertEquals(List.of("tinynf", "dpdk-verified"), Table4.drivers(List.of("tinynf", "+dpdk-verified")));
        assertEquals(List.of("nop"), Table4.nfs(List.of("nop")));
    }

    @Test
    void anUnknownNameIsRefusedNamingWhatIsAccepted() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Table4.drivers(List.of("e1000")));
        assertTrue(e.getMessage().startsWith("Invalid value for option '--driver': unknown driver 'e1000'; accepted: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("table4-drivers"), e.getMessage());
    }
}
