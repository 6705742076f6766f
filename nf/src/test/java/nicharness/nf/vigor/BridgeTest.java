package nicharness.nf.vigor;

import static nicharness.nf.NetworkFunction.DROP;
import static nicharness.nf.NetworkFunction.FLOOD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.NfPorts;
import nicharness.nf.frame.Ethernet;
import nicharness.nf.registry.NfRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** VigBridge against Vigor's {@code vigbridge}. */
class BridgeTest {
    private static final long A = 0x02_00_00_00_00_0AL;
    private static final long B = 0x02_00_00_00_00_0BL;
    private static final long C = 0x02_00_00_00_00_0CL;
    private static final long EXPIRE_NS = 1_000_000;

    private final FrameBuffer buffer = new FrameBuffer();
    private Bridge bridge = (Bridge) NfRegistry.create("bridge", NfPorts.paper(3), Map.of("expire", "1000", "capacity", "4"));

    private static byte[] frame(final long source, final long destination) {
        return FrameBuilder.udp().srcMac(source).dstMac(destination).build();
    }

    private int send(final byte[] frame, final int port, final long now) {
        final int output = bridge.process(buffer.load(frame), port, now);
        buffer.assertGuardsIntact();
        assertArrayEquals(frame, buffer.bytes(), "the bridge never modifies a frame");
        return output;
    }

    @Test
    void unknownDestinationsFloodAndLearnedOnesAreForwarded() {
        assertEquals(FLOOD, send(frame(A, B), 0, 1));
        assertEquals(0, send(frame(B, A), 2, 2), "A was learned on port 0");
        assertEquals(2, send(frame(A, B), 0, 3), "B was learned on port 2");
        assertEquals(DROP, send(frame(C, A), 0, 4), "A lives on the input port: filtered");
    }

    @Test
    void aStationThatMovesKeepsItsOldPortUntilItAgesOut() {
        send(frame(A, B), 0, 1);
        send(frame(A, B), 1, 2);
        assertEquals(0, send(frame(C, A), 2, 3), "the stored port is not updated (C-verified)");
        send(frame(A, B), 1, 2 + EXPIRE_NS);
        assertEquals(0, send(frame(C, A), 2, 3 + EXPIRE_NS), "refreshed from port 1, still on port 0");
        send(frame(A, B), 1, 3 + 2 * EXPIRE_NS);
        assertEquals(1, send(frame(C, A), 2, 4 + 2 * EXPIRE_NS), "aged out, then learned again on its new port");
    }

    @Test
    void broadcastFloodsUnlessItWasLearnedAsASource() {
        assertEquals(FLOOD, send(frame(A, Ethernet.BROADCAST), 0, 1));
        assertEquals(FLOOD, send(frame(Ethernet.BROADCAST, C), 1, 2), "multicast/broadcast sources are learned too");
        assertEquals(1, send(frame(B, Ethernet.BROADCAST), 0, 3));
    }

    @Test
    void stationsExpireOneNanosecondPastTheAgingTime() {
        send(frame(A, B), 0, 1000);
        assertEquals(0, send(frame(B, A), 1, 1000 + EXPIRE_NS), "seen exactly the aging time ago: still known");
        assertEquals(FLOOD, send(frame(B, A), 1, 1000 + EXPIRE_NS + 1));
        assertEquals(1, bridge.stationCount(), "only B remains");
    }

    @Test
    void aFullTableLearnsNothingMoreButKeepsForwarding() {
        for (int i = 0; i < 4; i++) {
            send(frame(0x10 + i, Ethernet.BROADCAST), 0, 1);
        }
        assertEquals(0, send(frame(A, 0x10), 1, 2), "A is not learned, the frame still goes to 0x10's port");
        assertEquals(4, bridge.stationCount());
        assertEquals(FLOOD, send(frame(B, A), 0, 3));
    }

    @Test
    void staticRulesFilterOrForwardBeforeTheDynamicTable(@TempDir final Path dir) throws IOException {
        final Path rules = dir.resolve("static.cfg");
        Files.writeString(rules, "02:00:00:00:00:0b 0 -2\n02:00:00:00:00:0b 1 2\n  02:00:00:00:00:0a 2 2\n02:00:00:00:00:0c 0 1\n");
        bridge = (Bridge) NfRegistry.create("bridge", NfPorts.paper(3), Map.of("config", rules.toString()));
        send(frame(B, A), 0, 1);  // B learned on port 0, A unknown
        send(frame(A, C), 2, 1);  // A learned on port 2, C's rule is for input port 0 only
        assertEquals(DROP, send(frame(C, B), 0, 2), "rule (B, 0) filters");
        assertEquals(2, send(frame(C, B), 1, 3), "rule (B, 1) forwards to 2 although B was learned on 0");
        assertEquals(DROP, send(frame(C, A), 2, 4), "rule (A, 2) names the input port: dropped");
        assertEquals(1, send(frame(A, C), 0, 5), "rule (C, 0)");
        assertEquals(2, send(frame(B, A), 1, 6), "no rule for (A, 1): the dynamic table");
    }

    @Test
    void staticRuleFilesWithMistakesAreRefusedWithTheRuleNamed(@TempDir final Path dir) throws IOException {
        final Path rules = dir.resolve("bad.cfg");
        Files.writeString(rules, "02:00:00:00:00:0b 0 7\n");
        final IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> NfRegistry.create("bridge", NfPorts.paper(2), Map.of("config", rules.toString())));
        assertTrue(port.getMessage().contains("02:00:00:00:00:0b 0 7"), port.getMessage());
        Files.writeString(rules, "02:00:00:00:00:0b 0\n");
        assertThrows(IllegalArgumentException.class, () -> NfRegistry.create("bridge", NfPorts.paper(2), Map.of("config", rules.toString())));
        Files.writeString(rules, "zz:00:00:00:00:0b 0 1\n");
        assertThrows(IllegalArgumentException.class, () -> NfRegistry.create("bridge", NfPorts.paper(2), Map.of("config", rules.toString())));
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> NfRegistry.create("bridge", NfPorts.paper(2), Map.of("config", dir.resolve("none.cfg").toString())));
        assertTrue(missing.getMessage().contains("none.cfg"), missing.getMessage());
    }

    @Test
    void framesShorterThanAnEthernetHeaderAreDroppedAndCounted() {
        final byte[] frame = frame(A, B);
        for (int length = 0; length < 14; length++) {
            assertEquals(DROP, bridge.process(buffer.load(frame, length), 0, 1));
            buffer.assertGuardsIntact();
        }
        assertEquals(14, bridge.counters().malformedFrames());
        assertEquals(0, bridge.stationCount());
        assertEquals(FLOOD, bridge.process(buffer.load(frame, 14), 0, 1), "14 bytes are enough for a bridge");
    }
}
