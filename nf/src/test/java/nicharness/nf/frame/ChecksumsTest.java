package nicharness.nf.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.Packet;
import nicharness.nf.ReferenceChecksum;
import org.junit.jupiter.api.Test;

/**
 * The checksum recomputation of Vigor's {@code nf_set_ipv4_udptcp_checksum} ({@code nf-util.c:45}),
 * checked with an independent RFC 1071 sum.
 */
class ChecksumsTest {
    private final FrameBuffer buffer = new FrameBuffer();

    private static FrameBuilder sample(final FrameBuilder builder) {
        return builder.srcIp(0xC0A8_0001L).dstIp(0x0A00_0002L).srcPort(1234).dstPort(80).u32(42, 0xDEAD_BEEFL).u16(58, 0x1234);
    }

    @Test
    void udpAndIpv4ChecksumsComeOutValidAndAZeroUdpChecksumIsReplaced() {
        final Packet packet = buffer.load(sample(FrameBuilder.udp()).u16(24, 0x5555).build());
        Checksums.setIpv4TcpUdpChecksums(packet, 34);
        final byte[] frame = buffer.bytes();
        assertTrue(ReferenceChecksum.ipv4HeaderValid(frame));
        assertTrue(ReferenceChecksum.l4Valid(frame, 26));
        assertNotEquals(0, ReferenceChecksum.u16(frame, 40));
        buffer.assertGuardsIntact();
    }

    @Test
    void tcpChecksumGoesAtOffsetSixteen() {
        final Packet packet = buffer.load(sample(FrameBuilder.tcp()).build());
        Checksums.setIpv4TcpUdpChecksums(packet, 34);
        final byte[] frame = buffer.bytes();
        assertTrue(ReferenceChecksum.ipv4HeaderValid(frame));
        assertTrue(ReferenceChecksum.l4Valid(frame, 26));
        assertEquals(0, ReferenceChecksum.u16(frame, 40), "no UDP checksum written into a TCP header");
    }

    @Test
    void aComputedZeroIsStoredAsAllOnes() {
        // Choose a payload word that makes the UDP sum (checksum field at 0) come out as 0xFFFF.
        final byte[] base = sample(FrameBuilder.udp()).u16(42, 0).build();
        int sum = ReferenceChecksum.add(ReferenceChecksum.sum(base, 26, 8), 17 + 26);
        sum = ReferenceChecksum.add(sum, ReferenceChecksum.sum(base, 34, 26));
        final byte[] crafted = sample(FrameBuilder.udp()).u16(42, ~sum & 0xFFFF).build();
        Checksums.setIpv4TcpUdpChecksums(buffer.load(crafted), 34);
        assertEquals(0xFFFF, ReferenceChecksum.u16(buffer.bytes(), 40));
        assertTrue(ReferenceChecksum.l4Valid(buffer.bytes(), 26));

        // Likewise for the IPv4 header, through the identification field.
        final byte[] header = FrameBuilder.udp().u16(18, 0).build();
        header[24] = 0;
        header[25] = 0;
        final int headerSum = ReferenceChecksum.sum(header, 14, 20);
        final byte[] craftedHeader = FrameBuilder.udp().u16(18, ~headerSum & 0xFFFF).build();
        Checksums.setIpv4HeaderChecksum(buffer.load(craftedHeader));
        assertEquals(0xFFFF, ReferenceChecksum.u16(buffer.bytes(), 24));
    }

    @Test
    void withOptionsTheChecksumsKeepTheOriginalsQuirks() {
        // IHL 6: L4 at 38; total length 50; the C code sums totalLength - 20 = 30 bytes from 38,
        // which runs 4 bytes past the 64-byte frame: those count as zeros here.
        final byte[] input = sample(FrameBuilder.udp().withOptions(1)).build();
        assertEquals(64, input.length);
        Checksums.setIpv4TcpUdpChecksums(buffer.load(input), 38);
        final byte[] frame = buffer.bytes();

        assertTrue(ReferenceChecksum.ipv4HeaderValid(frame), "the fixed 20 bytes check out");
        assertNotEquals(0xFFFF, ReferenceChecksum.sum(frame, 14, 24), "the options are left out of the sum");

        final byte[] zeroed = frame.clone();
        zeroed[44] = 0;
        zeroed[45] = 0;
        int expected = ReferenceChecksum.add(ReferenceChecksum.sum(zeroed, 26, 8), 17 + 30);
        expected = ReferenceChecksum.add(expected, ReferenceChecksum.sum(zeroed, 38, 26));
        assertEquals(ReferenceChecksum.complement(expected), ReferenceChecksum.u16(frame, 44));
        buffer.assertGuardsIntact();
    }

    @Test
    void aChecksumFieldPastTheFrameIsNotWritten() {
        // A "TCP" frame with only its 4 bytes of ports: the TCP checksum field at 34 + 16 is past the end.
        final byte[] frame = FrameBuilder.tcp().totalLength(24).srcPort(1).dstPort(2).build();
        Checksums.setIpv4TcpUdpChecksums(buffer.load(frame, 38), 34);
        buffer.assertGuardsIntact();
        assertTrue(ReferenceChecksum.ipv4HeaderValid(buffer.bytes()));

        // The field straddles the end: only its first byte is inside.
        Checksums.setIpv4TcpUdpChecksums(buffer.load(FrameBuilder.tcp().totalLength(37).build(), 51), 34);
        buffer.assertGuardsIntact();

        // A total length below 20 makes the C length negative: nothing is summed past the header.
        Checksums.setIpv4TcpUdpChecksums(buffer.load(FrameBuilder.udp().totalLength(4).build()), 34);
        buffer.assertGuardsIntact();
    }
}
