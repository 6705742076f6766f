package nicharness.nf.vigor;

import java.util.List;
import java.util.Map;
import nicharness.nf.NfOption;
import nicharness.nf.NfOptions;
import nicharness.nf.libvig.ConsistentHashTable;

/**
 * VigLB's configuration ({@code viglb/lb_config.c} at vigor-nf/vigor 4979e590).
 * Both expirations are converted to nanoseconds in 64 bits.
 *
 * @param wanDevice               the client-side port ({@code --wan}); every other port is a
 *                                backend side
 * @param flowExpirationMicros    client-flow idle timeout, µs ({@code --flow-expiration})
 * @param flowCapacity            the flow table's capacity ({@code --flow-capacity}), a power of two
 * @param backendCapacity         the most backends, the CHT's width ({@code --backend-capacity}),
 *                                a power of two below the height
 * @param chtHeight               the CHT's rows ({@code --cht-height}), a prime below 40000
 * @param backendExpirationMicros how long a backend lives without a heartbeat, µs
 *                                ({@code --backend-expiration})
 */
public record LoadBalancerConfig(int wanDevice, long flowExpirationMicros, int flowCapacity, int backendCapacity,
                                 int chtHeight, long backendExpirationMicros) {

    /** The registry name used in messages. */
    static final String NF = "lb";

    /** The options, with the paper's values. */
    public static final List<NfOption> OPTIONS = List.of(
            new NfOption("wan", "the client-side (WAN) port; the others face backends", "0", "a port index"),
            new NfOption("flow-expiration", "client flow idle timeout, µs", "4000000", "[1, 4294967295]"),
            new NfOption("flow-capacity", "flow table capacity", "65536", "a power of two in [1, 131072]"),
            new NfOption("backend-capacity", "most backends (CHT width)", "32", "a power of two below cht-height"),
            new NfOption("cht-height", "consistent-hashing table rows", "97", "a prime in [2, 39999]"),
            new NfOption("backend-expiration", "backend heartbeat timeout, µs", "3600000000", "[1, 4294967295]"));

    /** Checks every field; see the options for the accepted values. */
    public LoadBalancerConfig {
        ConfigChecks.range(NF, "wan", wanDevice, 0, 0xFFFF);
        ConfigChecks.expirationMicros64(NF, "flow-expiration", flowExpirationMicros);
        ConfigChecks.tableCapacity(NF, "flow-capacity", flowCapacity);
        try {
            ConsistentHashTable.checkHeight("cht-height", chtHeight);
        } catch (final IllegalArgumentException e) {
            throw NfOptions.invalid(NF, "cht-height", chtHeight, "a prime in [2, " + (ConsistentHashTable.MAX_HEIGHT - 1) + "]");
        }
        ConfigChecks.tableCapacity(NF, "backend-capacity", backendCapacity);
        if (backendCapacity >= chtHeight) {
            throw NfOptions.invalid(NF, "backend-capacity", backendCapacity, "fewer backends than CHT rows (cht-height = " + chtHeight + ")");
        }
        ConfigChecks.expirationMicros64(NF, "backend-expiration", backendExpirationMicros);
    }

    /**
     * The paper's run: {@code --flow-expiration 4000000 --flow-capacity 65536 --backend-capacity 32
     * --cht-height 97 --backend-expiration 3600000000 --wan 0} (WAN_DEVICE=0 in TinyNF's scripts;
     * Vigor's own default is 2).
     */
    public static LoadBalancerConfig paper() {
        return new LoadBalancerConfig(0, 4_000_000, 65_536, 32, 97, 3_600_000_000L);
    }

    /** The paper's configuration with {@code options} overriding it. */
    public static LoadBalancerConfig fromOptions(final NfOptions options) {
        final LoadBalancerConfig paper = paper();
        return new LoadBalancerConfig(
                (int) options.number("wan", paper.wanDevice, 0, 0xFFFF),
                options.number("flow-expiration", paper.flowExpirationMicros),
                (int) options.number("flow-capacity", paper.flowCapacity, 1, 131_072),
                (int) options.number("backend-capacity", paper.backendCapacity, 1, 131_072),
                (int) options.number("cht-height", paper.chtHeight, 2, ConsistentHashTable.MAX_HEIGHT - 1),
                options.number("backend-expiration", paper.backendExpirationMicros));
    }

    /** Convenience for tests and tools: {@link #fromOptions(NfOptions)} over a plain map. */
    public static LoadBalancerConfig fromOptions(final Map<String, String> options) {
        return fromOptions(new NfOptions(NF, options, OPTIONS));
    }

    /** The flow expiration in nanoseconds. */
    public long flowExpirationNanos() {
        return flowExpirationMicros * 1000;
    }

    /** The backend expiration in nanoseconds. */
    public long backendExpirationNanos() {
        return backendExpirationMicros * 1000;
    }

    @Override
    public String toString() {
        return "lb --wan " + wanDevice + " --flow-expiration " + flowExpirationMicros + " --flow-capacity " + flowCapacity
                + " --backend-capacity " + backendCapacity + " --cht-height " + chtHeight
                + " --backend-expiration " + backendExpirationMicros;
    }
}
