package nicharness.nf.frame;

import nicharness.nf.Packet;

/**
 * Header validation as Vigor's {@code nf-util.h} does it ({@code nf_then_get_ether_header},
 * {@code nf_then_get_ipv4_header} and {@code nf_then_get_tcpudp_header}, {@code nf-util.h:116-162} at
 * vigor-nf/vigor 4979e590), checked against the frame's length so that an NF never touches a byte
 * past the end.
 *
 * <p>Each method answers an offset (zero or more) when the frame has the headers, or a negative
 * reason: {@link #MALFORMED} or {@link #UNHANDLED}. Answering an {@code int} rather than an object
 * keeps parsing free of allocation; the caller drops the frame and counts the reason.
 *
 * <p>What is checked: the EtherType is IPv4; 20 bytes follow the Ethernet header; IHL is at least
 * 5; the total length fits in the frame (trailing padding is allowed); for L4, the protocol is TCP
 * or UDP and 4 bytes of ports follow the IPv4 header. Like Vigor, the version nibble, the header
 * checksum, fragmentation and TTL are not checked: a non-first fragment is read as if it had ports.
 */
public final class FrameParser {

    /** The frame is too short for a header, or its headers contradict its length. */
    public static final int MALFORMED = -1;

    /** The frame is well formed but not IPv4, or not TCP/UDP. */
    public static final int UNHANDLED = -2;

    private FrameParser() {
    }

    /**
     * Checks the Ethernet and IPv4 headers.
     *
     * <p>Options: Vigor reads L4 after the options when they fit in the frame, and silently at
     * offset 34 when they do not. We call a frame
     * whose options run past its end malformed (no test relies on Vigor's behaviour there).
     *
     * @return the offset of the byte after the IPv4 header (14 + 4 * IHL), or a negative reason
     */
    public static int ipv4End(final Packet packet) {
        final int length = packet.length();
        // Vigor's framework assumes every frame holds an Ethernet header; we check it.
        if (length < Ethernet.HEADER_LENGTH) {
            return MALFORMED;
        }
        if (Ethernet.ETHER_TYPE_IPV4 != packet.getU16(Ethernet.ETHER_TYPE)) {
            return UNHANDLED;
        }
        if (length < Ipv4.START + Ipv4.MIN_HEADER_LENGTH) {
            return MALFORMED;
        }
        final int ihl = packet.getU8(Ipv4.VERSION_IHL) & 0x0F;
        if (ihl < 5) {
            return MALFORMED;
        }
        // Vigor: total_length <= length - 14; anything after the datagram is Ethernet padding.
        if (packet.getU16(Ipv4.TOTAL_LENGTH) > length - Ethernet.HEADER_LENGTH) {
            return MALFORMED;
        }
        final int end = Ipv4.START + 4 * ihl;
        if (end > length) {
            return MALFORMED;
        }
        return end;
    }

    /**
     * Checks the Ethernet, IPv4 and TCP/UDP headers. Only the 4 bytes of ports are required after
     * the IPv4 header: like Vigor, a 4-byte "TCP header" is accepted.
     *
     * @return the offset of the TCP/UDP header, or a negative reason
     */
    public static int tcpUdpStart(final Packet packet) {
        final int l4 = ipv4End(packet);
        if (l4 < 0) {
            return l4;
        }
        final int protocol = packet.getU8(Ipv4.PROTOCOL);
        if (Ipv4.PROTOCOL_TCP != protocol && Ipv4.PROTOCOL_UDP != protocol) {
            return UNHANDLED;
        }
        if (packet.length() - l4 < TcpUdp.PORTS_LENGTH) {
            return MALFORMED;
        }
        return l4;
    }

    /**
     * Checks that the frame holds an Ethernet header, the one thing the bridge and the no-ops need.
     *
     * @return 0 when it does, else {@link #MALFORMED}
     */
    public static int ethernet(final Packet packet) {
        return packet.length() < Ethernet.HEADER_LENGTH ? MALFORMED : 0;
    }
}
