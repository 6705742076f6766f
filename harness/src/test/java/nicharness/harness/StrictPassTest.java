package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict pass of {@code run --strict} and {@code cost --strict}. */
class StrictPassTest {
    @TempDir
    Path folder;

    @Test
    void everyDriverPassesWithTheNfsThatUseTheWholeDataPathAndEachPairGetsItsOwnCapture() throws IOException {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        final List<Map.Entry<String, String>> pairs = List.of(Map.entry("tinynf", "nat"), Map.entry("dpdk", "firewall"),
                Map.entry("ixy-batched", "policer"));
        final boolean passed = StrictPass.checkAll(pairs, Map.of(1, folder.resolve("wire.pcap")),
                new PrintStream(text, true, StandardCharsets.UTF_8));
        final String out = text.toString(StandardCharsets.UTF_8);
        assertTrue(passed, out);
        for (final Map.Entry<String, String> pair : pairs) {
            assertTrue(out.contains("strict pass: " + pair.getKey() + " with NF " + pair.getValue() + ": no fault"), out);
            final Path capture = folder.resolve("wire-" + pair.getKey() + "-" + pair.getValue() + ".pcap");
            assertTrue(Files.size(capture) > 24 + 16 * 100, capture + " holds the pass's frames");
        }
    }

    @Test
    void onlyPortsZeroAndOneCanBeCaptured() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StrictPass.checkPcapPorts(Map.of(2, folder.resolve("x.pcap"))));
        assertEquals("Invalid value for option '--pcap': port must be 0 or 1, was 2", e.getMessage());
    }
}
