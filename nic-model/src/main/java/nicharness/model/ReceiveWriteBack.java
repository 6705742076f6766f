package nicharness.model;

import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.LegacyRxDescriptor;

/**
 * What the card writes into a receive descriptor besides length, DD and EOP (datasheet 7.1.5
 * legacy, 7.1.6.2 advanced): the packet type it parsed, the checksums it checked (IPCS, L4CS,
 * UDPCS with IPE and TCPE), and the fields it owns but fills only for features none of our
 * drivers turns on (RSS hash, fragment checksum, VLAN tag without VP).
 *
 * <p>Those last fields hold nothing a driver may rely on. In strict mode they are filled with
 * {@link #PATTERN}, recognisable in a dump, so a driver that reads them as if they meant something
 * shows it; outside strict mode they are 0.
 *
 * <p>[MODEL] The checksum results are computed as the card reports them when receive checksum
 * offload is in its default state (7.1.11: the 82599 always checks the IPv4 header and the
 * TCP/UDP checksum of a non-fragmented IPv4 packet); IPv6 L4 checksums, VLAN stripping (VP) and
 * RSS are not computed. Allocation-free.
 */
final class ReceiveWriteBack {
    /** What strict mode writes into card-owned fields without meaning here: "BAD C0DE" repeated. */
    static final long PATTERN = 0xBADC0DE5_BADC0DE5L;

    // Status bits, shared by both formats in the low status byte (ixgbe_type.h IXGBE_RXD_STAT_*).
    static final int STAT_UDPCS = 1 << 4;
    static final int STAT_L4CS = 1 << 5;
    static final int STAT_IPCS = 1 << 6;
    // Legacy error byte (qword1 bits 47:40) and advanced extended errors (qword1 bits 31:20).
    static final long LEGACY_ERR_TCPE = 1L << 46;
    static final long LEGACY_ERR_IPE = 1L << 47;
    static final long ADV_ERR_TCPE = 1L << 30;
    static final long ADV_ERR_IPE = 1L << 31;
    // Advanced packet type, qword0 bits 16:4 (IXGBE_RXDADV_PKTTYPE_*).
    static final long PKTTYPE_IPV4 = 0x10;
    static final long PKTTYPE_IPV4_EX = 0x20;
    static final long PKTTYPE_IPV6 = 0x40;
    static final long PKTTYPE_TCP = 0x100;
    static final long PKTTYPE_UDP = 0x200;


    private final boolean strict;
    // What the last parse found, read by the two formats' builders.
    private long packetType;
    private int status;
    private boolean ipError;
    private boolean l4Error;
    private int ipIdentification;

    ReceiveWriteBack(final boolean strict) {
        this.strict = strict;
    }

    /** Parses the frame at address {@code frame} the way the card's parser does, for the next write-back. */
    void parse(final long frame, final int length) {
        packetType = 0;
        status = 0;
        ipError = false;
        l4Error = false;
        ipIdentification = 0;
        if (length < 14) {
            return;
        }
        final int etherType = RawMemory.u16be(frame + 12);
        if (etherType == 0x86DD) {
            packetType = PKTTYPE_IPV6;
            return;
        }
        if (etherType != 0x0800 || length < 34) {
            return;
        }
        final long ip = frame + 14;
        final int ihl = (RawMemory.u8(ip) & 0xF) * 4;
        if (ihl < 20 || 14 + ihl > length) {
            return;
        }
        packetType = ihl == 20 ? PKTTYPE_IPV4 : PKTTYPE_IPV4_EX;
        ipIdentification = RawMemory.u16be(ip + 4);
        status |= STAT_IPCS;
        ipError = onesComplement(ip, ihl, 0) != 0xFFFF;
        final int totalLength = RawMemory.u16be(ip + 2);
        final boolean fragment = (RawMemory.u16be(ip + 6) & 0x3FFF) != 0;
        final int protocol = RawMemory.u8(ip + 9);
        if (protocol != 6 && protocol != 17) {
            return;
        }
        packetType |= protocol == 6 ? PKTTYPE_TCP : PKTTYPE_UDP;
        final int l4Length = totalLength - ihl;
        if (fragment || l4Length < (protocol == 6 ? 20 : 8) || 14 + totalLength > length) {
            return;
        }
        final long l4 = ip + ihl;
        if (protocol == 17 && RawMemory.u16be(l4 + 6) == 0) {
            return; // no UDP checksum was sent: nothing to check
        }
        status |= STAT_L4CS | (protocol == 17 ? STAT_UDPCS : 0);
        // Pseudo-header: addresses, protocol, L4 length.
        int sum = onesComplement(ip + 12, 8, 0);
        sum = fold(sum + protocol + l4Length);
        l4Error = onesComplement(l4, l4Length, sum) != 0xFFFF;
    }

    /** qword1 of a legacy write-back (7.1.5): length, fragment checksum, status, errors, VLAN. */
    long legacyQword1(final int length, final boolean endOfPacket) {
        long word = LegacyRxDescriptor.writeBack(length, endOfPacket) | ((long) status << 32);
        if (ipError) {
            word |= LEGACY_ERR_IPE;
        }
        if (l4Error) {
            word |= LEGACY_ERR_TCPE;
        }
        if (strict) {
            // Fragment checksum (RXCSUM.IPPCSE off) and VLAN tag (no VP): card-owned, meaningless here.
            // The fragment checksum gets 0xBADC, whose top bit is set: a driver that takes the
            // length as the low 32 bits without masking to 16 gets a negative int, which shows
            // (sign-extended into a transmit descriptor it sets reserved bits).
            word |= (PATTERN >>> 48) << 16 | (PATTERN & 0xFFFF) << 48;
        }
        return word;
    }

    /** qword0 of an advanced write-back (7.1.6.2): RSS type 0, packet type, then RSS hash or IP id and checksum. */
    long advancedQword0() {
        long word = packetType;
        // RXCSUM.PCSD clear: IP identification (bits 47:32) and fragment checksum (63:48); set (DPDK):
        // the RSS hash, which without RSS (MRQC = 0) means nothing either. The identification is the
        // card's; the checksum or hash is filled with the pattern in strict mode.
        word |= (long) ipIdentification << 32;
        if (strict) {
            word |= (PATTERN & 0xFFFF) << 48;
        }
        return word;
    }

    /** qword1 of an advanced write-back: extended status, extended errors, length, VLAN. */
    long advancedQword1(final int length, final boolean endOfPacket) {
        long word = AdvancedRxDescriptor.writeBack(length, endOfPacket) | status;
        if (ipError) {
            word |= ADV_ERR_IPE;
        }
        if (l4Error) {
            word |= ADV_ERR_TCPE;
        }
        if (strict) {
            word |= (PATTERN & 0xFFFF) << 48; // VLAN tag without VP
        }
        return word;
    }

    /**
     * One's-complement sum of the {@code length} bytes at address {@code from} (big-endian 16-bit
     * words) plus {@code initial} (at most 16 bits), folded. Read four bytes at a time into a
     * 64-bit sum: a 32-bit word is two 16-bit words in one's complement (2^16 = 1), and no carry
     * can leave 64 bits for any frame, so there is no carry to test (a branch per word) and the
     * fold is four fixed steps rather than a loop (RFC 1071, 2.(B)). The same count of instructions
     * as eight-byte reads with an end-around carry each (callgrind-cost --model), fewer branches.
     */
    static int onesComplement(final long from, final int length, final int initial) {
        long sum = initial;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            sum += RawMemory.u32be(from + i) & 0xFFFFFFFFL;
        }
        if (i + 2 <= length) {
            sum += RawMemory.u16be(from + i);
            i += 2;
        }
        if (i < length) {
            sum += RawMemory.u8(from + i) << 8;
        }
        // Fold at 16-bit boundaries: below 2^33, then below 2^17 + 2^16, then at most 0x10001, then 16 bits.
        sum = (sum >>> 32) + (sum & 0xFFFFFFFFL);
        sum = (sum >>> 16) + (sum & 0xFFFF);
        sum = (sum >>> 16) + (sum & 0xFFFF);
        sum = (sum >>> 16) + (sum & 0xFFFF);
        return (int) sum;
    }

    private static int fold(int sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return sum;
    }
}
