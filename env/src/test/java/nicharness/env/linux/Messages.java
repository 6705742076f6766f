package nicharness.env.linux;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on error messages: each must name the problem and the fix. */
final class Messages {
    private Messages() {
    }

    static void assertContains(final String message, final String... parts) {
        for (final String part : parts) {
            assertTrue(message != null && message.contains(part), () -> "message lacks \"" + part + "\": " + message);
        }
    }
}
