package nicharness.harness.plan;

import java.util.Locale;

/**
 * One background load at which latency is measured (paper section 3.4): either an absolute total
 * wire rate, or a fraction of the maximum throughput the same trial measured just before.
 *
 * <p>Labels follow the paper: a level is named by its <em>total</em> wire rate over all active
 * directions, and the background traffic runs {@link Profile#latencyPaddingGbps()} per direction
 * below it, leaving room for the probes (TinyNF osdi20 {@code benchmarking/bench-moongen.lua:29},
 * {@code LATENCY_LOAD_PADDING}).
 *
 * @param gbps     the total wire rate in Gb/s when {@code relative} is false, else unused (0)
 * @param fraction the fraction of the measured maximum in [0, 1] when {@code relative} is true
 * @param relative whether the level is relative to the measured maximum
 * @param ccdf     whether the full latency CCDF is kept for this level (Figures 8 and 11), not
 *                 only its percentiles
 */
public record LoadLevel(double gbps, double fraction, boolean relative, boolean ccdf) {

    public LoadLevel {
        if (relative && !(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("a relative load level must be a fraction in [0, 1] of the maximum: fraction=" + fraction);
        }
        if (!relative && !(gbps >= 0)) {
            throw new IllegalArgumentException("a load level must be a non-negative rate in Gb/s: gbps=" + gbps);
        }
    }

    /** No background traffic: probes only (Figure 11). */
    public static LoadLevel zero(final boolean ccdf) {
        return new LoadLevel(0, 0, false, ccdf);
    }

    /** A fixed total wire rate, such as Table 3's and Figure 8's 1 Gb/s. */
    public static LoadLevel absolute(final double gbps, final boolean ccdf) {
        return new LoadLevel(gbps, 0, false, ccdf);
    }

    /** A fraction of the maximum throughput measured by the same trial's search; 1 is the maximum itself. */
    public static LoadLevel ofMaximum(final double fraction) {
        return new LoadLevel(0, fraction, true, false);
    }

    /**
     * Parses a level as the command line writes it: a total rate in Gb/s ({@code 0}, {@code 1.5}),
     * {@code max}, or a fraction of the maximum ({@code 0.5max}).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static LoadLevel parse(final String text) {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.equals("max")) {
                return ofMaximum(1);
            }
            if (t.endsWith("max")) {
                return ofMaximum(Double.parseDouble(t.substring(0, t.length() - 3)));
            }
            return absolute(Double.parseDouble(t), true);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a load level; use a total rate in Gb/s (e.g. 1.5), "
                    + "'max', or a fraction of the maximum (e.g. 0.5max)");
        }
    }

    /** The total wire rate of this level, given the maximum measured throughput (total Gb/s). */
    public double resolveGbps(final double maximumGbps) {
        return relative ? fraction * maximumGbps : gbps;
    }

    /** Whether the level needs a measured maximum before it can run. */
    public boolean needsMaximum() {
        return relative;
    }

    /** The command-line form, which {@link #parse} reads back (the CCDF flag aside). */
    @Override
    public String toString() {
        if (relative) {
            return fraction == 1 ? "max" : trim(fraction) + "max";
        }
        return trim(gbps);
    }

    static String trim(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
