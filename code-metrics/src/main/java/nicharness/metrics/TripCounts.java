package nicharness.metrics;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import nicharness.driver.Parameter;

/**
 * How many times a counted loop runs when paths are counted: the paper's convention for one
 * packet, written down as three rules. The first that applies wins.
 *
 * <ol>
 *   <li><b>A declared loop or bound</b> ({@link PathDeclarations}): O for a loop over the outputs
 *       (TinyNF's loops over its rings and tail registers), a parameter's default for a
 *       configured chunk (DPDK's reclaim of T = {@code tx_rs_thresh} mbufs, ixy's clean-up of
 *       C = {@code TX_CLEAN_BATCH} buffers, which the paper counts as {@code ^T} and
 *       {@code ^C}).</li>
 *   <li><b>A constant bound</b> ({@code i < 32}, where 32 may be an inlined
 *       {@code static final}): exactly as often as the constant says.</li>
 *   <li><b>Any other bound</b> (a burst's {@code max}, a count computed from the ring): once.
 *       One packet, batch 1.</li>
 * </ol>
 * A loop that would run more than {@link #MAX_UNROLL} times, or whose start value is not a
 * constant and that is not declared, is not unrolled: it falls under the "at most once" rule of
 * {@link PathCounter}.
 */
final class TripCounts {

    /** Loops longer than this are not unrolled (no driver data path has one). */
    static final long MAX_UNROLL = 4096;

    /**
     * The decision for one loop.
     *
     * @param iterations  how many times the body runs; empty for "at most once"
     * @param overOutputs true when the count is the number of outputs O
     * @param explanation the rule applied, for the report
     */
    record Trip(OptionalLong iterations, boolean overOutputs, String explanation) {
    }

    private final List<Parameter> parameters;
    private final PathDeclarations declarations;
    private final int outputs;

    /**
     * @param parameters   the driver's named parameters and their defaults
     * @param declarations the driver's declared loops
     * @param outputs      O, the number of outputs to count for
     */
    TripCounts(final List<Parameter> parameters, final PathDeclarations declarations, final int outputs) {
        this.parameters = List.copyOf(parameters);
        this.declarations = declarations;
        this.outputs = outputs;
    }

    /** The driver's declarations, loops and assumptions. */
    PathDeclarations declarations() {
        return declarations;
    }

    Trip resolve(final MethodRef method, final CountedLoop loop) {
        final String where = "loop on " + loop.variable() + " " + loop.continueWhile().symbol() + " "
                + loop.bound().description() + " (line " + loop.line() + ")";
        final String loopKey = PathDeclarations.loopKey(method, loop);
        final Optional<Long> declaredCount = declarations.value(loopKey, outputs, parameters);
        if (declaredCount.isPresent()) {
            final boolean overOutputs = declarations.isOutputs(loopKey);
            final String written = declarations.written(loopKey).orElseThrow();
            return trip(declaredCount.get(), overOutputs, overOutputs ? written : null,
                    where + ": declared " + loopKey + " = " + (overOutputs ? written : declaredCount.get().toString()));
        }
        final Optional<String> field = loop.bound().field();
        final Optional<Long> declaredBound = field.flatMap(f -> declarations.value(f, outputs, parameters));
        if (declaredBound.isPresent()) {
            final boolean overOutputs = declarations.isOutputs(field.get());
            final String rule = where + ": declared " + field.get() + " = " + (overOutputs ? "O" : declaredBound.get());
            final OptionalLong iterations = loop.iterations(declaredBound.get());
            if (iterations.isEmpty()) {
                return new Trip(OptionalLong.empty(), false, rule + ", but the start value is unknown: body at most once");
            }
            return trip(iterations.getAsLong(), overOutputs, rule);
        }
        if (loop.bound().constant().isPresent()) {
            final OptionalLong iterations = loop.iterations(loop.bound().constant().getAsLong());
            if (iterations.isEmpty()) {
                return new Trip(OptionalLong.empty(), false, where + ": start value unknown, body at most once");
            }
            return trip(iterations.getAsLong(), false, where + ": constant bound");
        }
        return trip(1, false, where + ": bound set by traffic or configuration, one packet");
    }

    private Trip trip(final long iterations, final boolean overOutputs, final String rule) {
        return trip(iterations, overOutputs, overOutputs ? PathDeclarations.OUTPUTS : null, rule);
    }

    /** @param outputsLabel how the count is written in terms of O ({@code O} or {@code O-1}), or null */
    private Trip trip(final long iterations, final boolean overOutputs, final String outputsLabel, final String rule) {
        if (iterations > MAX_UNROLL) {
            return new Trip(OptionalLong.empty(), false,
                    rule + ", " + iterations + " iterations: too many to unroll, body at most once");
        }
        final String count = overOutputs ? outputsLabel + "=" + iterations : Long.toString(iterations);
        return new Trip(OptionalLong.of(Math.max(0, iterations)), overOutputs,
                rule + ", unrolled " + count + (iterations == 1 ? " time" : " times"));
    }
}
