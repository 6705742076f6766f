package nicharness.harness.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import nicharness.driver.DriverRegistry;
import nicharness.harness.Main;
import nicharness.harness.RegistryCatalog;
import nicharness.harness.Runner;
import nicharness.harness.cost.CostCsv;
import nicharness.harness.cost.CostRow;
import nicharness.harness.output.ResultStore;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.LoadLevel;
import nicharness.harness.plan.PlanSettings;
import nicharness.harness.plan.Profile;
import nicharness.harness.trial.TrialLauncher;
import nicharness.nf.registry.NfRegistry;
import nicharness.tinynf.SmallRingTinyNfModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's driver and NF, on the class path only ({@link SmallRingTinyNfModel} and
 * {@link MacSwapNfs}, listed in this test scope's {@code META-INF/services}): the registries find
 * them, and a one-trial experiment and Table 4's command measure them, each in JVMs of their own
 * that find them the same way, with no edit to the harness.
 */
class FourthDriverTest {

    /** Two search steps and two latency levels of a few hundredths of a second: the smoke profile's order. */
    private static final Profile TINY = new Profile("tiny", 1, 0.3, 3, 0.2, 0.1, 0.05, 2, 0.05, 0.02, 0.05, 0.01, 0.05, 20_000, 0,
            List.of(0.0, 1.0), List.of(1.0), 0.5);

    @Test
    void theRegistriesFindThemBesideThePapers() {
        assertEquals(SmallRingTinyNfModel.NAME, DriverRegistry.byName(SmallRingTinyNfModel.NAME).name());
        assertEquals(9, DriverRegistry.all().size(), "the paper's eight and the fourth model");
        assertEquals(MacSwapNfs.NAME, NfRegistry.names().getLast(), "after the paper's, by name");
        assertEquals(2, NfRegistry.trafficLayer(MacSwapNfs.NAME));
        assertTrue(new RegistryCatalog().drivers().contains(SmallRingTinyNfModel.NAME));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aOneTrialExperimentMeasuresThem(@TempDir final Path folder) throws Exception {
        final PlanSettings settings = new PlanSettings(TINY, List.of(Experiment.FIG9), List.of(SmallRingTinyNfModel.NAME),
                List.of(MacSwapNfs.NAME), List.of(LoadLevel.absolute(0.1, false)), OptionalDouble.empty(), 0);
        final ExperimentPlan plan = ExperimentPlan.build(settings, new RegistryCatalog());
        assertEquals(1, plan.trials().size(), plan.trials() + " " + plan.notes());
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        try (ResultStore store = ResultStore.open(folder, false)) {
            final Runner runner = new Runner(plan, store, Runner.forked(TrialLauncher.forThisApplication(folder.resolve("logs")),
                    List.of()), new PrintStream(progress, true, StandardCharsets.UTF_8), System::nanoTime);
            assertEquals(0, runner.run(), progress.toString(StandardCharsets.UTF_8));
        }
        final List<Map<String, String>> steps = ResultStore.read(folder.resolve("search_steps.csv"), Table.SEARCH_STEPS);
        assertTrue(steps.stream().allMatch(s -> s.get("driver").equals(SmallRingTinyNfModel.NAME)
                && s.get("workload").startsWith(MacSwapNfs.NAME)), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> Long.parseLong(s.get("returned_packets")) > 0), "it forwarded: " + steps);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void table4MeasuresThemFromTheCommandLine(@TempDir final Path folder) throws Exception {
        final Path out = folder.resolve("cost.csv");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = Main.execute(new String[] {"cost", "--driver", SmallRingTinyNfModel.NAME, "--nf", MacSwapNfs.NAME,
                "--out", out.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new RegistryCatalog());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        final List<CostRow> rows = CostCsv.read(out);
        assertTrue(rows.stream().allMatch(r -> r.driver().equals(SmallRingTinyNfModel.NAME) && r.nf().equals(MacSwapNfs.NAME)),
                rows.toString());
        // TinyNF's doorbells with a flush every 8 packets and a recycle every 64: 1/8 + 1/64 per packet, exactly.
        assertEquals(0.140625, rows.stream().filter(r -> r.metric().equals("doorbell_writes_per_packet"))
                .mapToDouble(CostRow::value).findFirst().orElseThrow());
        assertTrue(rows.stream().anyMatch(r -> r.metric().equals("time_per_packet_threaded")), rows.toString());
    }
}
