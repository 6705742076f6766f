package nicharness.harness.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.LoadLevel;
import nicharness.harness.plan.Needs;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialClock;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.plan.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialArgumentsTest {

    @Test
    void argumentsRoundTrip() {
        final Workload w = Workload.of("policer", "policer", Experiment.POLICER_NEVER_DROPS, 2, 3, 0.003, 12.5, 0.5);
        final TrialSpec spec = new TrialSpec(List.of(Experiment.FIG6, Experiment.FIG8), w, "dpdk-batched", 3,
                new Needs(true, true, List.of(LoadLevel.absolute(1, true), LoadLevel.ofMaximum(0.5))));
        final TrialArguments args = new TrialArguments(spec, Profile.QUICK, Path.of("/tmp/x.result"), List.of(1, 0));
        final TrialArguments back = TrialArguments.decode(args.encode().toArray(String[]::new));
        assertEquals(args, back);
        assertEquals("policer-2way-cost0_5/dpdk-batched/r3", back.trial().id());
        for (final TrialClock clock : TrialClock.values()) {
            for (final boolean otherCpu : new boolean[] {false, true}) {
                final TrialArguments a = new TrialArguments(spec, Profile.QUICK, Path.of("/tmp/x.result"), List.of(1, 0), clock,
                        otherCpu);
                assertEquals(a, TrialArguments.decode(a.encode().toArray(String[]::new)), clock + ", device on another CPU: " + otherCpu);
            }
        }
    }

    @Test
    void missingArgumentIsNamed() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrialArguments.decode(new String[] {"--driver=tinynf"}));
        assertTrue(e.getMessage().startsWith("missing trial argument --"), e.getMessage());
    }

    @Test
    void resultFileRoundTripsWithEscapes(@TempDir final Path folder) {
        final Row row = Row.of(Table.THROUGHPUT).put("throughput_gbps", 7.5).put("throughput_mpps", 11.16)
                .put("best_gbps_per_direction", 3.75).put("steps", 10).put("limited_by", "odd\tvalue%with\nbreaks").put("clock", "virtual").put("polls_replaced_share_max", 0).put("cpu_cost_calibrated", false).build();
        final TrialProtocol.Result result = new TrialProtocol.Result(false, "loss 5 % disagrees\nwith the card", 12.25, List.of(row));
        final Path file = folder.resolve("t.result");
        TrialProtocol.write(file, result);
        assertEquals(result, TrialProtocol.read(file));
        assertEquals(Map.of("throughput_gbps", "7.5"), Map.of("throughput_gbps", TrialProtocol.read(file).rows().getFirst().values().get("throughput_gbps")));
    }

    @Test
    void aRowMustHaveExactlyItsTablesColumns() {
        assertThrows(IllegalArgumentException.class, () -> Row.of(Table.THROUGHPUT).put("throughput_gbps", 1).build());
    }

    @Test
    void decimalsAreWrittenPlainly() {
        assertEquals("3", Row.decimal(3.0));
        assertEquals("0.003", Row.decimal(0.003));
        assertEquals("7.98828125", Row.decimal(7.98828125));
        assertEquals("", Row.decimal(Double.NaN));
        assertEquals("1.00000000e-07", Row.decimal(1e-7));
    }
}
