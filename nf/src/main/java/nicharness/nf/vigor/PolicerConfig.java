package nicharness.nf.vigor;

import java.util.List;
import java.util.Map;
import nicharness.nf.NfOption;
import nicharness.nf.NfOptions;

/**
 * VigPol's configuration ({@code vigpol/policer_config.c} at vigor-nf/vigor 4979e590).
 * Rate and burst are unsigned 64-bit in C; here they are {@code long}s in [1, 2^63 - 1].
 *
 * @param lanDevice the internal port ({@code --lan}), whose traffic is not policed
 * @param wanDevice the external port ({@code --wan}), whose traffic is policed per destination
 * @param rate      the token rate in bytes per second ({@code --rate})
 * @param burst     the bucket size in bytes ({@code --burst})
 * @param capacity  how many destination addresses are tracked ({@code --capacity}), a power of two
 */
public record PolicerConfig(int lanDevice, int wanDevice, long rate, long burst, int capacity) {

    /** The registry name used in messages. */
    static final String NF = "policer";

    /** The paper's rate and burst, 10^12: "so as to not really police, since we measure throughput". */
    public static final long PAPER_RATE_AND_BURST = 1_000_000_000_000L;

    /** The options, with the paper's values. */
    public static final List<NfOption> OPTIONS = List.of(
            new NfOption("lan", "the internal (LAN) port", "1", "a port index, not the WAN one"),
            new NfOption("wan", "the external (WAN) port, policed", "0", "a port index, not the LAN one"),
            new NfOption("rate", "token rate, bytes/s", "1000000000000", "[1, 9223372036854775807]"),
            new NfOption("burst", "bucket size, bytes", "1000000000000", "[1, 9223372036854775807]"),
            new NfOption("capacity", "tracked destination addresses", "65536", "a power of two in [1, 131072]"));

    /** Checks every field; see the options for the accepted values. */
    public PolicerConfig {
        ConfigChecks.range(NF, "lan", lanDevice, 0, 0xFFFF);
        ConfigChecks.range(NF, "wan", wanDevice, 0, 0xFFFF);
        if (lanDevice == wanDevice) {
            throw NfOptions.invalid(NF, "lan", lanDevice, "a port other than the WAN port (wan = " + wanDevice + ")");
        }
        ConfigChecks.range(NF, "rate", rate, 1, Long.MAX_VALUE);
        ConfigChecks.range(NF, "burst", burst, 1, Long.MAX_VALUE);
        ConfigChecks.tableCapacity(NF, "capacity", capacity);
    }

    /** The paper's run: {@code --lan 1 --wan 0 --rate 10^12 --burst 10^12 --capacity 65536}. */
    public static PolicerConfig paper() {
        return new PolicerConfig(1, 0, PAPER_RATE_AND_BURST, PAPER_RATE_AND_BURST, 65_536);
    }

    /** The paper's configuration with {@code options} overriding it. */
    public static PolicerConfig fromOptions(final NfOptions options) {
        final PolicerConfig paper = paper();
        return new PolicerConfig(
                (int) options.number("lan", paper.lanDevice, 0, 0xFFFF),
                (int) options.number("wan", paper.wanDevice, 0, 0xFFFF),
                options.number("rate", paper.rate),
                options.number("burst", paper.burst),
                (int) options.number("capacity", paper.capacity, 1, 131_072));
    }

    /** Convenience for tests and tools: {@link #fromOptions(NfOptions)} over a plain map. */
    public static PolicerConfig fromOptions(final Map<String, String> options) {
        return fromOptions(new NfOptions(NF, options, OPTIONS));
    }

    /**
     * How long an idle entry lives, and the refill horizon: {@code burst * 10^9 / rate} ns,
     * computed as the C code does, in unsigned 64-bit arithmetic. The product overflows for large
     * bursts: with the paper's 10^12 it is {@code (10^21 mod 2^64) / 10^12} = 3875820 ns (about
     * 3.9 ms) rather than 1 s. We keep the overflow so the paper's configuration behaves as it did;
     * with continuous traffic the entry is refreshed long before, so it does not matter there.
     *
     * @return the expiry, an unsigned 64-bit value
     */
    public long expiryNanos() {
        return Long.divideUnsigned(burst * 1_000_000_000L, rate);
    }

    @Override
    public String toString() {
        return "policer --lan " + lanDevice + " --wan " + wanDevice + " --rate " + rate + " --burst " + burst
                + " --capacity " + capacity;
    }
}
