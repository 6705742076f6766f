package nicharness.nf.vigor;

import java.util.List;
import java.util.Map;
import nicharness.nf.NfOption;
import nicharness.nf.NfOptions;

/**
 * VigBridge's configuration ({@code vigbridge/bridge_config.c} at vigor-nf/vigor 4979e590).
 *
 * @param expirationMicros how long an unseen station stays learned, in µs ({@code --expire}), in
 *                         [1, 4294967] (the C code converts in 32 bits)
 * @param capacity         the dynamic MAC table's capacity ({@code --capacity}), a power of two
 * @param staticRulesFile  the static filtering table's file ({@code --config}), or empty for none;
 *                         see {@link BridgeStaticTable} for its format
 */
public record BridgeConfig(long expirationMicros, int capacity, String staticRulesFile) {

    /** The registry name used in messages. */
    static final String NF = "bridge";

    /** The options, with the paper's values. */
    public static final List<NfOption> OPTIONS = List.of(
            new NfOption("expire", "aging time of learned stations, µs", "4000000", "[1, 4294967]"),
            new NfOption("capacity", "dynamic MAC table capacity", "131072", "a power of two in [1, 131072]"),
            new NfOption("config", "static rules file: lines 'MAC fromPort toPort', toPort -2 = filter", "(none)",
                    "a readable file of at most " + BridgeStaticTable.MAX_RULES + " rules"));

    /** Checks every field; see the options for the accepted values. */
    public BridgeConfig {
        ConfigChecks.expirationMicros32(NF, "expire", expirationMicros);
        ConfigChecks.tableCapacity(NF, "capacity", capacity);
        staticRulesFile = null == staticRulesFile ? "" : staticRulesFile;
    }

    /**
     * The paper's run: {@code --expire 4000000 --capacity 131072} (bench-all.py: "bridge needs flows
     * in both directions"), no static rules.
     */
    public static BridgeConfig paper() {
        return new BridgeConfig(4_000_000, 131_072, "");
    }

    /** The paper's configuration with {@code options} overriding it. */
    public static BridgeConfig fromOptions(final NfOptions options) {
        final BridgeConfig paper = paper();
        return new BridgeConfig(
                options.number("expire", paper.expirationMicros),
                (int) options.number("capacity", paper.capacity, 1, 131_072),
                options.text("config", paper.staticRulesFile));
    }

    /** Convenience for tests and tools: {@link #fromOptions(NfOptions)} over a plain map. */
    public static BridgeConfig fromOptions(final Map<String, String> options) {
        return fromOptions(new NfOptions(NF, options, OPTIONS));
    }

    /** The expiration in nanoseconds. */
    public long expirationNanos() {
        return expirationMicros * 1000;
    }

    @Override
    public String toString() {
        return "bridge --expire " + expirationMicros + " --capacity " + capacity
                + (staticRulesFile.isEmpty() ? "" : " --config " + staticRulesFile);
    }
}
