package nicharness.harness.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one trial measures: the throughput search, the profile's latency sweep, and fixed load
 * levels. The union of two experiments' needs is what a shared trial measures.
 *
 * @param search whether to run the ten-step throughput search
 * @param sweep  whether to measure latency at the profile's levels up to the measured maximum
 * @param levels further latency levels
 */
public record Needs(boolean search, boolean sweep, List<LoadLevel> levels) {

    /** The figures' latency against throughput: a search, then the sweep. */
    public static final Needs SEARCH_AND_SWEEP = new Needs(true, true, List.of());
    /** Throughput only. */
    public static final Needs SEARCH_ONLY = new Needs(true, false, List.of());

    public Needs {
        levels = List.copyOf(levels);
        if (sweep && !search) {
            throw new IllegalArgumentException("a latency sweep up to the maximum needs the throughput search");
        }
    }

    /** A search, then latency at {@code levels}. */
    public static Needs searchAnd(final List<LoadLevel> levels) {
        return new Needs(true, false, levels);
    }

    /** Latency at {@code levels}; a search too when a level is relative to the maximum. */
    public static Needs levels(final List<LoadLevel> levels) {
        return new Needs(levels.stream().anyMatch(LoadLevel::needsMaximum), false, levels);
    }

    /** What both need. */
    public Needs union(final Needs other) {
        final Set<LoadLevel> merged = new LinkedHashSet<>(levels);
        merged.addAll(other.levels);
        return new Needs(search || other.search, sweep || other.sweep, new ArrayList<>(merged));
    }
}
