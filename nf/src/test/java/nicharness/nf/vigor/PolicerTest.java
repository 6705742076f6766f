package nicharness.nf.vigor;

import static nicharness.nf.NetworkFunction.DROP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;
import org.junit.jupiter.api.Test;

/** VigPol against Vigor's {@code vigpol}. Port 0 is the WAN, port 1 the LAN (the paper's set-up). */
class PolicerTest {
    private static final long USER = 0x0A00_0001L;
    private static final long OTHER_USER = 0x0A00_0002L;

    private final FrameBuffer buffer = new FrameBuffer();
    /** rate 1000 B/s, burst 200 B: expiry = 200 * 10^9 / 1000 ns = 0.2 s. */
    private Policer policer = policer(Map.of("rate", "1000", "burst", "200", "capacity", "2"));

    private static Policer policer(final Map<String, String> options) {
        return (Policer) NfRegistry.create("policer", NfPorts.paper(3), options);
    }

    private static byte[] to(final long destination) {
        return FrameBuilder.udp().srcIp(0x0808_0808L).dstIp(destination).build();
    }

    private int send(final byte[] frame, final int port, final long now) {
        final int output = policer.process(buffer.load(frame), port, now);
        buffer.assertGuardsIntact();
        assertArrayEquals(frame, buffer.bytes(), "the policer never modifies a frame");
        return output;
    }

    @Test
    void lanTrafficIsNeverPolicedAndOtherPortsAreDropped() {
        for (int i = 0; i < 100; i++) {
            assertEquals(0, send(to(USER), 1, 1));
        }
        assertEquals(DROP, send(to(USER), 2, 1));
        assertEquals(0, policer.destinationCount());
        assertEquals(0, send(FrameBuilder.udp().protocol(1).build(), 1, 2), "ICMP is fine: no L4 is needed");
    }

    @Test
    void aBucketDrainsPassesOnlyWhileItHoldsMoreThanTheFrameAndRefillsWithTime() {
        final long t0 = 1_000_000_000L;
        assertEquals(1, send(to(USER), 0, t0), "a new destination starts at burst - size");
        assertEquals(140, policer.tokens(USER));
        assertEquals(1, send(to(USER), 0, t0));
        assertEquals(80, policer.tokens(USER));
        assertEquals(1, send(to(USER), 0, t0));
        assertEquals(20, policer.tokens(USER));
        assertEquals(DROP, send(to(USER), 0, t0), "20 tokens for a 60-byte frame");
        assertEquals(20, policer.tokens(USER), "a dropped frame takes nothing");
        // 50 ms at 1000 B/s: 50 tokens, 70 > 60.
        assertEquals(1, send(to(USER), 0, t0 + 50_000_000));
        assertEquals(10, policer.tokens(USER));
        // 1 ns buys 1000 * 1 / 10^9 = 0 tokens (integer division), but the bucket's time still moves.
        assertEquals(DROP, send(to(USER), 0, t0 + 50_000_001));
        assertEquals(10, policer.tokens(USER));
        assertEquals(1, send(to(OTHER_USER), 0, t0), "buckets are per destination");
    }

    @Test
    void theFrameMustBeStrictlySmallerThanTheBucket() {
        policer = policer(Map.of("rate", "1000", "burst", "120"));
        assertEquals(1, send(to(USER), 0, 1));
        assertEquals(60, policer.tokens(USER));
        assertEquals(DROP, send(to(USER), 0, 1), "60 tokens do not pass a 60-byte frame");
    }

    @Test
    void theFirstFramePassesIfItFitsTheBurstAndNoEntryIsMadeOtherwise() {
        policer = policer(Map.of("rate", "1000", "burst", "60"));
        assertEquals(1, send(to(USER), 0, 1), "size == burst passes on a new destination");
        assertEquals(0, policer.tokens(USER));
        policer = policer(Map.of("rate", "1000", "burst", "59"));
        assertEquals(DROP, send(to(USER), 0, 1));
        assertEquals(0, policer.destinationCount());
    }

    @Test
    void aLongPauseRefillsToTheBurstAndAnIdleEntryExpiresAfterValidationOnly() {
        final long t0 = 1_000;
        final long expiry = 200_000_000L;
        assertEquals(expiry, policer.config().expiryNanos());
        send(to(USER), 0, t0);
        send(to(USER), 0, t0);
        assertEquals(80, policer.tokens(USER));
        // Refreshed at t0; at t0 + expiry the entry survives (strict) and dt == expiry refills to the burst.
        assertEquals(1, send(to(USER), 0, t0 + expiry));
        assertEquals(140, policer.tokens(USER));
        // A malformed frame long after does not expire anything: vigpol validates first.
        assertEquals(DROP, send(FrameBuilder.udp().ihl(3).build(), 1, t0 + 3 * expiry));
        assertEquals(1, policer.destinationCount());
        assertEquals(0, send(to(USER), 1, t0 + 2 * expiry + 1), "a valid frame, even from the LAN, expires it");
        assertEquals(0, policer.destinationCount());
    }

    @Test
    void aFullTableDropsNewDestinations() {
        assertEquals(1, send(to(USER), 0, 1));
        assertEquals(1, send(to(OTHER_USER), 0, 1));
        assertEquals(DROP, send(to(0x0A00_0003L), 0, 1));
        assertEquals(1, send(to(USER), 0, 1));
    }

    @Test
    void thePaperConfigurationKeepsTheCOverflowInItsExpiry() {
        final PolicerConfig paper = PolicerConfig.paper();
        // (10^12 * 10^9) mod 2^64 = 3875820019684212736, divided by 10^12.
        assertEquals(3_875_820L, paper.expiryNanos());
        policer = (Policer) NfRegistry.create("policer", NfPorts.paper(2), Map.of());
        final long t0 = 5_000_000_000L;
        assertEquals(1, send(to(USER), 0, t0));
        assertEquals(1_000_000_000_000L - 60, policer.tokens(USER));
        // dt = 1 ms < 3.88 ms: + 10^12 * 10^6 / 10^9 = 10^9 tokens, capped at the burst.
        assertEquals(1, send(to(USER), 0, t0 + 1_000_000));
        assertEquals(1_000_000_000_000L - 60, policer.tokens(USER));
    }

    @Test
    void invalidIpv4IsDroppedOnBothSides() {
        assertEquals(DROP, send(FrameBuilder.udp().totalLength(100).build(), 1, 1));
        assertEquals(DROP, send(FrameBuilder.udp().etherType(0x0806).build(), 0, 1));
        assertEquals(1, policer.counters().malformedFrames());
        assertEquals(1, policer.counters().unhandledFrames());
    }
}
