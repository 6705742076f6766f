package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.driver.Parameter;
import org.junit.jupiter.api.Test;

/** Start-up checks: the paper's defaults, and every rule DPDK 20.02 enforces, refused with name and value. */
class DpdkConfigTest {

    private static DpdkConfig parse(final DriverModel model, final Map<String, String> overrides) {
        return DpdkConfig.parse(model.name(), model.parameters(), overrides);
    }

    private static String refused(final Map<String, String> overrides) {
        return assertThrows(IllegalArgumentException.class, () -> parse(new DpdkModel(), overrides)).getMessage();
    }

    @Test
    void bothVariantsAreRegisteredWithThePapersDefaults() {
        final DpdkConfig dpdk = parse(DriverRegistry.byName("dpdk"), Map.of());
        assertEquals(1, dpdk.burst());
        assertEquals(160, dpdk.nbRxd());
        assertEquals(544, dpdk.nbTxd());
        final DpdkConfig batched = parse(DriverRegistry.byName("dpdk-batched"), Map.of());
        assertEquals(32, batched.burst());
        assertEquals(128, batched.nbRxd());
        assertEquals(512, batched.nbTxd());
        for (final DpdkConfig config : new DpdkConfig[] {dpdk, batched}) {
            assertEquals(32, config.rxFreeThreshold());
            assertEquals(32, config.txRsThreshold());
            assertEquals(32, config.txFreeThreshold());
            assertEquals(32, config.txPthresh());
            assertEquals(0, config.txHthresh());
            assertEquals(0, config.txWthresh());
            assertEquals(4858, config.nbMbufPerPort());
            assertEquals(250, config.mempoolCacheSize());
            assertFalse(config.rxDropEnable());
            assertFalse(config.mempoolDebug());
        }
        assertEquals(2 * 4858, dpdk.mempoolSize(2));
    }

    @Test
    void dpdkVerifiedHasVigorsNfcConfiguration() {
        final DpdkConfig verified = parse(DriverRegistry.byName("dpdk-verified"), Map.of());
        assertEquals(1, verified.burst());
        assertEquals(96, verified.nbRxd());
        assertEquals(96, verified.nbTxd());
        assertEquals(256, verified.nbMbufPerPort());
        assertEquals(0, verified.mempoolCacheSize());
        assertEquals(32, verified.rxFreeThreshold()); // Vigor passes no rxconf: the PMD's default
        assertEquals(32, verified.txRsThreshold());
        assertEquals(512, verified.mempoolSize(2));
    }

    @Test
    void thePolicerBaselinesHaveItsPoolOf2048WithCache128() {
        final DpdkConfig verified = parse(DriverRegistry.byName("dpdk-verified-policer"), Map.of());
        final DpdkConfig batched = parse(DriverRegistry.byName("dpdk-batched-policer"), Map.of());
        assertEquals(1, verified.burst());
        assertEquals(160, verified.nbRxd());
        assertEquals(544, verified.nbTxd());
        assertEquals(32, batched.burst());
        assertEquals(128, batched.nbRxd());
        assertEquals(512, batched.nbTxd());
        for (final DpdkConfig config : new DpdkConfig[] {verified, batched}) {
            assertEquals(2048, config.mempoolSize(2));
            assertEquals(128, config.mempoolCacheSize());
        }
    }

    @Test
    void everyParameterIsDocumented() {
        for (final Parameter parameter : new DpdkBatchedModel().parameters()) {
            assertTrue(parameter.description().length() > 40, parameter.name());
        }
    }

    @Test
    void overridesAreRead() {
        final DpdkConfig config = parse(new DpdkModel(), Map.of("burst", "8", "nb_rxd", "256", "mempool_debug", "1",
                "mempool_cache_size", "0", "rx_drop_en", "1"));
        assertEquals(8, config.burst());
        assertEquals(256, config.nbRxd());
        assertTrue(config.mempoolDebug());
        assertTrue(config.rxDropEnable());
        assertEquals(0, config.mempoolCacheSize());
    }

    @Test
    void ringSizesMustBeMultiplesOfEightWithinDpdksLimits() {
        assertTrue(refused(Map.of("nb_rxd", "100")).contains("nb_rxd must be a multiple of 8"));
        assertTrue(refused(Map.of("nb_txd", "540")).contains("nb_txd must be a multiple of 8"));
        assertTrue(refused(Map.of("nb_rxd", "8192")).contains("nb_rxd=8192"));
        assertTrue(refused(Map.of("nb_txd", "16")).contains("nb_txd=16"));
    }

    @Test
    void receiveParametersMustKeepTheBulkAllocationPath() {
        final String notDividing = refused(Map.of("rx_free_thresh", "48"));
        assertTrue(notDividing.contains("bulk-allocation") && notDividing.contains("rx_free_thresh=48 nb_rxd=160"),
                notDividing);
        assertTrue(refused(Map.of("rx_free_thresh", "16")).contains("rx_free_thresh=16"));
        assertTrue(refused(Map.of("rx_free_thresh", "160")).contains("rx_free_thresh=160"));
        assertEquals(80, parse(new DpdkModel(), Map.of("rx_free_thresh", "80")).rxFreeThreshold());
    }

    @Test
    void transmitParametersFollowIxgbeDevTxQueueSetup() {
        assertTrue(refused(Map.of("tx_rs_thresh", "64")).contains("tx_rs_thresh must be at most 32"));
        assertTrue(refused(Map.of("tx_rs_thresh", "16")).contains("simple transmit path"));
        assertTrue(refused(Map.of("tx_free_thresh", "16")).contains("tx_rs_thresh must be at most tx_free_thresh"));
        assertTrue(refused(Map.of("tx_free_thresh", "520")).contains("tx_rs_thresh + tx_free_thresh must not exceed"));
        assertTrue(refused(Map.of("tx_wthresh", "4")).contains("tx_wthresh must be 0 when tx_rs_thresh > 1"));
        assertTrue(refused(Map.of("nb_txd", "536")).contains("tx_rs_thresh must divide nb_txd"));
        assertTrue(refused(Map.of("nb_txd", "64", "tx_free_thresh", "60"))
                .contains("tx_rs_thresh + tx_free_thresh must not exceed nb_txd"));
    }

    @Test
    void malformedAndUnknownParametersAreRefused() {
        assertTrue(refused(Map.of("burst", "0")).contains("burst=0"));
        assertTrue(refused(Map.of("burst", "many")).contains("burst=many"));
        assertTrue(refused(Map.of("rx_free_threshold", "32")).contains("unknown parameter 'rx_free_threshold'"));
        assertTrue(refused(Map.of("mempool_cache_size", "600")).contains("mempool_cache_size=600"));
    }

    @Test
    void theCacheMustFitThePool() {
        final DpdkConfig config = parse(new DpdkModel(), Map.of("nb_mbuf_per_port", "300"));
        assertEquals(600, config.mempoolSize(2));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config.mempoolSize(1));
        assertTrue(e.getMessage().contains("mempool_cache_size=250 nb_mbuf_per_port=300 ports=1"), e.getMessage());
    }
}
