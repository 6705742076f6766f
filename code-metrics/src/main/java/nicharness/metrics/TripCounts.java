package nicharness.metrics;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import nicharness.driver.Parameter;

/**
 * How many times a counted loop runs when paths are counted: the paper's convention for one
 * packet, written down as rules. The first rule that applies wins.
 *
 * <ol>
 *   <li><b>A constant bound</b> ({@code i < 32}, where 32 may be an inlined {@code static final}):
 *       the loop runs exactly that often, like ixy's transmit clean-up of {@code TX_CLEAN_BATCH}
 *       = 32 buffers, which the paper counts as {@code P^32}.</li>
 *   <li><b>A bound named after one of the driver's {@link Parameter}s</b> (names compared in
 *       lower case without punctuation, so field {@code txRsThresh} is parameter
 *       {@code tx-rs-thresh}): a parameter about outputs runs O times, a batch or burst size runs
 *       once (the paper's batch 1), and any other runs its default value, like DPDK's free loop
 *       over {@code tx_rs_thresh} = T = 32 mbufs.</li>
 *   <li><b>A bound whose name mentions outputs</b> ({@code outputs}, {@code outputCount}, a
 *       local {@code outputs = this.tails.length}): O times, the number of outputs the
 *       measurement is run for (1 to 4). This is how TinyNF's loops over its outputs unroll.</li>
 *   <li><b>Any other bound</b> (a method parameter such as a burst's {@code max}, the length of a
 *       caller's array): once. One packet, batch 1.</li>
 * </ol>
 * A loop that would run more than {@link #MAX_UNROLL} times, or whose start value is not a
 * constant, is not unrolled: it falls under the "at most once" rule of {@link PathCounter}.
 */
final class TripCounts {

    /** Loops longer than this are not unrolled (no driver data path has one). */
    static final long MAX_UNROLL = 4096;

    /**
     * The decision for one loop.
     *
     * @param iterations   how many times the body runs; empty for "at most once"
     * @param overOutputs  true when the count is the number of outputs O
     * @param explanation  the rule applied, for the report
     */
    record Trip(OptionalLong iterations, boolean overOutputs, String explanation) {
    }

    private final List<Parameter> parameters;
    private final int outputs;

    /**
     * @param parameters the driver's named parameters and their defaults
     * @param outputs    O, the number of outputs to count for
     */
    TripCounts(final List<Parameter> parameters, final int outputs) {
        this.parameters = List.copyOf(parameters);
        this.outputs = outputs;
    }

    int outputs() {
        return outputs;
    }

    Trip resolve(final CountedLoop loop) {
        final CountedLoop.LoopBound bound = loop.bound();
        final String where = "loop on " + loop.variable() + " " + loop.continueWhile().symbol() + " "
                + bound.description() + " (line " + loop.line() + ")";
        final long value;
        final boolean overOutputs;
        final String rule;
        if (bound.constant().isPresent()) {
            value = bound.constant().getAsLong();
            overOutputs = false;
            rule = "constant bound";
        } else {
            final Parameter parameter = matchingParameter(bound.names());
            if (parameter != null && mentionsOutputs(parameter.name())) {
                value = outputs;
                overOutputs = true;
                rule = "bound is parameter " + parameter.name() + ": O";
            } else if (parameter != null && isBatch(parameter.name())) {
                value = 1;
                overOutputs = false;
                rule = "bound is parameter " + parameter.name() + ": batch 1";
            } else if (parameter != null && parsesAsInt(parameter.defaultValue())) {
                value = Long.parseLong(parameter.defaultValue().trim());
                overOutputs = false;
                rule = "bound is parameter " + parameter.name() + ", default " + value;
            } else if (bound.names().stream().anyMatch(TripCounts::mentionsOutputs)) {
                value = outputs;
                overOutputs = true;
                rule = "bound names the outputs: O";
            } else {
                value = 1;
                overOutputs = false;
                rule = "bound set by traffic or configuration: one packet";
            }
        }
        final OptionalLong iterations = loop.iterations(value);
        if (iterations.isEmpty()) {
            return new Trip(OptionalLong.empty(), false, where + ": start value unknown, body at most once");
        }
        if (iterations.getAsLong() > MAX_UNROLL) {
            return new Trip(OptionalLong.empty(), false,
                    where + ": " + iterations.getAsLong() + " iterations, too many to unroll, body at most once");
        }
        final String count = overOutputs ? "O=" + outputs : Long.toString(iterations.getAsLong());
        return new Trip(iterations, overOutputs, where + ": " + rule + ", unrolled " + count
                + (iterations.getAsLong() == 1 ? " time" : " times"));
    }

    private Parameter matchingParameter(final List<String> names) {
        for (final String name : names) {
            final String key = normalise(name);
            for (final Parameter parameter : parameters) {
                if (normalise(parameter.name()).equals(key)) {
                    return parameter;
                }
            }
        }
        return null;
    }

    private static String normalise(final String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static boolean mentionsOutputs(final String name) {
        return normalise(name).contains("output");
    }

    private static boolean isBatch(final String name) {
        final String key = normalise(name);
        return key.contains("batch") || key.contains("burst");
    }

    private static boolean parsesAsInt(final String text) {
        try {
            Long.parseLong(text.trim());
            return true;
        } catch (final NumberFormatException e) {
            return false;
        }
    }
}
