package nicharness.harness.cost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nicharness.testbed.DriverRig;
import nicharness.harness.plan.Profile;
import nicharness.model.AccessCost;

/**
 * One configuration's per-packet cost in a JVM of its own ({@code docs/design.md}: one JVM per measured
 * configuration, so that the JIT's profile of one driver or NF does not shape another's code):
 * the exact device accesses ({@link DeviceAccesses}), the time per packet of deferred rounds
 * ({@link RoundTiming}: median and 99th percentile) and the threaded time per packet at
 * saturation ({@link ThreadedCost}, with hardware counters where the machine has them). {@link CostReport}
 * starts one per configuration and collects the rows.
 *
 * <p>Arguments: {@code driver nf out.csv [quick|paper|smoke] [none|pcie|pcie-write-213]}.
 */
public final class CostTrial {
    private CostTrial() {
    }

    /** Measures one configuration and returns its rows. */
    public static List<CostRow> measure(final String driver, final String nf, final ThreadedCost.Settings settings) {
        final List<CostRow> rows = new ArrayList<>();
        // One deferred rig for the exact counts, then the timing (the counts do not depend on the access cost)
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred(driver, nf).withAccessCost(settings.accessCost()))) {
            rows.addAll(DeviceAccesses.rows(driver, nf,
                    DeviceAccesses.measure(rig, DeviceAccesses.WARM_UP_ROUNDS, DeviceAccesses.ROUNDS)));
            rows.addAll(RoundTiming.rows(driver, nf, RoundTiming.measure(rig, RoundTiming.WARM_UP_ROUNDS,
                    RoundTiming.ROUNDS)));
        }
        rows.addAll(ThreadedCost.rows(ThreadedCost.measure(driver, nf, settings)));
        return rows;
    }

    /**
     * The settings a profile name ({@link Profile}: the same names as {@code run}'s) and an
     * access-cost name stand for: the paper's profile measures the threaded phases longer.
     *
     * @throws IllegalArgumentException naming the profile or access cost that is not known
     */
    public static ThreadedCost.Settings settings(final String profile, final String accessCost) {
        final ThreadedCost.Settings base = Profile.byName(profile) == Profile.PAPER ? ThreadedCost.Settings.full()
                : ThreadedCost.Settings.quick();
        return base.withAccessCost(AccessCost.named(accessCost));
    }

    /** Measures the configuration named by the arguments and writes its rows. */
    public static void main(final String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: CostTrial driver nf out.csv [quick|paper|smoke] [none|pcie|pcie-write-213]");
        }
        final String profile = args.length > 3 ? args[3] : "quick";
        final String accessCost = args.length > 4 ? args[4] : "none";
        CostCsv.write(Path.of(args[2]), measure(args[0], args[1], settings(profile, accessCost)),
                Map.of("profile", profile, "access cost", accessCost));
    }
}
