package nicharness.nf.frame;

/**
 * The Ethernet II header (IEEE 802.3 clause 3.2) as the NFs see it: the frame without preamble and
 * without FCS, which the NIC strips (CRC strip is on in every driver).
 *
 * <pre>
 *  0                   6                  12      14
 * +-------------------+-------------------+-------+
 * | destination MAC   | source MAC        | type  |
 * +-------------------+-------------------+-------+
 * </pre>
 */
public final class Ethernet {

    /** Offset of the destination MAC address (6 bytes). */
    public static final int DST_MAC = 0;

    /** Offset of the source MAC address (6 bytes). */
    public static final int SRC_MAC = 6;

    /** Offset of the EtherType (2 bytes, big-endian). */
    public static final int ETHER_TYPE = 12;

    /** Length of the header; the IPv4 header follows it (no VLAN tag: the paper's traffic has none). */
    public static final int HEADER_LENGTH = 14;

    /** The EtherType of IPv4. */
    public static final int ETHER_TYPE_IPV4 = 0x0800;

    /** The broadcast address ff:ff:ff:ff:ff:ff as a 48-bit value. */
    public static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private Ethernet() {
    }
}
