package nicharness.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overrides are read against the declared parameters, and every refusal names the value and the rule. */
class ParametersTest {
    private static final List<Parameter> DECLARED = List.of(
            new Parameter("ring-size", "1024", "descriptors per ring"),
            new Parameter("topology", "auto", "the agents"));

    private static Parameters given(final Map<String, String> overrides) {
        return new Parameters("test-driver", DECLARED, overrides);
    }

    private static void assertMentions(final Exception e, final String... words) {
        for (final String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + word + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void anUnknownNameIsRefusedWithTheKnownOnes() {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> given(Map.of("ring_size", "8"))),
                "ring_size", "test-driver", "[ring-size, topology]");
    }

    @Test
    void textIsTheOverrideOrTheDefaultTrimmed() {
        assertEquals("auto", given(Map.of()).text("topology"));
        assertEquals("0>1,1>0", given(Map.of("topology", " 0>1,1>0 ")).text("topology"));
        assertFalse(given(Map.of()).isSet("topology"));
        assertTrue(given(Map.of("topology", "auto")).isSet("topology"), "given, even if equal to the default");
    }

    @Test
    void numbersAreCheckedForFormRangeAndPowerOfTwo() {
        assertEquals(1024, given(Map.of()).powerOfTwo("ring-size", 8, 8192));
        assertEquals(512, given(Map.of("ring-size", " 512 ")).intValue("ring-size", 8, 8192));
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> given(Map.of("ring-size", "lots")).intValue("ring-size", 8, 8192)), "integer", "ring-size=lots");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> given(Map.of("ring-size", "4")).intValue("ring-size", 8, 8192)), "[8, 8192]", "ring-size=4");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> given(Map.of("ring-size", "1000")).powerOfTwo("ring-size", 8, 8192)), "power of two", "=1000");
    }

    @Test
    void readingAnUndeclaredNameIsADriverBug() {
        final Parameters parameters = given(Map.of());
        assertMentions(assertThrows(IllegalStateException.class, () -> parameters.text("flush-period")),
                "undeclared", "flush-period");
        assertThrows(IllegalStateException.class, () -> parameters.isSet("flush-period"));
    }
}
