package nicharness.harness.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One part of a run's plan, for spreading a run over several machines ({@code run --shard K/N}):
 * a Slurm array task or a Kubernetes Indexed Job's completion runs shard K of N, and {@code merge}
 * puts the N results folders back together.
 *
 * <p>The partition is a function of the plan alone: the trials, longest estimate first (ties by
 * id), each go to the shard with the least estimated time so far (ties to the lowest index), the
 * longest-processing-time rule. So the same trial lands in the same shard on every machine for a
 * given plan, whatever ran before, and the shards take about as long as each other. Each shard
 * keeps its trials in the plan's running order.
 *
 * @param index K, from 0 (a Slurm array task id, a Kubernetes completion index)
 * @param count N, the number of shards, at least 1
 */
public record Shard(int index, int count) {

    /** The whole plan: one shard. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is K/N with 0 <= K < N, was " + index + "/" + count);
        }
    }

    /**
     * Reads "K/N".
     *
     * @throws IllegalArgumentException naming what is wrong and the form expected
     */
    public static Shard parse(final String text) {
        final String[] parts = text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("a shard is written K/N (shard K of N, K from 0 to N-1, e.g. 0/4), was '" + text + "'");
        }
        final int index;
        final int count;
        try {
            index = Integer.parseInt(parts[0].strip());
            count = Integer.parseInt(parts[1].strip());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("a shard is written K/N with whole numbers (e.g. 0/4), was '" + text + "'");
        }
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard K/N needs N >= 1 and 0 <= K < N (Slurm's array task ids and Kubernetes'"
                    + " completion indexes start at 0), was '" + text + "'");
        }
        return new Shard(index, count);
    }

    /** Whether this is the whole plan. */
    public boolean whole() {
        return count == 1;
    }

    /** "K/N". */
    @Override
    public String toString() {
        return index + "/" + count;
    }

    /**
     * This shard's trials, in their order in {@code trials}.
     *
     * @param trials   the plan's trials in running order
     * @param estimate a trial's estimated seconds
     */
    public List<TrialSpec> select(final List<TrialSpec> trials, final ToDoubleFunction<TrialSpec> estimate) {
        if (whole()) {
            return List.copyOf(trials);
        }
        final List<TrialSpec> longestFirst = new ArrayList<>(trials);
        longestFirst.sort(Comparator.comparingDouble(estimate).reversed().thenComparing(TrialSpec::id));
        final double[] load = new double[count];
        final java.util.Set<String> mine = new java.util.HashSet<>();
        for (final TrialSpec trial : longestFirst) {
            int least = 0;
            for (int s = 1; s < count; s++) {
                if (load[s] < load[least]) {
                    least = s;
                }
            }
            load[least] += estimate.applyAsDouble(trial);
            if (least == index) {
                mine.add(trial.id());
            }
        }
        return trials.stream().filter(t -> mine.contains(t.id())).toList();
    }
}
