package nicharness.harness;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.harness.plan.Catalog;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.ExperimentPlan;
import nicharness.harness.plan.PlanSettings;
import nicharness.harness.plan.Profile;
import picocli.CommandLine.Command;

/** {@code list}: the drivers, NFs, named selections, experiments and profiles a run can choose from. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the drivers, NFs, the paper's selections of them, experiments and profiles.")
final class ListCommand implements Callable<Integer> {

    private final Catalog catalog;
    private final PrintStream out;

    ListCommand(final Catalog catalog, final PrintStream out) {
        this.catalog = catalog;
        this.out = out;
    }

    @Override
    public Integer call() {
        out.println("Drivers:");
        if (catalog.drivers().isEmpty()) {
            out.println("  (none registered on the class path)");
        }
        for (final String name : catalog.drivers()) {
            final String description = DriverRegistry.all().stream().filter(m -> m.name().equals(name))
                    .map(DriverModel::description).findFirst().orElse("");
            out.printf(Locale.ROOT, "  %-14s %s%n", name, description);
        }
        out.println("NFs (traffic layer):");
        for (final String nf : catalog.nfs()) {
            out.printf(Locale.ROOT, "  %-14s layer %d%n", nf, catalog.layer(nf));
        }
        out.println("Selections (for --drivers and --nfs, and the cost commands' --driver and --nf):");
        for (final var selection : Experiment.DRIVER_SELECTIONS.entrySet()) {
            out.printf(Locale.ROOT, "  %-16s %s%n", selection.getKey(), String.join(", ", selection.getValue()));
        }
        for (final var selection : Experiment.NF_SELECTIONS.entrySet()) {
            out.printf(Locale.ROOT, "  %-16s %s%n", selection.getKey(), String.join(", ", selection.getValue()));
        }
        out.println("Experiments:");
        for (final Experiment e : Experiment.values()) {
            out.printf(Locale.ROOT, "  %-14s %s%n  %-14s drivers %s, NFs %s%n", e.id(), e.description(), "", e.drivers(), e.nfs());
        }
        out.println("Profiles:");
        for (final Profile p : new Profile[] {Profile.QUICK, Profile.PAPER}) {
            String estimate;
            try {
                estimate = ExperimentPlan.formatDuration(ExperimentPlan.build(PlanSettings.defaults(p), catalog).estimatedSeconds());
            } catch (final IllegalArgumentException e) {
                estimate = "unknown (" + e.getMessage() + ")";
            }
            out.printf(Locale.ROOT, "  %-14s %d repetitions, search steps of %s s, latency levels of %s s; all experiments: about %s%n",
                    p.name(), p.repetitions(), p.searchStepSeconds(), p.latencySeconds(), estimate);
        }
        return 0;
    }
}
