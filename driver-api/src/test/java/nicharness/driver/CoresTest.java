package nicharness.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoresTest {

    @Test
    void aVariantNameIsItsModelAndItsCores() {
        assertEquals("tinynf-2cores", Cores.variantName("tinynf", 2));
        assertEquals("tinynf", Cores.variantName("tinynf", 1));
        assertEquals("dpdk-batched-policer", Cores.modelName("dpdk-batched-policer-2cores"));
        assertEquals(2, Cores.coresOf("dpdk-batched-policer-2cores"));
        assertEquals(1, Cores.coresOf("dpdk-batched"));
        assertEquals("dpdk-batched", Cores.modelName("dpdk-batched"));
    }

    @Test
    void withTwoPortsAndTwoCoresEachCoreOwnsOneInput() {
        assertArrayEquals(new int[] {0}, Cores.inputsOf(0, 2, 2));
        assertArrayEquals(new int[] {1}, Cores.inputsOf(1, 2, 2));
        assertArrayEquals(new int[] {0, 1}, Cores.inputsOf(0, 1, 2));
        assertArrayEquals(new int[] {0, 2}, Cores.inputsOf(0, 2, 4));
    }

    @Test
    void moreCoresThanPortsIsRefusedNamingTheParameter() {
        final Parameters values = new Parameters("m", List.of(Cores.PARAMETER_DEFINITION), Map.of(Cores.PARAMETER, "3"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cores.count(values, 2));
        assertTrue(e.getMessage().contains("cores") && e.getMessage().contains("[1, 2]"), e.getMessage());
    }

    /** A driver that counts its polls and received one packet per poll. */
    private static final class Counting implements Driver {
        private final DriverCounters counters = new DriverCounters();

        @Override
        public int pollOnce() {
            counters.polls++;
            counters.received++;
            return 1;
        }

        @Override
        public nicharness.env.IdleStrategy idleStrategy() {
            return nicharness.env.IdleStrategy.NONE;
        }

        @Override
        public DriverCounters counters() {
            return counters;
        }
    }

    @Test
    void onOneThreadEveryCoreIsPolledAndTheCountersAreTheirSum() {
        final Counting a = new Counting();
        final Counting b = new Counting();
        final Driver both = Cores.of(List.of(a, b));
        assertEquals(List.of(a, b), both.cores());
        assertEquals(2, both.pollOnce());
        b.pollOnce();
        assertEquals(3, both.counters().received);
        assertEquals(3, both.counters().polls);
        assertSame(a, Cores.of(List.of(a)), "one core is the driver itself");
    }

    @Test
    void aVariantOpensItsModelWithTheCoresSetAndRefusesThemTwice() {
        final List<Map<String, String>> opened = new ArrayList<>();
        final DriverModel model = new DriverModel() {
            @Override
            public String name() {
                return "m";
            }

            @Override
            public String description() {
                return "a model";
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(Cores.PARAMETER_DEFINITION);
            }

            @Override
            public Driver open(final DriverSetup setup) {
                opened.add(setup.parameters());
                return new Counting();
            }
        };
        final DriverModel variant = Cores.variant(model, 2);
        assertEquals("m-2cores", variant.name());
        final DriverSetup setup = DriverSetup.of(List.of(new Port(0, new nicharness.env.MemoryRegisterSpace(
                        java.lang.foreign.Arena.ofAuto().allocate(0x20000, 8)))),
                new nicharness.env.SimulatedDmaMemory(1 << 21), (packet, input, now) -> 0);
        variant.open(setup);
        assertEquals(Map.of("cores", "2"), opened.getFirst());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> variant.open(setup.with("cores", "2")));
        assertTrue(e.getMessage().contains("m-2cores"), e.getMessage());
    }
}
