package nicharness.nf.frame;

import nicharness.nf.Packet;

/**
 * The Internet checksum (RFC 1071) as Vigor's {@code nf_set_ipv4_udptcp_checksum} recomputes it
 * after the NAT and the load balancer rewrite a frame ({@code nf-util.c:45} at
 * vigor-nf/vigor 4979e590):
 * both checksums from scratch, no incremental update, quirks included.
 *
 * <p>The quirks, kept on purpose so that our output is the original's byte for byte:
 * <ul>
 *   <li>The IPv4 header checksum covers the fixed 20 bytes only; IP options are left out.</li>
 *   <li>The L4 length is {@code totalLength - 20}, whatever the IHL: with options the L4 checksum
 *       is wrong (it covers the options' length too many bytes), as in the C code.</li>
 *   <li>A checksum that comes out as 0 is stored as 0xFFFF, for TCP as for UDP (DPDK's
 *       {@code rte_ipv4_udptcp_cksum}); the IPv4 one likewise ({@code rte_ipv4_cksum}). A UDP
 *       checksum of 0 ("none") in the input is therefore replaced by a real one.</li>
 * </ul>
 *
 * <p>Where the C code would read or write outside the frame, we stay inside it (the data path
 * must not touch another frame): when the quirky L4 length runs past the frame's end, or is
 * negative (a total length below 20), the missing bytes count as zeros; a checksum field that
 * lies past the end (a 4-byte "TCP header") is not written, which is what the wire shows anyway,
 * since the NIC sends only the frame's length. Those frames never occur in the paper's traffic.
 *
 * <p>The one's-complement sum does not depend on byte order (RFC 1071 section 2(B)), so summing
 * big-endian words and storing big-endian gives the same bytes as DPDK's little-endian code.
 */
public final class Checksums {

    private Checksums() {
    }

    /**
     * Adds the 16-bit big-endian words of {@code [offset, offset + length)} to {@code sum},
     * counting bytes past the frame's end as zeros; an odd final byte is padded with a zero.
     *
     * @return the unfolded sum
     */
    public static long add(final Packet packet, final int offset, final int length, final long sum) {
        final int end = (int) Math.min((long) offset + length, packet.length());
        long acc = sum;
        int i = offset;
        for (; i + 1 < end; i += 2) {
            acc += packet.getU16(i);
        }
        if (i < end) {
            acc += packet.getU8(i) << 8;
        }
        return acc;
    }

    /** Folds a sum of 16-bit words to 16 bits with end-around carry. */
    public static int fold(final long sum) {
        long s = sum;
        while (s >>> 16 != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The stored form of a folded sum: its complement, except that 0 is sent as 0xFFFF. */
    private static int complementNeverZero(final long sum) {
        final int checksum = ~fold(sum) & 0xFFFF;
        return 0 == checksum ? 0xFFFF : checksum;
    }

    /**
     * Recomputes the IPv4 header checksum over the fixed 20-byte header (options excluded, as in
     * the C code). The frame must hold an IPv4 header ({@link FrameParser#ipv4End} passed).
     */
    public static void setIpv4HeaderChecksum(final Packet packet) {
        packet.setU16(Ipv4.CHECKSUM, 0);
        packet.setU16(Ipv4.CHECKSUM, complementNeverZero(add(packet, Ipv4.START, Ipv4.MIN_HEADER_LENGTH, 0)));
    }

    /**
     * Recomputes the TCP or UDP checksum, then the IPv4 header checksum, as
     * {@code nf_set_ipv4_udptcp_checksum} does. The frame must have passed
     * {@link FrameParser#tcpUdpStart}, which answered {@code l4}.
     *
     * @param l4 the offset of the TCP/UDP header
     */
    public static void setIpv4TcpUdpChecksums(final Packet packet, final int l4) {
        final int protocol = packet.getU8(Ipv4.PROTOCOL);
        final int field = l4 + (Ipv4.PROTOCOL_TCP == protocol ? TcpUdp.TCP_CHECKSUM : TcpUdp.UDP_CHECKSUM);
        // The C code zeroes both fields first: the sums below assume it.
        packet.setU16(Ipv4.CHECKSUM, 0);
        setU16InsideFrame(packet, field, 0);

        // Quirk: DPDK's L4 length is total length - sizeof(ipv4_hdr), blind to IHL.
        final int l4Length = packet.getU16(Ipv4.TOTAL_LENGTH) - Ipv4.MIN_HEADER_LENGTH;
        long sum = pseudoHeaderSum(packet, protocol, l4Length & 0xFFFF);
        sum = add(packet, l4, l4Length, sum);
        setU16InsideFrame(packet, field, complementNeverZero(sum));

        packet.setU16(Ipv4.CHECKSUM, complementNeverZero(add(packet, Ipv4.START, Ipv4.MIN_HEADER_LENGTH, 0)));
    }

    /** The RFC 768 / RFC 9293 pseudo-header: source, destination, zero, protocol, L4 length. */
    private static long pseudoHeaderSum(final Packet packet, final int protocol, final int l4Length) {
        return packet.getU16(Ipv4.SRC_ADDR) + packet.getU16(Ipv4.SRC_ADDR + 2)
                + packet.getU16(Ipv4.DST_ADDR) + packet.getU16(Ipv4.DST_ADDR + 2)
                + protocol + l4Length;
    }

    /** Writes the bytes of a 16-bit field that lie inside the frame (see the class comment). */
    private static void setU16InsideFrame(final Packet packet, final int offset, final int value) {
        final int length = packet.length();
        if (offset + 2 <= length) {
            packet.setU16(offset, value);
        } else if (offset < length) {
            packet.setU8(offset, value >>> 8);
        }
    }
}
