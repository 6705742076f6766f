package nicharness.ixy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.driver.Parameter;
import org.junit.jupiter.api.Test;

class IxyParametersTest {

    @Test
    void defaultsAreIxys() {
        final IxyParameters p = IxyParameters.parse("ixy", 1, Map.of(), 2);
        assertEquals(new IxyParameters(1, 512, 512, 4096, 2048, 32, 36, 8, 4, 10000), p);
        assertEquals(32, IxyParameters.parse("ixy-batched", 32, Map.of(), 2).batchSize());
    }

    @Test
    void bothVariantsAreRegistered() {
        final DriverModel ixy = DriverRegistry.byName("ixy");
        final DriverModel batched = DriverRegistry.byName("ixy-batched");
        assertEquals("1", defaultOf(ixy, IxyParameters.BATCH_SIZE));
        assertEquals("32", defaultOf(batched, IxyParameters.BATCH_SIZE));
        assertEquals("512", defaultOf(ixy, IxyParameters.RX_RING_SIZE));
        assertEquals("32", defaultOf(batched, IxyParameters.TX_CLEAN_BATCH));
    }

    private static String defaultOf(final DriverModel model, final String name) {
        return model.parameters().stream().filter(p -> p.name().equals(name)).map(Parameter::defaultValue)
                .findFirst().orElseThrow();
    }

    @Test
    void overridesAreRead() {
        final IxyParameters p = IxyParameters.parse("ixy", 1, Map.of(IxyParameters.RX_RING_SIZE, "1024",
                IxyParameters.TX_WTHRESH, "0", IxyParameters.BATCH_SIZE, "64"), 2);
        assertEquals(1024, p.rxRingSize());
        assertEquals(0, p.txWthresh());
        assertEquals(64, p.batchSize());
    }

    @Test
    void unknownNamesAndBadValuesAreRefusedWithTheirValue() {
        assertMessage("unknown parameter 'ring-size'", Map.of("ring-size", "512"));
        assertMessage("rx-ring-size=500", Map.of(IxyParameters.RX_RING_SIZE, "500"));
        assertMessage("batch-size=512", Map.of(IxyParameters.BATCH_SIZE, "512"));
        assertMessage("tx-clean-batch=512", Map.of(IxyParameters.TX_CLEAN_BATCH, "512"));
        assertMessage("tx-pthresh=128", Map.of(IxyParameters.TX_PTHRESH, "128"));
        assertMessage("buffer-size=1024", Map.of(IxyParameters.BUFFER_SIZE, "1024"));
    }

    @Test
    void aPoolTooSmallForTheRingsIsRefused() {
        final var error = assertThrows(IllegalArgumentException.class,
                () -> IxyParameters.parse("ixy", 1, Map.of(IxyParameters.POOL_ENTRIES, "1024"), 2));
        assertTrue(error.getMessage().contains("pool-entries=1024 < rx-ring-size + ports x (tx-ring-size + batch-size) = 1538"),
                error.getMessage());
    }

    private static void assertMessage(final String expected, final Map<String, String> overrides) {
        final var error = assertThrows(IllegalArgumentException.class, () -> IxyParameters.parse("ixy", 1, overrides, 2));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}
