package nicharness.nf.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.vigor.Bridge;
import nicharness.nf.vigor.BridgeConfig;
import nicharness.nf.vigor.Firewall;
import nicharness.nf.vigor.FirewallConfig;
import nicharness.nf.vigor.LoadBalancer;
import nicharness.nf.vigor.LoadBalancerConfig;
import nicharness.nf.vigor.Nat;
import nicharness.nf.vigor.NatConfig;
import nicharness.nf.vigor.Policer;
import nicharness.nf.vigor.PolicerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry: names, layers, the paper's presets as defaults, and set-up errors that say what is wrong. */
class NfRegistryTest {
    private static final NfPorts TWO = NfPorts.paper(2);

    @Test
    void namesAndTrafficLayersAreThePapers() {
        assertEquals(List.of("nop", "nop-untouched", "nop-write", "nop-lookup", "nop-ixy", "bridge", "nat", "policer", "firewall", "lb"),
                NfRegistry.names());
        for (final String name : List.of("nop", "nop-untouched", "nop-write", "nop-lookup", "nop-ixy", "bridge")) {
            assertEquals(2, NfRegistry.trafficLayer(name), name);
        }
        assertEquals(3, NfRegistry.trafficLayer("policer"));
        assertEquals(4, NfRegistry.trafficLayer("nat"));
        assertEquals(4, NfRegistry.trafficLayer("firewall"));
        assertEquals(4, NfRegistry.trafficLayer("lb"));
        for (final NfDescriptor nf : NfRegistry.all()) {
            assertEquals("lb".equals(nf.name()), nf.reverseHeatUp(), nf.name());
        }
    }

    @Test
    void onlyTheVigorNfsNeedTheTimeSoDriversReadNoClockForTheNoOps() {
        for (final String name : NfRegistry.names()) {
            final boolean vigor = List.of("bridge", "nat", "policer", "firewall", "lb").contains(name);
            assertEquals(vigor, NfRegistry.create(name, TWO, Map.of()).needsTime(), name);
        }
    }

    @Test
    void everyNfIsAFinalClassSoTheDriverCallSiteStaysMonomorphic() {
        for (final String name : NfRegistry.names()) {
            final NetworkFunction nf = NfRegistry.create(name, TWO, Map.of());
            assertTrue(Modifier.isFinal(nf.getClass().getModifiers()), name);
            assertFalse(nf.toString().isBlank(), name);
        }
    }

    @Test
    void defaultsAreThePaperPresets() {
        assertEquals(NatConfig.paper(), ((Nat) NfRegistry.create("nat", TWO, null)).config());
        assertEquals(BridgeConfig.paper(), ((Bridge) NfRegistry.create("bridge", TWO, Map.of())).config());
        assertEquals(PolicerConfig.paper(), ((Policer) NfRegistry.create("policer", TWO, Map.of())).config());
        assertEquals(FirewallConfig.paper(), ((Firewall) NfRegistry.create("firewall", TWO, Map.of())).config());
        assertEquals(LoadBalancerConfig.paper(), ((LoadBalancer) NfRegistry.create("lb", TWO, Map.of())).config());
        assertEquals(new NatConfig(1, 4_000_000, 0, 65_536, 0), NatConfig.paper());
        assertEquals(new LoadBalancerConfig(0, 4_000_000, 65_536, 32, 97, 3_600_000_000L), LoadBalancerConfig.paper());
        assertEquals(new PolicerConfig(1, 0, 1_000_000_000_000L, 1_000_000_000_000L, 65_536), PolicerConfig.paper());
        assertEquals(131_072, BridgeConfig.paper().capacity());
    }

    @Test
    void optionsOverrideThePreset() {
        final Nat nat = (Nat) NfRegistry.create("nat", TWO, Map.of("max-flows", "1024", "expire", "10", "extip", "192.0.2.7"));
        assertEquals(new NatConfig(1, 10, 0, 1024, 0xC000_0207L), nat.config());
    }

    @Test
    void theHarnessPortsAreTheShimsAndTheBenchmarkEndpoints() {
        assertEquals(0x01_00_00_00_00_00L, TWO.deviceMac(1));
        assertEquals(0x01_23_45_67_89_00L, TWO.endpointMac(0));
        assertEquals(0x01_23_45_67_89_01L, TWO.endpointMac(1));
    }

    @Test
    void anUnknownNfNamesTheKnownOnes() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NfRegistry.create("nap", TWO, Map.of()));
        assertTrue(e.getMessage().contains("'nap'") && e.getMessage().contains("nat, policer"), e.getMessage());
    }

    @Test
    void anUnknownOptionNamesTheAcceptedOnes() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NfRegistry.create("policer", TWO, Map.of("burts", "5")));
        assertTrue(e.getMessage().contains("[burts]") && e.getMessage().contains("burst, capacity, lan, rate, wan"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource({
        "nat,      max-flows,          1000,        power of two",
        "nat,      max-flows,          0,           '[1, 65536]'",
        "nat,      expire,             0,           '[1, 4294967]'",
        "nat,      expire,             5000000,     wraps",
        "nat,      starting-port,      65535,       starting-port + max-flows",
        "nat,      wan,                2,           '[0, 1]'",
        "nat,      extip,              300.1.2.3,   a.b.c.d",
        "nat,      eth-dest,           5;aa,        'D,MAC'",
        "bridge,   capacity,           262144,      '[1, 131072]'",
        "bridge,   expire,             x,           whole number",
        "policer,  lan,                0,           other than the WAN",
        "policer,  rate,               0,           '[1, 9223372036854775807]'",
        "policer,  capacity,           3,           power of two",
        "firewall, expire,             4294967296,  '[1, 4294967295]'",
        "lb,       cht-height,         96,          prime",
        "lb,       backend-capacity,   128,         fewer backends than CHT rows",
        "lb,       backend-capacity,   24,          power of two",
        "lb,       wan,                7,           port index",
    })
    void aBadValueSaysWhichNfOptionValueAndWhatIsAccepted(final String nf, final String option, final String value,
                                                          final String accepted) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NfRegistry.create(nf, TWO, Map.of(option, value)));
        final String message = e.getMessage();
        assertTrue(message.startsWith(nf + ": option " + option + " = "), message);
        assertTrue(message.contains(value), message);
        assertTrue(message.contains(accepted), message);
    }
}
