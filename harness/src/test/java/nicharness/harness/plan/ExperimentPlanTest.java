package nicharness.harness.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExperimentPlanTest {

    static final Map<String, Integer> LAYERS = Map.of("nop", 2, "bridge", 2, "nat", 4, "policer", 3, "firewall", 4, "lb", 4);
    static final Catalog ALL = Catalog.of(Experiment.EVERY_DRIVER, List.copyOf(LAYERS.keySet()), LAYERS::get);

    private static PlanSettings only(final Profile profile, final Experiment... experiments) {
        return new PlanSettings(profile, List.of(experiments), List.of(), List.of(), List.of(), OptionalDouble.empty(), 60);
    }

    @Test
    void theQuickProfileOfEveryExperimentFitsItsBudget() {
        // The default run: simulated time, two trials at once on the 2-CPU machines the budget is for.
        final ExperimentPlan plan = ExperimentPlan.build(PlanSettings.defaults(Profile.QUICK.forClock(TrialClock.VIRTUAL)), ALL);
        assertTrue(plan.estimatedSeconds(2) <= ExperimentPlan.QUICK_BUDGET_SECONDS,
                "quick profile estimate " + plan.estimatedSeconds(2) + " s:\n" + String.join("\n", plan.budget()));
        assertTrue(plan.notes().isEmpty(), plan.notes().toString());
    }

    @Test
    void figuresSixToEightShareThePolicerTrials() {
        final ExperimentPlan plan = ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG6, Experiment.FIG7, Experiment.FIG8), ALL);
        // Three repetitions of the 1-core configurations, two of the 2-core ones (the quick profile's trim).
        assertEquals(3 * 3 + 3 * Profile.QUICK_TRIMMED_REPETITIONS, plan.trials().size());
        for (final TrialSpec t : plan.trials()) {
            assertEquals(List.of(Experiment.FIG6, Experiment.FIG7, Experiment.FIG8), t.experiments());
            assertEquals("policer-2way", t.workload().id());
            assertEquals(Experiment.POLICER_NEVER_DROPS, t.workload().nfOptions());
            assertEquals(3, t.workload().layer());
            assertEquals(0.003, t.workload().lossThreshold());
            assertTrue(t.needs().search() && t.needs().sweep());
        }
        // The paper's six lines, in its legend's order: each driver on one core, then on two.
        assertEquals(List.of("dpdk-verified-policer", "dpdk-batched-policer", "tinynf", "dpdk-verified-policer-2cores",
                        "dpdk-batched-policer-2cores", "tinynf-2cores"),
                plan.trials().stream().map(TrialSpec::driver).distinct().toList());
        // The sweep's levels plus Figure 8's 1 Gb/s, which keeps its CCDF.
        final List<TrialSpec.ResolvedLevel> levels = plan.trials().getFirst().levels(Profile.QUICK, 8);
        assertEquals(List.of(0.0, 1.0, 4.0, 8.0), levels.stream().map(TrialSpec.ResolvedLevel::gbps).toList());
        assertTrue(levels.get(1).ccdf());
        assertTrue(levels.getLast().maximum());
        assertEquals("max", levels.getLast().label());
    }

    @Test
    void aFilterNamingADriverOnTwoCoresAddsItToAnExperimentOfItsModel() {
        final PlanSettings settings = new PlanSettings(Profile.QUICK, List.of(Experiment.FIG9), List.of("tinynf", "tinynf-2cores"),
                List.of(), List.of(), OptionalDouble.empty(), 60);
        final ExperimentPlan plan = ExperimentPlan.build(settings, ALL);
        assertEquals(List.of("tinynf", "tinynf-2cores"), plan.trials().stream().map(TrialSpec::driver).distinct().toList());
        assertEquals(3 + Profile.QUICK_TRIMMED_REPETITIONS, plan.trials().size());
        final PlanSettings unknown = new PlanSettings(Profile.QUICK, List.of(Experiment.FIG9), List.of("tinyfn-2cores"),
                List.of(), List.of(), OptionalDouble.empty(), 60);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.build(unknown, ALL));
        assertTrue(e.getMessage().contains("tinyfn"), e.getMessage());
    }

    @Test
    void table3RunsEveryNfOneWayAtTheStricterThreshold() {
        final ExperimentPlan plan = ExperimentPlan.build(only(Profile.QUICK, Experiment.TABLE3), ALL);
        assertEquals(5 * 5 * 3, plan.trials().size());
        assertEquals(List.of("dpdk-verified", "dpdk", "dpdk-batched", "ixy", "tinynf"),
                plan.trials().stream().map(TrialSpec::driver).distinct().toList());
        for (final TrialSpec t : plan.trials()) {
            assertEquals(1, t.workload().directions());
            assertEquals(0.001, t.workload().lossThreshold());
            assertEquals(List.of(LoadLevel.absolute(1, false)), t.needs().levels());
            assertFalse(t.needs().sweep());
        }
        assertEquals(List.of("nat-1way", "bridge-1way", "lb-1way", "policer-1way", "firewall-1way"),
                plan.trials().stream().map(t -> t.workload().id()).distinct().toList());
        assertEquals(4, plan.trials().stream().filter(t -> t.workload().nf().equals("nat")).findFirst().orElseThrow().workload().layer());
    }

    @Test
    void trialsRunRepetitionByRepetitionInTheLegendsDriverOrder() {
        final ExperimentPlan plan = ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG9), ALL);
        assertEquals(List.of("dpdk", "dpdk-batched", "ixy", "ixy-batched", "tinynf"),
                plan.trials().subList(0, 5).stream().map(TrialSpec::driver).toList());
        assertEquals(List.of(1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3), plan.trials().stream().map(TrialSpec::repetition).toList());
        assertEquals(plan.trials().size(), plan.trials().stream().map(TrialSpec::id).distinct().count());
    }

    @Test
    void theDeviceCostSweepAtTheDefaultCostSharesTheNoOpTrials() {
        final ExperimentPlan plan = ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG9, Experiment.FIG11, Experiment.DEVICE_COST), ALL);
        final List<String> workloads = plan.trials().stream().map(t -> t.workload().id()).distinct().toList();
        assertEquals(List.of("nop-2way", "nop-2way-cost4"), workloads);
        final TrialSpec shared = plan.trials().getFirst();
        assertEquals(List.of(Experiment.FIG9, Experiment.FIG11, Experiment.DEVICE_COST), shared.experiments());
        assertTrue(shared.needs().sweep());
    }

    @Test
    void theSlowNoOpCarriesItsExtraWork() {
        final ExperimentPlan plan = ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG10), ALL);
        assertEquals("slow-nop-2way", plan.trials().getFirst().workload().id());
        assertEquals(60, plan.trials().getFirst().workload().extraWorkNs());
    }

    @Test
    void levelsOnTheSameRateMergeUnderTheAbsoluteLabel() {
        final TrialSpec t = ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG9, Experiment.FIG11), ALL).trials().getFirst();
        // Nothing passed the search: every level relative to the maximum falls on zero load.
        assertEquals(List.of(new TrialSpec.ResolvedLevel("0", 0, true, true)), t.levels(Profile.QUICK, 0));
        final List<TrialSpec.ResolvedLevel> levels = t.levels(Profile.QUICK, 4);
        assertEquals(List.of("0", "0.5max", "max"), levels.stream().map(TrialSpec.ResolvedLevel::label).toList());
    }

    @Test
    void figureElevenAloneNeedsNoSearch() {
        final TrialSpec t = ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG11), ALL).trials().getFirst();
        assertFalse(t.needs().search());
        assertEquals(List.of(new TrialSpec.ResolvedLevel("0", 0, true, false)), t.levels(Profile.QUICK, 0));
    }

    @Test
    void filtersKeepOnlyWhatIsAsked() {
        final PlanSettings settings = new PlanSettings(Profile.QUICK, List.of(Experiment.values()), List.of("tinynf"), List.of("nat"),
                List.of(), OptionalDouble.empty(), 60);
        final ExperimentPlan plan = ExperimentPlan.build(settings, ALL);
        assertEquals(3, plan.trials().size());
        assertEquals("nat-1way/tinynf/r1", plan.trials().getFirst().id());
        assertTrue(plan.notes().stream().anyMatch(n -> n.startsWith("fig9: skipped")), plan.notes().toString());
    }

    @Test
    void unknownDriverIsAnErrorNamingTheAcceptedOnes() {
        final PlanSettings settings = new PlanSettings(Profile.QUICK, List.of(Experiment.FIG9), List.of("tinyfn"), List.of(),
                List.of(), OptionalDouble.empty(), 60);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.build(settings, ALL));
        assertEquals("Invalid value for option '--drivers': unknown driver 'tinyfn'; accepted: dpdk-verified, dpdk-verified-policer, dpdk, dpdk-batched, dpdk-batched-policer, ixy, ixy-batched, tinynf, or a selection: all, dpdk-and-tinynf, policer-drivers, table3-drivers, table4-drivers, every (a leading + adds to each experiment's own)",
                e.getMessage());
    }

    @Test
    void aPlusAddsARegisteredDriverToAnExperimentAndASelectionStandsForItsMembers() {
        final Catalog withFourth = Catalog.of(List.of("dpdk", "dpdk-batched", "tinynf", "fourth"), List.copyOf(LAYERS.keySet()),
                LAYERS::get);
        final ExperimentPlan added = ExperimentPlan.build(new PlanSettings(Profile.QUICK, List.of(Experiment.FIG10),
                List.of("+fourth"), List.of(), List.of(), OptionalDouble.empty(), 60), withFourth);
        assertEquals(List.of("dpdk", "dpdk-batched", "tinynf", "fourth"),
                added.trials().stream().filter(t -> t.repetition() == 1).map(TrialSpec::driver).toList());
        final ExperimentPlan selected = ExperimentPlan.build(new PlanSettings(Profile.QUICK, List.of(Experiment.FIG10),
                List.of("dpdk-and-tinynf", "+fourth"), List.of(), List.of(), OptionalDouble.empty(), 60), withFourth);
        assertEquals(4, selected.trials().stream().filter(t -> t.repetition() == 1).count());
    }

    /** The policer's figures with another NF added: it runs without the policer's rate and burst, which it would refuse. */
    @Test
    void anNfAddedToThePolicersFiguresTakesNoneOfItsOptions() {
        final ExperimentPlan plan = ExperimentPlan.build(new PlanSettings(Profile.QUICK, List.of(Experiment.FIG8),
                List.of(), List.of("nop", "policer"), List.of(), OptionalDouble.empty(), 60), ALL);
        final Map<String, Map<String, String>> options = new java.util.TreeMap<>();
        plan.trials().forEach(t -> options.put(t.workload().nf(), t.workload().nfOptions()));
        assertEquals(Map.of("nop", Map.of(), "policer", Experiment.POLICER_NEVER_DROPS), options);
    }

    @Test
    void aPlainNameNoChosenExperimentRunsIsAddedToEachOfThemAlone() {
        final Catalog withFourth = Catalog.of(List.of("tinynf", "fourth"), List.copyOf(LAYERS.keySet()), LAYERS::get);
        final ExperimentPlan plan = ExperimentPlan.build(new PlanSettings(Profile.QUICK, List.of(Experiment.FIG9),
                List.of("fourth"), List.of(), List.of(), OptionalDouble.empty(), 60), withFourth);
        assertEquals(List.of("fourth"), plan.trials().stream().filter(t -> t.repetition() == 1).map(TrialSpec::driver).toList());
        assertTrue(plan.notes().contains("--drivers: 'fourth' is not one of the chosen experiments' drivers, so it is added to each"),
                plan.notes().toString());
        final ExperimentPlan withTinyNf = ExperimentPlan.build(new PlanSettings(Profile.QUICK, List.of(Experiment.FIG9),
                List.of("fourth", "tinynf"), List.of(), List.of(), OptionalDouble.empty(), 60), withFourth);
        assertEquals(List.of("tinynf", "fourth"),
                withTinyNf.trials().stream().filter(t -> t.repetition() == 1).map(TrialSpec::driver).toList());
    }

    @Test
    void driversNotRegisteredAreLeftOutWithANote() {
        final Catalog partial = Catalog.of(List.of("tinynf"), List.copyOf(LAYERS.keySet()), LAYERS::get);
        final ExperimentPlan plan = ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG9), partial);
        assertEquals(3, plan.trials().size());
        assertTrue(plan.notes().contains("fig9: driver 'dpdk' is not registered on the class path, left out"), plan.notes().toString());
    }

    @Test
    void nothingToRunIsAnError() {
        final Catalog none = Catalog.of(List.of(), List.copyOf(LAYERS.keySet()), LAYERS::get);
        assertThrows(IllegalArgumentException.class, () -> ExperimentPlan.build(only(Profile.QUICK, Experiment.FIG9), none));
    }

    @Test
    void userRatesReplaceThePapersLevels() {
        final PlanSettings settings = new PlanSettings(Profile.QUICK, List.of(Experiment.FIG9), List.of(), List.of(),
                List.of(LoadLevel.parse("0"), LoadLevel.parse("2.5"), LoadLevel.parse("max")), OptionalDouble.of(0.01), 60);
        final TrialSpec t = ExperimentPlan.build(settings, ALL).trials().getFirst();
        assertFalse(t.needs().sweep());
        assertEquals(0.01, t.workload().lossThreshold());
        assertEquals(List.of(0.0, 2.5, 6.0), t.levels(Profile.QUICK, 6).stream().map(TrialSpec.ResolvedLevel::gbps).toList());
    }

    @Test
    void thePaperSweepStepsEveryHalfGigabitPerDirection() {
        final List<LoadLevel> levels = Profile.PAPER.sweep(3.1, 2);
        assertEquals(List.of("0", "1", "2", "3", "max"), levels.stream().map(LoadLevel::toString).toList());
        assertEquals(21, Profile.PAPER.sweepLevelsUpperBound(2)); // 0, 1, ..., 19 Gb/s, then the maximum
    }

    @Test
    void profileEncodingRoundTrips() {
        assertEquals(Profile.QUICK, Profile.decode(Profile.QUICK.encode()));
        assertEquals(Profile.PAPER.withRepetitions(5), Profile.decode(Profile.PAPER.withRepetitions(5).encode()));
    }

    @Test
    void loadLevelsParseTheCommandLineForms() {
        assertEquals(LoadLevel.ofMaximum(1), LoadLevel.parse("max"));
        assertEquals(LoadLevel.ofMaximum(0.5), LoadLevel.parse("0.5max"));
        assertEquals(LoadLevel.absolute(1.5, true), LoadLevel.parse("1.5"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadLevel.parse("fast"));
        assertTrue(e.getMessage().contains("'fast' is not a load level"));
        assertThrows(IllegalArgumentException.class, () -> LoadLevel.parse("2max"));
        assertThrows(IllegalArgumentException.class, () -> LoadLevel.parse("-1"));
    }
}
