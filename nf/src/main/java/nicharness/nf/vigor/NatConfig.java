package nicharness.nf.vigor;

import java.util.List;
import java.util.Map;
import nicharness.nf.NfOption;
import nicharness.nf.NfOptions;
import nicharness.nf.frame.Ipv4Address;

/**
 * VigNAT's configuration ({@code vignat/nat_config.c} at vigor-nf/vigor 4979e590).
 * The endpoint MACs ({@code --eth-dest}) come with the ports ({@link nicharness.nf.NfPorts}).
 *
 * @param wanDevice        the external port ({@code --wan})
 * @param expirationMicros how long an idle flow lives, in µs ({@code --expire}), in [1, 4294967]
 * @param startingPort     the first external port ({@code --starting-port})
 * @param maxFlows         the flow table's capacity ({@code --max-flows}), a power of two; external
 *                         ports are {@code [startingPort, startingPort + maxFlows)}
 * @param externalIp       the address flows leave with ({@code --extip}), as a 32-bit value
 * @param byteOrder        how the external address and port are written on the wire and the
 *                         external port read back ({@code byte-order}; not an option of the C
 *                         code): {@link ByteOrder#VIGOR} as the paper ran it, or
 *                         {@link ByteOrder#NETWORK}
 */
public record NatConfig(int wanDevice, long expirationMicros, int startingPort, int maxFlows, long externalIp,
                        ByteOrder byteOrder) {

    /**
     * The byte order of the external address and port on the wire: Vigor stores the address and the
     * port {@code start_port + index} ({@code vignat/nat_flowmanager.c:47}) as host-order integers
     * and writes them raw, so on little-endian x86 both appear byte-swapped on the wire.
     */
    public enum ByteOrder {
        /**
         * As Vigor's C code on x86, what the paper measured: the address and the port number
         * {@code startingPort + index} are written as host-order (little-endian) integers, so they
         * appear byte-swapped on the wire, and a reply's destination port is read back the same
         * way. With MoonGen's traffic, which also writes its ports raw, every reply finds its flow.
         */
        VIGOR("vigor"),
        /**
         * Network byte order: the external port on the wire is {@code startingPort + index} and the
         * address is the configured one, as a capture reader expects. With the paper's two-way
         * traffic, replies are then looked up under byte-swapped port numbers: after 60,000
         * forward flows, 5,052 of the 60,000 replies are dropped and all but 234 of the others
         * reach another flow's internal host (nf/README.md).
         */
        NETWORK("network");

        private final String option;

        ByteOrder(final String option) {
            this.option = option;
        }

        /** The value of the {@code byte-order} option. */
        public String option() {
            return option;
        }

        static ByteOrder fromOption(final String value) {
            for (final ByteOrder order : values()) {
                if (order.option.equals(value)) {
                    return order;
                }
            }
            throw NfOptions.invalid(NF, "byte-order", value, "vigor or network");
        }
    }

    /** The registry name used in messages. */
    static final String NF = "nat";

    /** The options, with the paper's values. */
    public static final List<NfOption> OPTIONS = List.of(
            new NfOption("wan", "the external (WAN) port", "1", "a port index"),
            new NfOption("expire", "idle flow expiration, µs", "4000000", "[1, 4294967]"),
            new NfOption("starting-port", "first external port", "0", "[0, 65535]"),
            new NfOption("max-flows", "flow table capacity", "65536", "a power of two, starting-port + max-flows <= 65536"),
            new NfOption("extip", "external IPv4 address", "0.0.0.0", "a.b.c.d"),
            new NfOption("byte-order", "external address and port on the wire: vigor (host order, as the paper ran it)"
                    + " or network", "vigor", "vigor, network"),
            new NfOption("eth-dest", "endpoint MACs, D,MAC pairs separated by ';'",
                    "0,01:23:45:67:89:00;1,01:23:45:67:89:01", "ports of this set-up"));

    /** Checks every field; see the options for the accepted values. */
    public NatConfig {
        ConfigChecks.range(NF, "wan", wanDevice, 0, 0xFFFF);
        ConfigChecks.expirationMicros32(NF, "expire", expirationMicros);
        ConfigChecks.range(NF, "starting-port", startingPort, 0, 0xFFFF);
        ConfigChecks.tableCapacity(NF, "max-flows", maxFlows);
        if ((long) startingPort + maxFlows > 0x1_0000) {
            throw NfOptions.invalid(NF, "starting-port", startingPort, "starting-port + max-flows <= 65536, so that every flow has"
                    + " a port (max-flows = " + maxFlows + ")");
        }
        if (externalIp < 0 || externalIp > 0xFFFF_FFFFL) {
            throw NfOptions.invalid(NF, "extip", externalIp, "a 32-bit address");
        }
        java.util.Objects.requireNonNull(byteOrder, "byteOrder");
    }

    /** A configuration in Vigor's byte order, the paper's. */
    public NatConfig(final int wanDevice, final long expirationMicros, final int startingPort, final int maxFlows,
                     final long externalIp) {
        this(wanDevice, expirationMicros, startingPort, maxFlows, externalIp, ByteOrder.VIGOR);
    }

    /**
     * The paper's run: {@code --wan 1 --expire 4000000 --starting-port 0 --max-flows 65536 --extip 0.0.0.0},
     * in Vigor's byte order.
     */
    public static NatConfig paper() {
        return new NatConfig(1, 4_000_000, 0, 65_536, 0, ByteOrder.VIGOR);
    }

    /** The paper's configuration with {@code options} overriding it (eth-dest is applied to the ports instead). */
    public static NatConfig fromOptions(final NfOptions options) {
        final NatConfig paper = paper();
        return new NatConfig(
                (int) options.number("wan", paper.wanDevice, 0, 0xFFFF),
                options.number("expire", paper.expirationMicros),
                (int) options.number("starting-port", paper.startingPort, 0, 0xFFFF),
                (int) options.number("max-flows", paper.maxFlows, 1, 0x1_0000),
                options.ipv4("extip", paper.externalIp),
                ByteOrder.fromOption(options.text("byte-order", paper.byteOrder.option())));
    }

    /** Convenience for tests and tools: {@link #fromOptions(NfOptions)} over a plain map. */
    public static NatConfig fromOptions(final Map<String, String> options) {
        return fromOptions(new NfOptions(NF, options, OPTIONS));
    }

    /** The expiration in nanoseconds. */
    public long expirationNanos() {
        return expirationMicros * 1000;
    }

    @Override
    public String toString() {
        return "nat --wan " + wanDevice + " --expire " + expirationMicros + " --starting-port " + startingPort
                + " --max-flows " + maxFlows + " --extip " + Ipv4Address.format(externalIp)
                + (byteOrder == ByteOrder.VIGOR ? "" : " (byte-order " + byteOrder.option() + ")");
    }
}
