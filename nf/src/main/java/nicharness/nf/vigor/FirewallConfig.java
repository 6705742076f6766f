package nicharness.nf.vigor;

import java.util.List;
import java.util.Map;
import nicharness.nf.NfOption;
import nicharness.nf.NfOptions;

/**
 * VigFW's configuration ({@code vigfw/fw_config.c} at vigor-nf/vigor 4979e590). The
 * endpoint MACs ({@code --eth-dest}) come with the ports ({@link nicharness.nf.NfPorts}).
 *
 * @param wanDevice        the external port ({@code --wan})
 * @param expirationMicros how long an idle flow lives, in µs ({@code --expire}); the firewall
 *                         converts in 64 bits, so the whole 32-bit option range is usable
 * @param maxFlows         the flow table's capacity ({@code --max-flows}), a power of two
 */
public record FirewallConfig(int wanDevice, long expirationMicros, int maxFlows) {

    /** The registry name used in messages. */
    static final String NF = "firewall";

    /** The options, with the paper's values. */
    public static final List<NfOption> OPTIONS = List.of(
            new NfOption("wan", "the external (WAN) port", "1", "a port index"),
            new NfOption("expire", "idle flow expiration, µs", "4000000", "[1, 4294967295]"),
            new NfOption("max-flows", "flow table capacity", "65536", "a power of two in [1, 131072]"),
            new NfOption("eth-dest", "endpoint MACs, D,MAC pairs separated by ';'",
                    "0,01:23:45:67:89:00;1,01:23:45:67:89:01", "ports of this set-up"));

    /** Checks every field; see the options for the accepted values. */
    public FirewallConfig {
        ConfigChecks.range(NF, "wan", wanDevice, 0, 0xFFFF);
        ConfigChecks.expirationMicros64(NF, "expire", expirationMicros);
        ConfigChecks.tableCapacity(NF, "max-flows", maxFlows);
    }

    /** The paper's run: {@code --wan 1 --expire 4000000 --max-flows 65536}. */
    public static FirewallConfig paper() {
        return new FirewallConfig(1, 4_000_000, 65_536);
    }

    /** The paper's configuration with {@code options} overriding it (eth-dest is applied to the ports instead). */
    public static FirewallConfig fromOptions(final NfOptions options) {
        final FirewallConfig paper = paper();
        return new FirewallConfig(
                (int) options.number("wan", paper.wanDevice, 0, 0xFFFF),
                options.number("expire", paper.expirationMicros),
                (int) options.number("max-flows", paper.maxFlows, 1, 131_072));
    }

    /** Convenience for tests and tools: {@link #fromOptions(NfOptions)} over a plain map. */
    public static FirewallConfig fromOptions(final Map<String, String> options) {
        return fromOptions(new NfOptions(NF, options, OPTIONS));
    }

    /** The expiration in nanoseconds. */
    public long expirationNanos() {
        return expirationMicros * 1000;
    }

    @Override
    public String toString() {
        return "firewall --wan " + wanDevice + " --expire " + expirationMicros + " --max-flows " + maxFlows;
    }
}
