package nicharness.nf;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nicharness.nf.frame.Ipv4Address;
import nicharness.nf.frame.MacAddress;

/**
 * Option overrides for one NF, read with their checks: an unknown name or a value outside its range
 * is a set-up error that names the NF, the option, the value and what is accepted. Options not
 * given keep the paper's value.
 */
public final class NfOptions {
    private final String nf;
    private final Map<String, String> values;

    /**
     * Checks the names of {@code values} against {@code known}.
     *
     * @param nf     the NF's registry name, for messages
     * @param values option name to value; {@code null} means none
     * @param known  the NF's options
     * @throws IllegalArgumentException naming any unknown option and listing the known ones
     */
    public NfOptions(final String nf, final Map<String, String> values, final List<NfOption> known) {
        this.nf = nf;
        this.values = null == values ? Map.of() : Map.copyOf(values);
        final TreeSet<String> unknown = new TreeSet<>(this.values.keySet());
        unknown.removeAll(known.stream().map(NfOption::name).collect(Collectors.toSet()));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(nf + ": unknown option" + (1 == unknown.size() ? " " : "s ") + unknown
                    + "; " + nf + " accepts " + (known.isEmpty() ? "no options"
                    : known.stream().map(NfOption::name).sorted().collect(Collectors.joining(", "))));
        }
    }

    /** Whether {@code option} was given. */
    public boolean has(final String option) {
        return values.containsKey(option);
    }

    /**
     * A whole number, whatever its range: for options whose configuration checks the range itself
     * and says more about it than a bare interval.
     *
     * @param fallback the value when the option is absent
     * @throws IllegalArgumentException if the text is not a whole number
     */
    public long number(final String option, final long fallback) {
        return number(option, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * A whole number in {@code [min, max]}.
     *
     * @param fallback the value when the option is absent
     * @throws IllegalArgumentException if the text is not a whole number or is out of range
     */
    public long number(final String option, final long fallback, final long min, final long max) {
        final String text = values.get(option);
        if (null == text) {
            return fallback;
        }
        final long value;
        try {
            value = Long.parseLong(text.trim().replace("_", ""));
        } catch (final NumberFormatException e) {
            throw invalid(option, text, Long.MIN_VALUE == min && Long.MAX_VALUE == max ? "a whole number"
                    : "a whole number in [" + min + ", " + max + "]");
        }
        if (value < min || value > max) {
            throw invalid(option, text, "a whole number in [" + min + ", " + max + "]");
        }
        return value;
    }

    /**
     * An IPv4 address in dotted-quad form, as a 32-bit value.
     *
     * @throws IllegalArgumentException if the text is not an address
     */
    public long ipv4(final String option, final long fallback) {
        final String text = values.get(option);
        if (null == text) {
            return fallback;
        }
        try {
            return Ipv4Address.parse(text);
        } catch (final IllegalArgumentException e) {
            throw invalid(option, text, "an IPv4 address a.b.c.d");
        }
    }

    /** The raw text of an option, or {@code fallback}. */
    public String text(final String option, final String fallback) {
        return values.getOrDefault(option, fallback);
    }

    /**
     * Applies Vigor's {@code --eth-dest D,MAC} to {@code ports}: the option's value is one or more
     * {@code D,MAC} pairs separated by spaces or semicolons, for example
     * {@code "0,01:23:45:67:89:00;1,01:23:45:67:89:01"}.
     *
     * @throws IllegalArgumentException if a pair is malformed or names a port that does not exist
     */
    public NfPorts endpointMacs(final String option, final NfPorts ports) {
        final String text = values.get(option);
        if (null == text) {
            return ports;
        }
        NfPorts result = ports;
        for (final String pair : text.trim().split("[;\\s]+")) {
            final int comma = pair.indexOf(',');
            if (comma < 0) {
                throw invalid(option, text, "pairs D,MAC separated by ';' (for example 0,01:23:45:67:89:00)");
            }
            final int port;
            final long mac;
            try {
                port = Integer.parseInt(pair.substring(0, comma).trim());
                mac = MacAddress.parse(pair.substring(comma + 1));
            } catch (final IllegalArgumentException e) {
                throw invalid(option, text, "pairs D,MAC separated by ';' (for example 0,01:23:45:67:89:00)");
            }
            if (port < 0 || port >= ports.count()) {
                throw invalid(option, text, "ports in [0, " + (ports.count() - 1) + "]");
            }
            result = result.withEndpointMac(port, mac);
        }
        return result;
    }

    /** An error about an option's value, in the form every NF uses. */
    public IllegalArgumentException invalid(final String option, final Object value, final String accepted) {
        return invalid(nf, option, value, accepted);
    }

    /**
     * An error about an option's value: {@code "nat: option max-flows = 70000 is out of range;
     * accepted: ..."}.
     */
    public static IllegalArgumentException invalid(final String nf, final String option, final Object value,
                                                   final String accepted) {
        return new IllegalArgumentException(nf + ": option " + option + " = " + value + " is not accepted; accepted: " + accepted);
    }
}
