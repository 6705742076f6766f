package nicharness.harness.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The 2-core lines of Figures 6-8: the paper's legend order, and a style apart from each 1-core line. */
class DriverStyleTest {

    @Test
    void theSixPolicerLinesAreInThePapersLegendOrder() {
        final List<String> shuffled = List.of("tinynf-2cores", "tinynf", "dpdk-batched-policer-2cores", "dpdk-verified-policer",
                "dpdk-verified-policer-2cores", "dpdk-batched-policer");
        assertEquals(List.of("dpdk-verified-policer", "dpdk-batched-policer", "tinynf", "dpdk-verified-policer-2cores",
                "dpdk-batched-policer-2cores", "tinynf-2cores"), DriverStyle.inLegendOrder(shuffled));
    }

    @Test
    void aTwoCoreLineKeepsItsModelsMarkerAndHueAndIsDrawnApart() {
        final DriverStyle one = DriverStyle.of("dpdk-batched-policer");
        final DriverStyle two = DriverStyle.of("dpdk-batched-policer-2cores");
        assertEquals(one.label() + ", 2 cores", two.label());
        assertEquals(one.marker(), two.marker());
        assertNotEquals(one.colour(), two.colour());
        assertArrayEquals(new float[] {7f, 4f}, one.stroke().getDashArray(), "batched, 1 core: dashed");
        assertArrayEquals(new float[] {7f, 3f, 2f, 3f}, two.stroke().getDashArray(), "batched, 2 cores: dash-dotted");
        assertNull(DriverStyle.of("tinynf").stroke().getDashArray(), "TinyNF, 1 core: solid");
        assertArrayEquals(new float[] {2f, 3f}, DriverStyle.of("tinynf-2cores").stroke().getDashArray(), "TinyNF, 2 cores: dotted");
    }
}
