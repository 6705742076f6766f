package nicharness.nf.frame;

/**
 * The part of the TCP (RFC 9293) and UDP (RFC 768) headers the NFs use, at offsets relative to the
 * start of the L4 header (which {@link FrameParser#tcpUdpStart} locates). Vigor's {@code tcpudp_hdr}
 * is just the two ports: an NF may rely on these 4 bytes and nothing more.
 */
public final class TcpUdp {

    /** Offset of the source port. */
    public static final int SRC_PORT = 0;

    /** Offset of the destination port. */
    public static final int DST_PORT = 2;

    /** The bytes every TCP/UDP header is required to have here: the two ports. */
    public static final int PORTS_LENGTH = 4;

    /** Offset of the UDP checksum. */
    public static final int UDP_CHECKSUM = 6;

    /** Offset of the UDP length field. */
    public static final int UDP_LENGTH = 4;

    /** Length of a UDP header. */
    public static final int UDP_HEADER_LENGTH = 8;

    /** Offset of the TCP checksum. */
    public static final int TCP_CHECKSUM = 16;

    private TcpUdp() {
    }
}
