package nicharness.nf.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The paper's frames byte for byte. The expected hex strings were derived by hand from TinyNF osdi20
 * {@code benchmarking/bench-moongen.lua:68-121} (template, libmoon byte order, IPv4 checksum as the
 * NIC's offload writes it), not
 * from the code under test.
 */
class PaperTrafficTest {

    @ParameterizedTest(name = "direction {0}, layer {1}, flow {2}")
    @CsvSource({
        "0, 2, 0,     0000000000ff00000000000008004500002e000000004011ed9ac6120000c6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 2, 1,     0100000000ff01000000000008004500002e000000004011ed9ac6120000c6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 2, 4660,  3412000000ff34120000000008004500002e000000004011ed9ac6120000c6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 2, 59999, 5fea000000ff5fea0000000008004500002e000000004011ed9ac6120000c6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 3, 0,     000000000000ffffffffffff08004500002e000000004011b3ad00000000c6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 3, 1,     000000000000ffffffffffff08004500002e000000004011b3ac00000001c6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 3, 4660,  000000000000ffffffffffff08004500002e000000004011a17900001234c6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 3, 59999, 000000000000ffffffffffff08004500002e000000004011c94d0000ea5fc6120100ffff0000001a0000000000000000000000000000000000000000",
        "0, 4, 0,     000000000000ffffffffffff08004500002e000000004011ed9ac6120000c612010000000000001a0000000000000000000000000000000000000000",
        "0, 4, 1,     000000000000ffffffffffff08004500002e000000004011ed9ac6120000c612010001000000001a0000000000000000000000000000000000000000",
        "0, 4, 4660,  000000000000ffffffffffff08004500002e000000004011ed9ac6120000c612010034120000001a0000000000000000000000000000000000000000",
        "0, 4, 59999, 000000000000ffffffffffff08004500002e000000004011ed9ac6120000c61201005fea0000001a0000000000000000000000000000000000000000",
        "1, 2, 0,     0000000000000000000000ff08004500002e000000004011ed9ac6120100c61200000000ffff001a0000000000000000000000000000000000000000",
        "1, 2, 4660,  3412000000003412000000ff08004500002e000000004011ed9ac6120100c61200000000ffff001a0000000000000000000000000000000000000000",
        "1, 3, 1,     ffffffffffff00000000000008004500002e000000004011b3acc6120100000000010000ffff001a0000000000000000000000000000000000000000",
        "1, 3, 59999, ffffffffffff00000000000008004500002e000000004011c94dc61201000000ea5f0000ffff001a0000000000000000000000000000000000000000",
        "1, 4, 0,     ffffffffffff00000000000008004500002e000000004011ed9ac6120100c612000000000000001a0000000000000000000000000000000000000000",
        "1, 4, 4660,  ffffffffffff00000000000008004500002e000000004011ed9ac6120100c612000000003412001a0000000000000000000000000000000000000000",
    })
    void framesMatchTheReference(final int direction, final int layer, final int flow, final String hex) {
        assertArrayEquals(HexFormat.of().parseHex(hex), PaperTraffic.frame(direction, layer, flow));
    }

    @Test
    void probesMatchTheReference() {
        assertArrayEquals(HexFormat.of().parseHex(
                "000000000000ffffffffffff080045000046000000004011b39400000001c6120100ffff0000003237c2"
                        + "0002002c00000000000000000000000000000000000000000000000000010007007f0000000000000000"),
                PaperTraffic.probe(0, 3, 1, 7));
        assertArrayEquals(HexFormat.of().parseHex(
                "000000000000ffffffffffff080045000046000000004011ed82c6120000c61201003412000000323da5"
                        + "0002002c0000000000000000000000000000000000000000000000000001ffff007f0000000000000000"),
                PaperTraffic.probe(0, 4, 0x1234, 65535));
    }

    @Test
    void everyLayer3FrameCarriesAValidIpv4Checksum() {
        for (int direction = 0; direction < 2; direction++) {
            for (int flow = 0; flow < PaperTraffic.MAX_FLOWS; flow += 7) {
                final byte[] frame = PaperTraffic.frame(direction, 3, flow);
                long sum = 0;
                for (int i = 14; i < 34; i += 2) {
                    sum += (frame[i] & 0xFF) << 8 | frame[i + 1] & 0xFF;
                }
                while (sum >>> 16 != 0) {
                    sum = (sum & 0xFFFF) + (sum >>> 16);
                }
                assertEquals(0xFFFF, sum, "header sum of flow " + flow + " direction " + direction);
            }
        }
    }

    @Test
    void writesAtAnOffsetAndNowhereElse() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(200);
            segment.fill((byte) 0x5A);
            PaperTraffic.writeFrame(segment, 50, 1, 4, 77);
            for (int i = 0; i < 200; i++) {
                if (i < 50 || i >= 110) {
                    assertEquals((byte) 0x5A, segment.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
                }
            }
            assertArrayEquals(PaperTraffic.frame(1, 4, 77), segment.asSlice(50, 60).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    @Test
    void rejectsArgumentsOutsideTheirRange() {
        final MemorySegment segment = MemorySegment.ofArray(new byte[100]);
        assertThrows(IllegalArgumentException.class, () -> PaperTraffic.writeFrame(segment, 0, 2, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> PaperTraffic.writeFrame(segment, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> PaperTraffic.writeFrame(segment, 0, 0, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> PaperTraffic.writeFrame(segment, 0, 0, 2, -1));
        assertThrows(IllegalArgumentException.class, () -> PaperTraffic.writeFrame(segment, 0, 0, 2, 65_536));
        assertThrows(IllegalArgumentException.class, () -> PaperTraffic.writeProbe(segment, 0, 0, 2, 0, 65_536));
    }

    @Test
    void writingFramesAllocatesNothing() {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(PaperTraffic.PROBE_LENGTH);
            for (int round = 0; round < 2; round++) {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 300_000; i++) {
                    PaperTraffic.writeFrame(segment, 0, i & 1, 2 + i % 3, i % PaperTraffic.DEFAULT_FLOWS);
                    if (0 == (i & 1023)) {
                        PaperTraffic.writeProbe(segment, 0, 0, 2 + i % 3, i % PaperTraffic.DEFAULT_FLOWS, i & 0xFFFF);
                    }
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (1 == round) {
                    assertEquals(0, allocated, 1024, "bytes allocated over 300000 frames after warm-up");
                }
            }
        }
    }

    /** A frame re-pointed at another flow is byte for byte the frame written for that flow. */
    @Test
    void rewritingTheFlowGivesTheFrameWrittenForThatFlow() {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        final MemorySegment rewritten = Arena.ofAuto().allocate(PaperTraffic.FRAME_LENGTH);
        final MemorySegment written = Arena.ofAuto().allocate(PaperTraffic.FRAME_LENGTH);
        for (int layer = 2; layer <= 4; layer++) {
            for (int direction = 0; direction < 2; direction++) {
                PaperTraffic.writeFrame(rewritten, 0, direction, layer, random.nextInt(PaperTraffic.MAX_FLOWS));
                for (int k = 0; k < 2_000; k++) {
                    final int flow = k < 2 ? k * (PaperTraffic.MAX_FLOWS - 1) : random.nextInt(PaperTraffic.MAX_FLOWS);
                    PaperTraffic.rewriteFlow(rewritten, 0, direction, layer, flow);
                    PaperTraffic.writeFrame(written, 0, direction, layer, flow);
                    assertArrayEquals(written.toArray(ValueLayout.JAVA_BYTE), rewritten.toArray(ValueLayout.JAVA_BYTE),
                            "layer " + layer + ", direction " + direction + ", flow " + flow);
                }
            }
        }
    }
}
