package nicharness.nf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.SplittableRandom;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every NF against malformed input: truncation at every length, IPv4 headers that contradict the
 * frame, other protocols, and a million fuzzed frames. Each must be dropped and counted (or, for
 * NFs that only need an Ethernet header, handled), with no exception and no byte written outside
 * the frame (guard bytes on both sides). Seeds are fixed.
 */
class MalformedInputTest {
    private static final int GUARD = 64;
    private static final int MAX_LENGTH = 100;
    private static final long GUARD_WORD = 0xA5A5_A5A5_A5A5_A5A5L;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED;

    static Iterable<String> names() {
        return NfRegistry.names();
    }

    /** The shortest frame each NF accepts (its traffic layer's headers, with the paper's total length of 46). */
    private static int minimumLength(final String name) {
        return 2 == NfRegistry.trafficLayer(name) ? 14 : PaperTraffic.FRAME_LENGTH;
    }

    private static NetworkFunction create(final String name) {
        final NetworkFunction nf = NfRegistry.create(name, NfPorts.paper(2), Map.of());
        if ("lb".equals(name)) {
            // A backend, so that client frames go all the way to the rewrite.
            nf.process(new FrameBuffer().load(PaperTraffic.frame(1, 4, 0)), 1, 0);
        }
        return nf;
    }

    private static long rejected(final NetworkFunction nf) {
        return nf.counters().malformedFrames() + nf.counters().unhandledFrames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void truncationAtEveryLengthIsDroppedAndCountedBelowTheHeadersTheNfNeeds(final String name) {
        final NetworkFunction nf = create(name);
        final FrameBuffer buffer = new FrameBuffer();
        final int layer = NfRegistry.trafficLayer(name);
        for (int direction = 0; direction < 2; direction++) {
            final byte[] frame = java.util.Arrays.copyOf(PaperTraffic.frame(direction, layer, 3), 64);
            for (int length = 0; length <= 64; length++) {
                final long malformedBefore = nf.counters().malformedFrames();
                final int output = nf.process(buffer.load(frame, length), direction, 1000 + length);
                buffer.assertGuardsIntact();
                if (length < minimumLength(name)) {
                    assertEquals(NetworkFunction.DROP, output, name + " at length " + length);
                    assertEquals(malformedBefore + 1, nf.counters().malformedFrames(), name + " counts length " + length);
                } else {
                    assertEquals(malformedBefore, nf.counters().malformedFrames(), name + " accepts length " + length);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void contradictoryIpv4HeadersAndOtherProtocolsAreDroppedAndCounted(final String name) {
        final NetworkFunction nf = create(name);
        final FrameBuffer buffer = new FrameBuffer();
        final int layer = NfRegistry.trafficLayer(name);
        final byte[][] malformed = {
            FrameBuilder.udp().ihl(0).build(), FrameBuilder.udp().ihl(4).build(),
            FrameBuilder.udp().totalLength(47).build(), FrameBuilder.udp().totalLength(0xFFFF).build(),
            FrameBuilder.udp().ihl(15).build(),
        };
        // Valid IPv4 with 3 bytes after the header: malformed for the NFs that need ports.
        final byte[] shortPorts = FrameBuilder.udp().totalLength(20).length(37).build();
        final byte[][] unhandled = {
            FrameBuilder.udp().etherType(0x0806).build(), FrameBuilder.udp().etherType(0x86DD).build(),
            FrameBuilder.udp().etherType(0x8100).build(),
        };
        final byte[][] notTcpUdp = {FrameBuilder.udp().protocol(1).build(), FrameBuilder.udp().protocol(132).build()};
        for (int port = 0; port < 2; port++) {
            for (final byte[] frame : malformed) {
                check(nf, buffer, frame, port, layer > 2, true);
            }
            check(nf, buffer, shortPorts, port, 4 == layer, true);
            for (final byte[] frame : unhandled) {
                check(nf, buffer, frame, port, layer > 2, false);
            }
            for (final byte[] frame : notTcpUdp) {
                check(nf, buffer, frame, port, 4 == layer, false);
            }
        }
    }

    private static void check(final NetworkFunction nf, final FrameBuffer buffer, final byte[] frame, final int port,
                              final boolean rejects, final boolean malformed) {
        final long malformedBefore = nf.counters().malformedFrames();
        final long unhandledBefore = nf.counters().unhandledFrames();
        final int output = nf.process(buffer.load(frame), port, 5000);
        buffer.assertGuardsIntact();
        if (rejects) {
            assertEquals(NetworkFunction.DROP, output);
            assertEquals(malformedBefore + (malformed ? 1 : 0), nf.counters().malformedFrames());
            assertEquals(unhandledBefore + (malformed ? 0 : 1), nf.counters().unhandledFrames());
        } else {
            assertEquals(malformedBefore, nf.counters().malformedFrames());
            assertEquals(unhandledBefore, nf.counters().unhandledFrames());
        }
    }

    /**
     * A million frames per NF: a quarter pure random bytes, the rest the paper's frames (either
     * direction, any flow) with up to three random bytes changed, in random lengths, so that frames
     * reach every depth of parsing and every table path. No exception, every answer a port, DROP or
     * FLOOD, and the guards intact after every frame.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    @Timeout(60)
    void aMillionFuzzedFrames(final String name) {
        final NetworkFunction nf = create(name);
        final int layer = NfRegistry.trafficLayer(name);
        final SplittableRandom random = new SplittableRandom(0x7117_4EF0L ^ name.hashCode());
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment memory = arena.allocate(GUARD + MAX_LENGTH + GUARD, 64);
            memory.fill((byte) 0xA5);
            final Packet packet = new Packet();
            long now = 0;
            long rejected = 0;
            for (int i = 0; i < 1_000_000; i++) {
                final int length;
                if (0 == (i & 3)) {
                    length = random.nextInt(MAX_LENGTH + 1);
                    for (int offset = 0; offset < MAX_LENGTH; offset += 8) {
                        memory.set(WORD, GUARD + offset, random.nextLong());
                    }
                } else {
                    PaperTraffic.writeFrame(memory, GUARD, random.nextInt(2), layer, random.nextInt(PaperTraffic.MAX_FLOWS));
                    for (int changes = random.nextInt(4); changes > 0; changes--) {
                        memory.set(ValueLayout.JAVA_BYTE, GUARD + random.nextInt(PaperTraffic.FRAME_LENGTH), (byte) random.nextInt());
                    }
                    length = random.nextInt(8) > 0 ? PaperTraffic.FRAME_LENGTH : random.nextInt(MAX_LENGTH + 1);
                }
                for (int offset = 0; offset < GUARD; offset += 8) {
                    memory.set(WORD, GUARD + length + offset, GUARD_WORD);
                }
                now += random.nextInt(200_000);
                final int port = random.nextInt(2);
                final long before = rejected(nf);
                final int output = nf.process(packet.wrap(memory, GUARD, length, length), port, now);
                rejected += rejected(nf) - before;
                if (output < NetworkFunction.FLOOD || output >= 2) {
                    fail(name + " answered " + output + " for frame " + i);
                }
                for (int offset = 0; offset < GUARD; offset += 8) {
                    if (GUARD_WORD != memory.get(WORD, offset) || GUARD_WORD != memory.get(WORD, GUARD + length + offset)) {
                        fail(name + " wrote outside frame " + i + " of length " + length);
                    }
                }
            }
            assertTrue(2 == layer || rejected > 100_000, name + " rejected only " + rejected + " frames");
        }
    }
}
