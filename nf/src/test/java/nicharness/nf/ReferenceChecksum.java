package nicharness.nf;

/**
 * A deliberately plain RFC 1071 checksum over byte arrays, written apart from the production code
 * so tests can check its output independently.
 */
public final class ReferenceChecksum {

    private ReferenceChecksum() {
    }

    /** The 16-bit one's-complement sum of {@code length} bytes from {@code offset}, zero-padded. */
    public static int sum(final byte[] data, final int offset, final int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2) {
            final int high = data[offset + i] & 0xFF;
            final int low = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            sum += high << 8 | low;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (int) sum;
    }

    /** One's-complement addition of two 16-bit sums. */
    public static int add(final int a, final int b) {
        int sum = a + b;
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return sum;
    }

    /** The complement of a folded sum, as stored in a header. */
    public static int complement(final int sum) {
        return ~sum & 0xFFFF;
    }

    /** Whether the IPv4 header of a frame (fixed 20 bytes at 14) checks out. */
    public static boolean ipv4HeaderValid(final byte[] frame) {
        return 0xFFFF == sum(frame, 14, 20);
    }

    /**
     * Whether the TCP/UDP checksum of a frame without IP options checks out over {@code l4Length}
     * bytes from offset 34, with the RFC 768 / 9293 pseudo-header.
     */
    public static boolean l4Valid(final byte[] frame, final int l4Length) {
        final int protocol = frame[23] & 0xFF;
        int sum = sum(frame, 26, 8);
        sum = add(sum, protocol);
        sum = add(sum, l4Length);
        sum = add(sum, sum(frame, 34, l4Length));
        return 0xFFFF == sum;
    }

    /** The 16-bit big-endian value at {@code offset}. */
    public static int u16(final byte[] frame, final int offset) {
        return (frame[offset] & 0xFF) << 8 | frame[offset + 1] & 0xFF;
    }

    /** The 32-bit big-endian value at {@code offset}. */
    public static long u32(final byte[] frame, final int offset) {
        return (long) u16(frame, offset) << 16 | u16(frame, offset + 2);
    }

    /** The 48-bit big-endian value at {@code offset}. */
    public static long u48(final byte[] frame, final int offset) {
        return (long) u16(frame, offset) << 32 | u32(frame, offset + 2);
    }
}
