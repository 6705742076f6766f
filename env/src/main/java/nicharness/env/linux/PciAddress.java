package nicharness.env.linux;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PCI function's address, {@code domain:bus:device.function} in hex, as sysfs names its folder
 * ({@code 0000:03:00.0}) and {@code lspci -D} prints it.
 *
 * @param domain   the PCI segment, 16 bits
 * @param bus      8 bits
 * @param device   5 bits: below 0x20
 * @param function 3 bits: 0 to 7
 */
public record PciAddress(int domain, int bus, int device, int function) {
    private static final String EXPECTED = "expected domain:bus:device.function in hex, like 0000:03:00.0 "
            + "(domain 4 hex digits, bus 2, device 2 and below 0x20, function 0-7; lspci -D prints this form)";
    private static final Pattern FORM =
            Pattern.compile("(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-9a-fA-F])");

    /** Checks each part's range. */
    public PciAddress {
        if (domain < 0 || domain > 0xFFFF || bus < 0 || bus > 0xFF || device < 0 || device >= 0x20
                || function < 0 || function > 7) {
            throw new IllegalArgumentException(String.format(
                    "not a PCI address: domain=0x%x bus=0x%x device=0x%x function=%d; %s",
                    domain, bus, device, function, EXPECTED));
        }
    }

    /**
     * Parses {@code 0000:03:00.0}; the domain may be left out ({@code 03:00.0}, as plain
     * {@code lspci} prints it), and means domain 0.
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static PciAddress parse(final String text) {
        final Matcher m = FORM.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a PCI address: \"" + text + "\"; " + EXPECTED);
        }
        final int device = Integer.parseInt(m.group(3), 16);
        final int function = Integer.parseInt(m.group(4), 16);
        if (device >= 0x20) {
            throw new IllegalArgumentException(String.format(
                    "not a PCI address: \"%s\": device 0x%02x is above 0x1f; %s", text, device, EXPECTED));
        }
        if (function > 7) {
            throw new IllegalArgumentException(String.format(
                    "not a PCI address: \"%s\": function %d is above 7; %s", text, function, EXPECTED));
        }
        return new PciAddress(m.group(1) == null ? 0 : Integer.parseInt(m.group(1), 16),
                Integer.parseInt(m.group(2), 16), device, function);
    }

    /** The sysfs form, {@code 0000:03:00.0}, lower-case. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04x:%02x:%02x.%x", domain, bus, device, function);
    }
}
