package nicharness.nf.vigor;

import static nicharness.nf.NetworkFunction.DROP;
import static nicharness.nf.ReferenceChecksum.u16;
import static nicharness.nf.ReferenceChecksum.u32;
import static nicharness.nf.ReferenceChecksum.u48;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.NfPorts;
import nicharness.nf.ReferenceChecksum;
import nicharness.nf.registry.NfRegistry;
import org.junit.jupiter.api.Test;

/**
 * VigNAT against Vigor's {@code vignat}. Port 0 is internal, port 1 the WAN (the paper's set-up).
 * Most tests read ports and addresses as numbers, so they run in network byte order
 * ({@code byte-order=network}); Vigor's order, the default, has its own tests at the end.
 */
class NatTest {
    private static final long HOST = 0x0A00_0001L;      // 10.0.0.1
    private static final long HOST_2 = 0x0A00_0002L;    // 10.0.0.2
    private static final long SERVER = 0x0808_0808L;    // 8.8.8.8
    private static final long EXTERNAL = 0xCB00_7101L;  // 203.0.113.1
    private static final int START = 1000;
    private static final long EXPIRE_US = 1000;
    private static final long EXPIRE_NS = EXPIRE_US * 1000;

    private final FrameBuffer buffer = new FrameBuffer();
    private Nat nat = nat(Map.of());

    private static Nat nat(final Map<String, String> overrides) {
        final Map<String, String> options = new HashMap<>(Map.of("extip", "203.0.113.1", "starting-port", "" + START,
                "expire", "" + EXPIRE_US, "max-flows", "8", "byte-order", "network"));
        options.putAll(overrides);
        return (Nat) NfRegistry.create("nat", NfPorts.paper(2), options);
    }

    private static byte[] outbound(final long host, final int hostPort) {
        return FrameBuilder.udp().srcMac(0xAAAA).dstMac(0xBBBB).srcIp(host).dstIp(SERVER).srcPort(hostPort).dstPort(53).build();
    }

    private static byte[] reply(final long from, final int fromPort, final int externalPort) {
        return FrameBuilder.udp().srcIp(from).dstIp(EXTERNAL).srcPort(fromPort).dstPort(externalPort).build();
    }

    private int send(final byte[] frame, final int port, final long now) {
        final int output = nat.process(buffer.load(frame), port, now);
        buffer.assertGuardsIntact();
        return output;
    }

    @Test
    void aNewInternalFlowLeavesWithTheExternalAddressAndTheFirstPortInNetworkOrder() {
        assertEquals(1, send(outbound(HOST, 1234), 0, 1));
        final byte[] out = buffer.bytes();
        assertEquals(EXTERNAL, u32(out, 26));
        assertEquals(SERVER, u32(out, 30));
        assertEquals(START, u16(out, 34), "port 1000 on the wire as 03 e8: network order (the C code would write e8 03)");
        assertEquals(0x03, out[34]);
        assertEquals(53, u16(out, 36));
        assertEquals(0x01_00_00_00_00_00L, u48(out, 6), "source MAC: the WAN device's own");
        assertEquals(0x01_23_45_67_89_01L, u48(out, 0), "destination MAC: the WAN endpoint");
        assertTrue(ReferenceChecksum.ipv4HeaderValid(out));
        assertTrue(ReferenceChecksum.l4Valid(out, 26));
    }

    @Test
    void knownFlowsKeepTheirPortAndNewFlowsTakeAscendingPorts() {
        send(outbound(HOST, 1234), 0, 1);
        send(outbound(HOST, 1234), 0, 2);
        assertEquals(START, u16(buffer.bytes(), 34));
        send(outbound(HOST, 1235), 0, 3);
        assertEquals(START + 1, u16(buffer.bytes(), 34));
        send(outbound(HOST_2, 1234), 0, 4);
        assertEquals(START + 2, u16(buffer.bytes(), 34));
        assertEquals(3, nat.flowCount());
    }

    @Test
    void aReplyIsTranslatedBackToTheInternalHost() {
        send(outbound(HOST, 1234), 0, 1);
        assertEquals(0, send(reply(SERVER, 53, START), 1, 2));
        final byte[] in = buffer.bytes();
        assertEquals(HOST, u32(in, 30));
        assertEquals(1234, u16(in, 36));
        assertEquals(SERVER, u32(in, 26), "the source is untouched");
        assertEquals(53, u16(in, 34));
        assertEquals(0x00_00_00_00_00_00L, u48(in, 6));
        assertEquals(0x01_23_45_67_89_00L, u48(in, 0));
        assertTrue(ReferenceChecksum.ipv4HeaderValid(in));
        assertTrue(ReferenceChecksum.l4Valid(in, 26));
    }

    @Test
    void tcpFlowsWorkAndCarryAValidTcpChecksum() {
        final byte[] syn = FrameBuilder.tcp().srcIp(HOST).dstIp(SERVER).srcPort(40000).dstPort(443).build();
        assertEquals(1, send(syn, 0, 1));
        assertTrue(ReferenceChecksum.l4Valid(buffer.bytes(), 26));
        final byte[] back = FrameBuilder.tcp().srcIp(SERVER).dstIp(EXTERNAL).srcPort(443).dstPort(START).build();
        assertEquals(0, send(back, 1, 2));
        assertTrue(ReferenceChecksum.l4Valid(buffer.bytes(), 26));
        final byte[] udpOnTcpFlow = FrameBuilder.udp().srcIp(SERVER).dstIp(EXTERNAL).srcPort(443).dstPort(START).build();
        assertEquals(DROP, send(udpOnTcpFlow, 1, 3), "the protocol must match the flow's");
    }

    @Test
    void unsolicitedAndSpoofedRepliesAreDroppedButASpoofedOneStillRefreshesTheFlow() {
        assertEquals(DROP, send(reply(SERVER, 53, START), 1, 1), "no flow yet");
        send(outbound(HOST, 1234), 0, 1000);
        assertEquals(DROP, send(reply(SERVER, 53, START + 5), 1, 1001), "unallocated index");
        assertEquals(DROP, send(reply(SERVER, 53, START - 1), 1, 1002), "port below the range");
        assertEquals(DROP, send(reply(SERVER, 53, START + 8), 1, 1003), "port past the table");
        assertEquals(DROP, send(reply(SERVER, 54, START), 1, 1004), "wrong source port");
        assertEquals(DROP, send(reply(SERVER + 1, 53, START), 1, 1000 + EXPIRE_NS / 2), "wrong source address");
        // Without that refresh the flow (last used at 1000) would be gone at 1000 + EXPIRE + 1.
        assertEquals(0, send(reply(SERVER, 53, START), 1, 1000 + EXPIRE_NS + 1));
    }

    @Test
    void expiryHappensBeforeParsingExactlyAfterTheExpirationTime() {
        send(outbound(HOST, 1234), 0, 1000);
        final byte[] arp = FrameBuilder.udp().etherType(0x0806).build();
        assertEquals(DROP, send(arp, 0, 1000 + EXPIRE_NS));
        assertEquals(1, nat.flowCount(), "a flow touched exactly the expiration time ago survives");
        assertEquals(0, send(reply(SERVER, 53, START), 1, 1000 + EXPIRE_NS), "and still works");
        // Refreshed by that reply at 1000 + EXPIRE; gone one nanosecond past the next boundary.
        assertEquals(DROP, send(arp, 0, 1000 + 2 * EXPIRE_NS + 1));
        assertEquals(0, nat.flowCount(), "even a non-IP frame ages the table");
        assertEquals(DROP, send(reply(SERVER, 53, START), 1, 1000 + 2 * EXPIRE_NS + 2));
    }

    @Test
    void expiredPortsAreReusedLastInFirstOut() {
        send(outbound(HOST, 1), 0, 10);
        send(outbound(HOST, 2), 0, 11);
        send(outbound(HOST, 3), 0, 12);
        // One nanosecond past the youngest one's expiry, all three expire in age order: indices 0, 1, 2
        // are freed, so 2 is on top of the free stack.
        final long later = 12 + EXPIRE_NS + 1;
        final int[] expectedPorts = {START + 2, START + 1, START, START + 3};
        for (int i = 0; i < expectedPorts.length; i++) {
            assertEquals(1, send(outbound(HOST, 10 + i), 0, later + i));
            assertEquals(expectedPorts[i], u16(buffer.bytes(), 34), "flow " + i + " after expiry");
        }
    }

    @Test
    void aFullTableDropsNewFlowsButKeepsServingOldOnes() {
        for (int i = 0; i < 8; i++) {
            assertEquals(1, send(outbound(HOST, 100 + i), 0, 1));
        }
        assertEquals(DROP, send(outbound(HOST, 200), 0, 2));
        assertEquals(1, send(outbound(HOST, 107), 0, 3));
        assertEquals(START + 7, u16(buffer.bytes(), 34));
        assertEquals(0, send(reply(SERVER, 53, START + 7), 1, 4));
    }

    @Test
    void theSameTupleOnTwoInternalPortsMakesTwoFlows() {
        nat = (Nat) NfRegistry.create("nat", NfPorts.paper(3), Map.of("wan", "2", "eth-dest", "2,02:00:00:00:00:99",
                "starting-port", "" + START, "extip", "203.0.113.1", "max-flows", "8", "byte-order", "network"));
        assertEquals(2, send(outbound(HOST, 1234), 0, 1));
        assertEquals(0x02_00_00_00_00_99L, u48(buffer.bytes(), 0), "eth-dest overrides the endpoint MAC");
        assertEquals(2, send(outbound(HOST, 1234), 1, 2));
        assertEquals(START + 1, u16(buffer.bytes(), 34));
        assertEquals(1, send(reply(SERVER, 53, START + 1), 2, 3), "the reply goes back to the port the flow came from");
        assertEquals(0, send(reply(SERVER, 53, START), 2, 4));
    }

    @Test
    void nonIpAndNonTcpUdpFramesAreDroppedAndCounted() {
        assertEquals(DROP, send(FrameBuilder.udp().protocol(1).build(), 0, 1));
        assertEquals(DROP, send(FrameBuilder.udp().etherType(0x86DD).build(), 0, 1));
        assertEquals(DROP, send(FrameBuilder.udp().ihl(4).build(), 0, 1));
        assertEquals(2, nat.counters().unhandledFrames());
        assertEquals(1, nat.counters().malformedFrames());
        assertEquals(0, nat.flowCount());
    }

    @Test
    void byDefaultTheExternalAddressAndPortGoOnTheWireInHostOrderAsVigorWritesThem() {
        nat = nat(Map.of("byte-order", "vigor"));
        assertEquals(NatConfig.ByteOrder.VIGOR, NatConfig.paper().byteOrder(), "the paper's configuration");
        assertEquals(1, send(outbound(HOST, 1234), 0, 1));
        final byte[] out = buffer.bytes();
        assertEquals(0x0171_00CBL, u32(out, 26), "203.0.113.1 with its four bytes reversed");
        assertEquals(0xE803, u16(out, 34), "port 1000 (0x03e8) low byte first");
        assertTrue(ReferenceChecksum.ipv4HeaderValid(out));
        assertTrue(ReferenceChecksum.l4Valid(out, 26));
        assertEquals(DROP, send(reply(SERVER, 53, START), 1, 2), "a reply to port 1000 in network order is another index");
        assertEquals(0, send(reply(SERVER, 53, 0xE803), 1, 3), "the reply to the port as it went out finds the flow");
        assertEquals(HOST, u32(buffer.bytes(), 30));
        assertEquals(1234, u16(buffer.bytes(), 36));
        assertTrue(ReferenceChecksum.l4Valid(buffer.bytes(), 26));
    }

    @Test
    void anUnknownByteOrderIsRefusedNamingTheOption() {
        final IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> nat(Map.of("byte-order", "little")));
        assertTrue(e.getMessage().contains("byte-order"), e.getMessage());
    }

    /**
     * The paper's two-way NAT run: the 60,000 layer-4 flows of direction 0 open flows, then the
     * 60,000 of direction 1 reply to them (MoonGen writes the flow counter into the UDP port low
     * byte first, in both directions). The traffic is deterministic, flows 0 to 59,999 in order.
     * In Vigor's byte order every reply finds its own flow, as on the paper's testbed; in network
     * order 5,052 replies are dropped (their port, read big-endian, names no allocated index) and
     * 54,714 of the 54,948 translated ones reach another flow's internal host.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"vigor, 0, 60000", "network, 5052, 234"})
    void thePapersTwoWayTrafficAfter60000ForwardFlows(final String order, final int dropped, final int ownHost) {
        nat = (Nat) NfRegistry.create("nat", NfPorts.paper(2), Map.of("byte-order", order));
        final int flows = nicharness.nf.traffic.PaperTraffic.DEFAULT_FLOWS;
        long now = 1;
        for (int flow = 0; flow < flows; flow++) {
            final byte[] in = nicharness.nf.traffic.PaperTraffic.frame(0, 4, flow);
            assertEquals(1, send(in, 0, now++), "forward flow " + flow);
            if ("vigor".equals(order)) {
                assertEquals(u16(in, 34), u16(buffer.bytes(), 34), "forward flow " + flow + ": the port rewrite is the identity on the wire");
            }
        }
        assertEquals(flows, nat.flowCount());
        int droppedReplies = 0;
        int toOwnHost = 0;
        int toOtherHost = 0;
        for (int flow = 0; flow < flows; flow++) {
            final byte[] reply = nicharness.nf.traffic.PaperTraffic.frame(1, 4, flow);
            final int output = send(reply, 1, now++);
            if (output == DROP) {
                droppedReplies++;
                continue;
            }
            assertEquals(0, output);
            final byte[] back = buffer.bytes();
            assertTrue(ReferenceChecksum.ipv4HeaderValid(back) && ReferenceChecksum.l4Valid(back, 26), "reply " + flow);
            // The internal host of flow c sent from 198.18.0.0, UDP port bytes [c & ff, c >> 8].
            final byte[] own = nicharness.nf.traffic.PaperTraffic.frame(0, 4, flow);
            assertEquals(u32(own, 26), u32(back, 30), "reply " + flow + ": to an internal address");
            if (u16(own, 34) == u16(back, 36)) {
                toOwnHost++;
            } else {
                toOtherHost++;
            }
        }
        assertEquals(dropped, droppedReplies, order + ": replies dropped");
        assertEquals(ownHost, toOwnHost, order + ": replies to the flow's own internal host");
        assertEquals(flows - dropped - ownHost, toOtherHost, order + ": replies to another flow's internal host");
    }
}
