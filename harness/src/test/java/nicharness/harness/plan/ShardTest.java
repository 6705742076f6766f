package nicharness.harness.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The partition of a plan into shards: complete, disjoint, the same every time, balanced, in running order. */
class ShardTest {

    private static ExperimentPlan defaultPlan() {
        return ExperimentPlan.build(PlanSettings.defaults(Profile.QUICK.forClock(TrialClock.VIRTUAL)), ExperimentPlanTest.ALL);
    }

    @Test
    void everyTrialLandsInExactlyOneShardAndEachShardKeepsTheRunningOrder() {
        final ExperimentPlan plan = defaultPlan();
        for (final int count : new int[] {1, 2, 3, 7, plan.trials().size() + 5}) {
            final List<String> all = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                final List<TrialSpec> mine = plan.shard(new Shard(k, count)).trials();
                final List<Integer> positions = mine.stream().map(plan.trials()::indexOf).toList();
                final List<Integer> sorted = new ArrayList<>(positions);
                sorted.sort(null);
                assertEquals(sorted, positions, "shard " + k + "/" + count + " keeps the plan's order");
                mine.forEach(t -> all.add(t.id()));
            }
            assertEquals(plan.trials().size(), all.size(), "no trial twice, none left out, for N=" + count);
            assertEquals(plan.trials().stream().map(TrialSpec::id).collect(java.util.stream.Collectors.toSet()), new HashSet<>(all));
        }
    }

    @Test
    void theSameTrialAlwaysLandsInTheSameShard() {
        final Set<String> first = ids(defaultPlan().shard(new Shard(1, 4)));
        for (int i = 0; i < 3; i++) {
            assertEquals(first, ids(defaultPlan().shard(new Shard(1, 4))));
        }
    }

    @Test
    void shardsTakeAboutAsLongAsEachOther() {
        final ExperimentPlan plan = defaultPlan();
        final int count = 4;
        double longestTrial = 0;
        for (final TrialSpec t : plan.trials()) {
            longestTrial = Math.max(longestTrial, new ExperimentPlan(plan.settings(), List.of(t), List.of()).estimatedSeconds(1)
                    - ExperimentPlan.RUN_OVERHEAD_SECONDS);
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int k = 0; k < count; k++) {
            final double seconds = plan.shard(new Shard(k, count)).estimatedSeconds(1);
            min = Math.min(min, seconds);
            max = Math.max(max, seconds);
        }
        // The longest-processing-time rule: no shard longer than another by more than one trial.
        assertTrue(max - min <= longestTrial, "shards from " + min + " to " + max + " s, longest trial " + longestTrial + " s");
    }

    @Test
    void aShardIsWrittenKOverNFromZero() {
        assertEquals(new Shard(0, 4), Shard.parse("0/4"));
        assertEquals(new Shard(3, 4), Shard.parse(" 3/4 "));
        assertEquals("2/5", new Shard(2, 5).toString());
        for (final String bad : List.of("4/4", "-1/4", "1/0", "1", "a/b", "1/2/3", "")) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().contains("K/N") && e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void theWholePlanIsItsOnlyShard() {
        final ExperimentPlan plan = defaultPlan();
        assertEquals(plan, plan.shard(Shard.WHOLE));
        assertTrue(plan.shard(new Shard(0, 2)).notes().getLast().startsWith("shard 0/2: "));
    }

    private static Set<String> ids(final ExperimentPlan plan) {
        final Set<String> ids = new HashSet<>();
        plan.trials().forEach(t -> ids.add(t.id()));
        return ids;
    }
}
