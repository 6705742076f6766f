package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a callgrind row of {@code cost.csv} says about itself: what is counted, the clock, the model's code. */
class CallgrindCostRowTest {

    private static CostRow row(final String driver, final String nf) {
        final InstructionsPerPacket fit = new InstructionsPerPacket(335.04, Double.NaN, 120, 0.001,
                List.of(new RegionCount(1, 0, 0, 120), new RegionCount(2, 128, 0, 43_000)));
        return CallgrindCost.row(driver, nf, fit, CallgrindRunner.Settings.defaults(), "valgrind-3.19.0");
    }

    @Test
    void theMethodSaysWhatIsCountedAndWhatIsNot() {
        final CostRow nop = row("tinynf", "nop-untouched");
        assertEquals("instructions_per_packet", nop.metric());
        assertEquals(335.04, nop.value());
        assertEquals(35, nop.paperValue(), "the slides' 35 instructions for TinyNF beside ours");
        assertTrue(nop.method().contains("receive + transmit + the NF call"), nop.method());
        assertTrue(nop.method().contains("clock reads: none"), nop.method());
        assertTrue(nop.method().contains("engines run between rounds, outside the regions (not counted)"), nop.method());
        assertTrue(nop.method().contains("register writes posted: one store each on the driver's thread"),
                nop.method());
        assertTrue(nop.method().contains("command: callgrind-cost"), nop.method());
    }

    @Test
    void anNfThatNeedsTheTimeHasItsClockReadsCounted() {
        assertTrue(row("dpdk", "nat").method().contains("clock reads: counted"), row("dpdk", "nat").method());
    }
}
