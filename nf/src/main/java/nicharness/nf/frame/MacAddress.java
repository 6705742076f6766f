package nicharness.nf.frame;

import java.util.Locale;

/**
 * MAC addresses as 48-bit {@code long}s, the first byte on the wire in bits 47..40 (what
 * {@link nicharness.nf.Packet#getU48} answers). Parsing and printing are for set-up and reports only.
 */
public final class MacAddress {

    private MacAddress() {
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (hex, one or two digits per byte, case-insensitive).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static long parse(final String text) {
        final String[] parts = text.trim().split(":", -1);
        if (6 != parts.length) {
            throw new IllegalArgumentException("not a MAC address: '" + text + "' (expected six hex bytes as aa:bb:cc:dd:ee:ff)");
        }
        long mac = 0;
        for (final String part : parts) {
            if (part.isEmpty() || part.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "' (expected six hex bytes as aa:bb:cc:dd:ee:ff)");
            }
            final int value;
            try {
                value = Integer.parseInt(part, 16);
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address: '" + text + "' (expected six hex bytes as aa:bb:cc:dd:ee:ff)", e);
            }
            mac = mac << 8 | value;
        }
        return mac;
    }

    /** Formats as {@code aa:bb:cc:dd:ee:ff}. */
    public static String format(final long mac) {
        final StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (shift != 40) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02x", (mac >>> shift) & 0xFF));
        }
        return text.toString();
    }
}
