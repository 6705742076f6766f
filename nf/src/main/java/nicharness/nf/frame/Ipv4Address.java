package nicharness.nf.frame;

/**
 * IPv4 addresses as unsigned 32-bit values in a {@code long}, {@code a.b.c.d} being
 * {@code a<<24 | b<<16 | c<<8 | d}: the big-endian value {@link nicharness.nf.Packet#getU32} reads.
 * Parsing and printing are for set-up and reports only.
 */
public final class Ipv4Address {

    private Ipv4Address() {
    }

    /**
     * Parses dotted-quad {@code a.b.c.d}, each part a decimal in [0, 255].
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static long parse(final String text) {
        final String[] parts = text.trim().split("\\.", -1);
        if (4 != parts.length) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected a.b.c.d, each in [0, 255])");
        }
        long address = 0;
        for (final String part : parts) {
            final int value;
            try {
                value = part.isEmpty() || part.length() > 3 ? -1 : Integer.parseInt(part);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected a.b.c.d, each in [0, 255])", e);
            }
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text + "' (expected a.b.c.d, each in [0, 255])");
            }
            address = address << 8 | value;
        }
        return address;
    }

    /** Formats as {@code a.b.c.d}. */
    public static String format(final long address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." + (address & 0xFF);
    }
}
