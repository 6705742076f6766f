package nicharness.nf.vigor;

import static nicharness.nf.NetworkFunction.DROP;
import static nicharness.nf.ReferenceChecksum.u48;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;
import org.junit.jupiter.api.Test;

/** VigFW against Vigor's {@code vigfw}. Port 1 is the WAN (the paper's set-up). */
class FirewallTest {
    private static final long HOST = 0x0A00_0001L;
    private static final long SERVER = 0x0808_0808L;
    private static final long EXPIRE_NS = 1_000_000;

    private final FrameBuffer buffer = new FrameBuffer();
    private Firewall firewall = (Firewall) NfRegistry.create("firewall", NfPorts.paper(2), Map.of("expire", "1000", "max-flows", "4"));

    private static byte[] outbound(final int hostPort) {
        return FrameBuilder.udp().srcIp(HOST).dstIp(SERVER).srcPort(hostPort).dstPort(53).build();
    }

    private static byte[] reply(final int hostPort) {
        return FrameBuilder.udp().srcIp(SERVER).dstIp(HOST).srcPort(53).dstPort(hostPort).build();
    }

    private int send(final byte[] frame, final int port, final long now) {
        final int output = firewall.process(buffer.load(frame), port, now);
        buffer.assertGuardsIntact();
        return output;
    }

    @Test
    void outboundTrafficOpensAFlowAndOnlyTheMacsChange() {
        final byte[] frame = outbound(1234);
        assertEquals(1, send(frame, 0, 1));
        final byte[] out = buffer.bytes();
        assertEquals(0x01_23_45_67_89_01L, u48(out, 0));
        assertEquals(0x01_00_00_00_00_00L, u48(out, 6));
        assertArrayEquals(Arrays.copyOfRange(frame, 12, 60), Arrays.copyOfRange(out, 12, 60), "IP, ports and checksums untouched");
        assertEquals(0, send(reply(1234), 1, 2));
        assertEquals(0x01_23_45_67_89_00L, u48(buffer.bytes(), 0));
        assertEquals(0x00_00_00_00_00_00L, u48(buffer.bytes(), 6));
    }

    @Test
    void unsolicitedOrMismatchedRepliesAreDropped() {
        assertEquals(DROP, send(reply(1234), 1, 1));
        send(outbound(1234), 0, 2);
        assertEquals(DROP, send(reply(1235), 1, 3));
        assertEquals(DROP, send(FrameBuilder.tcp().srcIp(SERVER).dstIp(HOST).srcPort(53).dstPort(1234).build(), 1, 4),
                "the protocol is part of the flow");
        assertEquals(DROP, send(FrameBuilder.udp().srcIp(SERVER + 1).dstIp(HOST).srcPort(53).dstPort(1234).build(), 1, 5));
    }

    @Test
    void aFullTableStillLetsTrafficOutButBlocksItsReplies() {
        for (int i = 0; i < 4; i++) {
            assertEquals(1, send(outbound(100 + i), 0, 1));
        }
        assertEquals(1, send(outbound(200), 0, 2), "let out although it cannot be recorded (C-verified)");
        assertEquals(4, firewall.flowCount());
        assertEquals(DROP, send(reply(200), 1, 3));
        assertEquals(0, send(reply(103), 1, 4));
    }

    @Test
    void flowsExpireOneNanosecondPastTheExpirationTime() {
        send(outbound(1234), 0, 1000);
        assertEquals(0, send(reply(1234), 1, 1000 + EXPIRE_NS), "touched exactly the expiration time ago: alive");
        assertEquals(DROP, send(reply(1234), 1, 1000 + 2 * EXPIRE_NS + 1), "refreshed at 1000 + E, gone at 1000 + 2E + 1");
        assertEquals(0, firewall.flowCount());
    }

    @Test
    void repliesReturnToTheInternalPortThatOpenedTheFlow() {
        firewall = (Firewall) NfRegistry.create("firewall", NfPorts.paper(3), Map.of("wan", "1"));
        assertEquals(1, send(outbound(1234), 2, 1));
        assertEquals(1, send(outbound(1235), 0, 2));
        assertEquals(2, send(reply(1234), 1, 3));
        assertEquals(0x02_00_00_00_00_00L, u48(buffer.bytes(), 6));
        assertEquals(0, send(reply(1235), 1, 4));
    }
}
