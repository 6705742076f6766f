package nicharness.nf.frame;

/**
 * The IPv4 header (RFC 791 section 3.1) at its fixed place right after the Ethernet header. Every
 * offset here counts from the start of the frame, so NF code reads {@code packet.getU32(Ipv4.SRC_ADDR)}.
 *
 * <pre>
 * 14      15      16              18              20              22      23      24              26
 * +-------+-------+---------------+---------------+---------------+-------+-------+---------------+
 * |ver|ihl| tos   | total length  | identification| flags|fragment| ttl   | proto | header cksum  |
 * +-------+-------+---------------+---------------+---------------+-------+-------+---------------+
 * 26                              30                              34
 * +-------------------------------+-------------------------------+- - - options (ihl &gt; 5) - - -
 * | source address                | destination address           |
 * +-------------------------------+-------------------------------+- - - - - - - - - - - - - - -
 * </pre>
 */
public final class Ipv4 {

    /** Offset of the IPv4 header in the frame. */
    public static final int START = Ethernet.HEADER_LENGTH;

    /** Offset of the version (high nibble) and IHL (low nibble, in 32-bit words) byte. */
    public static final int VERSION_IHL = START;

    /** Offset of the type-of-service byte. */
    public static final int TOS = START + 1;

    /** Offset of the total length (IPv4 header and payload, big-endian). */
    public static final int TOTAL_LENGTH = START + 2;

    /** Offset of the identification field. */
    public static final int IDENTIFICATION = START + 4;

    /** Offset of the flags and fragment offset field. */
    public static final int FLAGS_FRAGMENT = START + 6;

    /** Offset of the time-to-live byte. */
    public static final int TTL = START + 8;

    /** Offset of the protocol byte. */
    public static final int PROTOCOL = START + 9;

    /** Offset of the header checksum. */
    public static final int CHECKSUM = START + 10;

    /** Offset of the source address. */
    public static final int SRC_ADDR = START + 12;

    /** Offset of the destination address. */
    public static final int DST_ADDR = START + 16;

    /** Length of a header without options (IHL = 5). */
    public static final int MIN_HEADER_LENGTH = 20;

    /** Protocol number of TCP. */
    public static final int PROTOCOL_TCP = 6;

    /** Protocol number of UDP. */
    public static final int PROTOCOL_UDP = 17;

    private Ipv4() {
    }
}
