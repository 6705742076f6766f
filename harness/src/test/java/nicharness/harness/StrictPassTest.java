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
import nicharness.model.PcapWriter;
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
        final boolean passed = StrictPass.checkAll(pairs, PcapTarget.parse(Map.of("1", folder.resolve("wire.pcap"))),
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
    void pcapTakesAPortAndADirection() {
        final Path file = folder.resolve("x.pcap");
        assertEquals(List.of(new PcapTarget(1, PcapWriter.Direction.TRANSMITTED, file)), PcapTarget.parse(Map.of("1:tx", file)));
        assertEquals(List.of(new PcapTarget(0, PcapWriter.Direction.RECEIVED, file)), PcapTarget.parse(Map.of("0:rx", file)));
        assertEquals(List.of(new PcapTarget(0, PcapWriter.Direction.BOTH, file)), PcapTarget.parse(Map.of("0", file)));
        assertEquals("Invalid value for option '--pcap': the port must be 0 or 1, was '2' (PORT[:rx|tx|both]=FILE, e.g. "
                + "1:tx=out.pcap)", assertThrows(IllegalArgumentException.class,
                        () -> PcapTarget.parse(Map.of("2", file))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PcapTarget.parse(Map.of("1:up", file)))
                .getMessage().contains("the direction must be rx, tx or both"));
    }
}
