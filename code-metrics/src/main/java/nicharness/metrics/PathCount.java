package nicharness.metrics;

import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * The number of distinct paths through a method or a part, split by how they end: returning
 * normally, or raising an exception (the paper's "failure" paths). Failures are kept per exception
 * class, {@link #UNKNOWN_TYPE} when the class cannot be told from the bytecode, so that a caller's
 * {@code catch} can take the ones it handles. For a method returning {@code boolean}, the normal
 * paths that return the constant {@code true} or {@code false} are counted apart, so that a caller
 * testing the result sends each to its own branch (the paper's F_S and F_F for
 * {@code rte_pktmbuf_prefree_seg}) instead of multiplying them by both.
 *
 * @param normal       paths that return
 * @param failures     paths that end in an exception, by the exception's internal class name
 * @param returnsTrue  normal paths that return the constant {@code true}
 * @param returnsFalse normal paths that return the constant {@code false}
 */
public record PathCount(BigInteger normal, Map<String, BigInteger> failures, BigInteger returnsTrue,
                        BigInteger returnsFalse) {

    /** The exception class of a re-thrown or otherwise untyped exception. */
    public static final String UNKNOWN_TYPE = "?";

    /** One normal path: a straight line, or a leaf call. */
    public static final PathCount ONE = new PathCount(BigInteger.ONE, Map.of());

    /** No path at all: the start of a sum. */
    public static final PathCount NONE = new PathCount(BigInteger.ZERO, Map.of());

    public PathCount {
        failures = Map.copyOf(failures);
    }

    /** Paths without a known boolean result. */
    public PathCount(final BigInteger normal, final Map<String, BigInteger> failures) {
        this(normal, failures, BigInteger.ZERO, BigInteger.ZERO);
    }

    /** Normal paths whose {@code boolean} result is not a constant. */
    public BigInteger returnsOther() {
        return normal.subtract(returnsTrue).subtract(returnsFalse);
    }

    /** All failure paths, whatever the exception. */
    public BigInteger failure() {
        return failures.values().stream().reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Every path. */
    public BigInteger total() {
        return normal.add(failure());
    }

    /** This count and {@code other}'s as alternatives (paths add up). */
    public PathCount plus(final PathCount other) {
        final Map<String, BigInteger> sum = new TreeMap<>(failures);
        other.failures.forEach((type, count) -> sum.merge(type, count, BigInteger::add));
        return new PathCount(normal.add(other.normal), sum, returnsTrue.add(other.returnsTrue),
                returnsFalse.add(other.returnsFalse));
    }
}
