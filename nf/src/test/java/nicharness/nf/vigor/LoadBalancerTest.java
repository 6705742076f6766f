package nicharness.nf.vigor;

import static nicharness.nf.NetworkFunction.DROP;
import static nicharness.nf.ReferenceChecksum.u16;
import static nicharness.nf.ReferenceChecksum.u32;
import static nicharness.nf.ReferenceChecksum.u48;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;
import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.NfPorts;
import nicharness.nf.ReferenceChecksum;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import org.junit.jupiter.api.Test;

/** VigLB against Vigor's {@code viglb}. Port 0 is the clients' (WAN), the others face backends. */
class LoadBalancerTest {
    private static final long VIP = 0xC000_0201L;           // 192.0.2.1
    private static final long BACKEND_IP = 0x0A01_0000L;    // 10.1.0.x
    private static final long BACKEND_MAC = 0x02_BB_00_00_00_00L;
    private static final long FLOW_EXPIRE_NS = 1_000_000;
    private static final long BACKEND_EXPIRE_NS = 10_000_000;

    private final FrameBuffer buffer = new FrameBuffer();
    private LoadBalancer lb = lb(Map.of());

    private static LoadBalancer lb(final Map<String, String> overrides) {
        final Map<String, String> options = new HashMap<>(Map.of("flow-expiration", "1000", "backend-expiration", "10000",
                "flow-capacity", "8"));
        options.putAll(overrides);
        return (LoadBalancer) NfRegistry.create("lb", NfPorts.paper(3), options);
    }

    private static byte[] client(final long source, final int sourcePort) {
        return FrameBuilder.udp().srcMac(0xC1).dstMac(0xDD).srcIp(source).dstIp(VIP).srcPort(sourcePort).dstPort(80).build();
    }

    private static byte[] heartbeat(final int backend) {
        return FrameBuilder.udp().srcMac(BACKEND_MAC | backend).srcIp(BACKEND_IP | backend).dstIp(VIP).build();
    }

    private int send(final byte[] frame, final int port, final long now) {
        final int output = lb.process(buffer.load(frame), port, now);
        buffer.assertGuardsIntact();
        return output;
    }

    /**
     * The C code's hash, computed apart: raw CRC32C of the 20-byte LoadBalancedFlow image
     * ({@code viglb/lb_flow.h.gen.c:85-89}).
     */
    private static int referenceHash(final byte[] frame) {
        final byte[] image = {
            frame[26], frame[27], frame[28], frame[29], frame[30], frame[31], frame[32], frame[33],
            frame[34], frame[35], 0, 0, frame[36], frame[37], 0, 0, frame[23], 0, 0, 0};
        final CRC32C crc = new CRC32C();
        crc.update(image);
        final CRC32C zeros = new CRC32C();
        zeros.update(new byte[20]);
        return (int) (crc.getValue() ^ zeros.getValue());
    }

    /** The backend Vigor's CHT construction prefers first for a hash, all backends alive. */
    private static int referenceFirstChoice(final int hash, final int height, final int backends) {
        final int row = (int) (Integer.toUnsignedLong(hash) % height);
        // Rank 0 of a row is the first backend to visit it: the smallest (k, j) in fill order.
        for (int k = 0; k < height; k++) {
            for (int j = 0; j < backends; j++) {
                if ((31 * j % height + (j % (height - 1) + 1) * k) % height == row) {
                    return j;
                }
            }
        }
        throw new AssertionError();
    }

    @Test
    void withoutBackendsClientsAreDropped() {
        assertEquals(DROP, send(client(1, 1), 0, 1));
        assertEquals(0, lb.flowCount());
    }

    @Test
    void heartbeatsRegisterBackendsAndAreNeverForwarded() {
        assertEquals(DROP, send(heartbeat(1), 1, 1));
        assertEquals(DROP, send(heartbeat(2), 2, 1));
        assertEquals(2, lb.backendCount());
        assertEquals(DROP, send(heartbeat(1), 1, 2), "a known backend is only refreshed");
        assertEquals(2, lb.backendCount());
    }

    @Test
    void aClientFrameGoesToTheBackendWithAddressAndMacsRewritten() {
        send(heartbeat(7), 2, 1);
        final byte[] frame = client(0xC633_6401L, 5555);
        assertEquals(2, send(frame, 0, 2));
        final byte[] out = buffer.bytes();
        assertEquals(BACKEND_IP | 7, u32(out, 30));
        assertEquals(0xC633_6401L, u32(out, 26), "the source address stays");
        assertEquals(5555, u16(out, 34));
        assertEquals(80, u16(out, 36));
        assertEquals(BACKEND_MAC | 7, u48(out, 0));
        assertEquals(0x02_00_00_00_00_00L, u48(out, 6), "source MAC: the backend port's own");
        assertTrue(ReferenceChecksum.ipv4HeaderValid(out));
        assertTrue(ReferenceChecksum.l4Valid(out, 26));
    }

    @Test
    void theBackendChoiceFollowsTheCrc32cHashAndTheChtOfThePaperConfiguration() {
        lb = (LoadBalancer) NfRegistry.create("lb", NfPorts.paper(2), Map.of());
        for (int b = 0; b < 32; b++) {
            send(heartbeat(b), 1, 1); // backend b gets index b: fresh indices are ascending
        }
        final int[] hits = new int[32];
        for (int flow = 0; flow < 2000; flow++) {
            final byte[] frame = PaperTraffic.frame(0, 4, flow);
            final int hash = referenceHash(frame);
            assertEquals(hash, LoadBalancer.flowHash(u32(frame, 26), u32(frame, 30), u16(frame, 34), u16(frame, 36), 17));
            final int expected = referenceFirstChoice(hash, 97, 32);
            assertEquals(1, send(frame, 0, 2));
            assertEquals(BACKEND_IP | expected, u32(buffer.bytes(), 30), "flow " + flow);
            hits[expected]++;
        }
        int used = 0;
        for (final int h : hits) {
            used += h > 0 ? 1 : 0;
        }
        assertTrue(used > 16, "the flows spread over the backends: " + used);
    }

    @Test
    void knownFlowsStayWithTheirBackendAsOthersArrive() {
        send(heartbeat(1), 1, 1);
        for (int i = 0; i < 8; i++) {
            send(client(0x0B00_0000L + i, 1000 + i), 0, 2);
        }
        for (int b = 2; b < 30; b++) {
            send(heartbeat(b), 1, 3);
        }
        for (int i = 0; i < 8; i++) {
            assertEquals(1, send(client(0x0B00_0000L + i, 1000 + i), 0, 4));
            assertEquals(BACKEND_IP | 1, u32(buffer.bytes(), 30), "affinity of flow " + i);
        }
    }

    @Test
    void aFullFlowTableStillForwardsWithoutRemembering() {
        send(heartbeat(1), 1, 1);
        for (int i = 0; i < 8; i++) {
            send(client(0x0B00_0000L + i, 1), 0, 2);
        }
        assertEquals(1, send(client(0x0C00_0000L, 1), 0, 3));
        assertEquals(8, lb.flowCount());
    }

    @Test
    void whenABackendExpiresItsFlowsMoveToALiveOne() {
        lb = lb(Map.of("flow-expiration", "100000"));
        send(heartbeat(1), 1, 0);
        send(client(0x0B00_0001L, 1), 0, 0);
        assertEquals(BACKEND_IP | 1, u32(buffer.bytes(), 30));
        // Backend 2 appears later and keeps heartbeating; backend 1 falls silent.
        send(heartbeat(2), 2, BACKEND_EXPIRE_NS / 2);
        send(client(0x0B00_0001L, 1), 0, BACKEND_EXPIRE_NS / 2); // keeps the flow fresh
        send(heartbeat(2), 2, BACKEND_EXPIRE_NS);
        assertEquals(1, send(client(0x0B00_0001L, 1), 0, BACKEND_EXPIRE_NS), "touched exactly the expiration ago: alive");
        assertEquals(2, send(client(0x0B00_0001L, 1), 0, BACKEND_EXPIRE_NS + 1), "backend 1 expired: re-placed");
        assertEquals(BACKEND_IP | 2, u32(buffer.bytes(), 30));
        assertEquals(1, lb.backendCount());
        assertEquals(1, lb.flowCount(), "the flow was erased and added again");
    }

    @Test
    void aFlowFollowsItsBackendIndexEvenWhenANewBackendTakesIt() {
        send(heartbeat(1), 1, 0);                       // index 0
        send(client(0x0B00_0001L, 1), 0, 0);
        // Backend 1 expires; backend 9 registers and reuses index 0 (last in, first out).
        send(client(0x0B00_0001L, 1), 0, BACKEND_EXPIRE_NS);
        send(heartbeat(9), 2, BACKEND_EXPIRE_NS + 1);
        assertEquals(0, lb.backendIndex(BACKEND_IP | 9));
        assertEquals(2, send(client(0x0B00_0001L, 1), 0, BACKEND_EXPIRE_NS + 2), "moves silently to the newcomer (C-verified)");
        assertEquals(BACKEND_IP | 9, u32(buffer.bytes(), 30));
    }

    @Test
    void idleFlowsExpireAndAreThenPlacedAgain() {
        send(heartbeat(1), 1, 0);
        send(client(0x0B00_0001L, 1), 0, 10);
        assertEquals(1, lb.flowCount());
        send(heartbeat(1), 1, 10 + FLOW_EXPIRE_NS);
        assertEquals(1, lb.flowCount(), "touched exactly the expiration ago: alive");
        send(heartbeat(1), 1, 11 + FLOW_EXPIRE_NS);
        assertEquals(0, lb.flowCount());
    }

    @Test
    void aHeartbeatDoesNotUpdateAKnownBackendsMacOrPortAndAFullBackendTableIgnoresNewOnes() {
        lb = lb(Map.of("backend-capacity", "2", "cht-height", "3"));
        send(heartbeat(1), 1, 0);
        send(FrameBuilder.udp().srcMac(0x02_99_99_99_99_99L).srcIp(BACKEND_IP | 1).build(), 2, 1);
        send(heartbeat(2), 2, 2);
        send(heartbeat(3), 2, 3);
        assertEquals(2, lb.backendCount());
        assertEquals(-1, lb.backendIndex(BACKEND_IP | 3));
        for (int i = 0; i < 20; i++) {
            final int out = send(client(0x0B00_0000L + i, i), 0, 4);
            final long backend = u32(buffer.bytes(), 30);
            if (backend == (BACKEND_IP | 1)) {
                assertEquals(1, out, "backend 1 stays on port 1");
                assertEquals(BACKEND_MAC | 1, u48(buffer.bytes(), 0));
            } else {
                assertEquals(BACKEND_IP | 2, backend);
            }
        }
    }

    @Test
    void thePaperScenarioPutsEveryFlowOnTheOneReverseHeatUpBackend() {
        lb = (LoadBalancer) NfRegistry.create("lb", NfPorts.paper(2), Map.of());
        for (int flow = 0; flow < 100; flow++) {
            assertEquals(DROP, send(PaperTraffic.frame(1, 4, flow), 1, flow));
        }
        assertEquals(1, lb.backendCount(), "the reverse traffic has one source address, 198.18.1.0");
        for (int flow = 0; flow < 1000; flow++) {
            assertEquals(1, send(PaperTraffic.frame(0, 4, flow), 0, 1000 + flow));
            assertEquals(0xC612_0100L, u32(buffer.bytes(), 30));
            assertEquals(0L, u48(buffer.bytes(), 0), "the backend's MAC, 00:00:00:00:00:00");
            assertNotEquals(0, u16(buffer.bytes(), 40), "the UDP checksum is filled in");
        }
        assertEquals(1000, lb.flowCount());
    }
}
