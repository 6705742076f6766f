package nicharness.harness.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The paper's end-to-end experiments (Figures 6 to 11, Table 3) and one beyond it, each as the
 * workloads it needs, the drivers it compares and what each trial must measure.
 *
 * <p>Several experiments are views of the same runs: Figures 6, 7 and 8 all come from the policer
 * runs, Figures 9 and 11 from the no-op runs, so {@link ExperimentPlan} merges trials that share a
 * workload and a driver and measures the union of what their experiments need.
 */
public enum Experiment {
    /** Policer, median latency against throughput, 2-way, layer 3, 0.3 % loss. */
    FIG6("fig6", "policer: median latency against throughput (2-way, layer 3, 0.3 % loss)"),
    /** Policer, 99th-percentile latency against throughput. */
    FIG7("fig7", "policer: 99th-percentile latency against throughput (same runs as fig6)"),
    /** Policer latency CCDF at a 1 Gb/s total background load. */
    FIG8("fig8", "policer: latency CCDF at 1 Gb/s (same runs as fig6)"),
    /** No-op, median latency against throughput, 2-way, layer 2. */
    FIG9("fig9", "no-op: median latency against throughput (2-way, layer 2, 0.3 % loss)"),
    /** The slow no-op: a fixed amount of extra work per packet standing in for the paper's 2 GHz CPU. */
    FIG10("fig10", "slow no-op (extra work per packet for the 2 GHz CPU): median latency against throughput"),
    /** No-op latency CCDF at zero background load. */
    FIG11("fig11", "no-op: latency CCDF at zero load (same runs as fig9)"),
    /** The five verified NFs, 1-way, 0.1 % loss: throughput and latency at 1 Gb/s. */
    TABLE3("table3", "NAT, bridge, load balancer, policer, firewall: throughput (1-way, 0.1 % loss), latency at 1 Gb/s"),
    /** Beyond the paper: the no-op's throughput as the model's device-access cost varies. */
    DEVICE_COST("device-cost", "no-op throughput against the modelled device-access cost (doorbells, register reads)");

    /**
     * The no-op drivers of Figures 9 and 11, in the order of the paper's legends: DPDK (testpmd,
     * burst 1), DPDK batched (testpmd, burst 32), Ixy, Ixy batched, TinyNF.
     */
    public static final List<String> ALL_DRIVERS = List.of("dpdk", "dpdk-batched", "ixy", "ixy-batched", "tinynf");
    /** The drivers of Figure 10, the slow no-op (testpmd's configurations). */
    public static final List<String> DPDK_AND_TINYNF = List.of("dpdk", "dpdk-batched", "tinynf");
    /**
     * The drivers of Figures 6, 7 and 8: the paper's policer baseline on DPDK ("DPDK, 1 core" on the
     * verified DPDK subset, "DPDK, batched, 1 core" on unpatched DPDK), with its pool of 2,048 mbufs
     * and cache of 128, and TinyNF; each on one core and on two, one per direction, in the order of
     * the paper's legend ("DPDK, 1 core", ..., "TinyNF, 2 cores").
     */
    public static final List<String> POLICER_DRIVERS = List.of("dpdk-verified-policer", "dpdk-batched-policer", "tinynf",
            "dpdk-verified-policer-2cores", "dpdk-batched-policer-2cores", "tinynf-2cores");
    /**
     * The drivers of Table 3: the paper's comparison, Vigor's verified DPDK ({@code dpdk-verified})
     * against TinyNF, with testpmd's two configurations and ixy as extra columns (the design's
     * list). ixy-batched is left out of the default so that the quick profile keeps its 15-minute
     * budget with the added {@code dpdk-verified} column: one column of Table 3 costs about 95 s.
     */
    public static final List<String> TABLE3_DRIVERS = List.of("dpdk-verified", "dpdk", "dpdk-batched", "ixy", "tinynf");
    /** Every driver some experiment runs, in the order trials run and legends list them. */
    public static final List<String> EVERY_DRIVER = List.of("dpdk-verified", "dpdk-verified-policer", "dpdk",
            "dpdk-batched", "dpdk-batched-policer", "ixy", "ixy-batched", "tinynf");
    /**
     * The rows of the paper's Table 4 (DPDK-1, DPDK-32, TinyNF), then ixy's variants as extra rows;
     * {@code nicharness.harness.cost.Table4} says where they come from.
     */
    public static final List<String> TABLE4_DRIVERS = List.of("dpdk", "dpdk-batched", "tinynf", "ixy", "ixy-batched");
    /** Table 3's rows in the paper's order (TinyNF osdi20
     * {@code experiments/perf-endtoend/tabulate-verified-nf-perf.sh:24}). */
    public static final List<String> TABLE3_NFS = List.of("nat", "bridge", "lb", "policer", "firewall");
    /** Table 4's columns: the three measurable no-ops (nop, write, lookup) and the policer. */
    public static final List<String> TABLE4_NFS = List.of("nop-untouched", "nop-write", "nop-lookup", "policer");
    /**
     * The paper's subsets of drivers by name, for {@code --drivers}, Table 4 and the benchmarks: a
     * selection stands for its members wherever a driver name is accepted.
     */
    public static final Map<String, List<String>> DRIVER_SELECTIONS = orderedMap(
            "all", ALL_DRIVERS, "dpdk-and-tinynf", DPDK_AND_TINYNF, "policer-drivers", POLICER_DRIVERS,
            "table3-drivers", TABLE3_DRIVERS, "table4-drivers", TABLE4_DRIVERS, "every", EVERY_DRIVER);
    /** The paper's subsets of NFs by name, for {@code --nfs}, Table 4 and the benchmarks. */
    public static final Map<String, List<String>> NF_SELECTIONS = orderedMap(
            "table3-nfs", TABLE3_NFS, "table4-nfs", TABLE4_NFS);
    /**
     * The loss threshold of the figures (TinyNF osdi20 {@code benchmarking/bench-moongen.lua:41},
     * the script's default).
     */
    public static final double FIGURE_LOSS = 0.003;
    /** The loss threshold of Table 3 ({@code --acceptableloss=0.001}). */
    public static final double TABLE3_LOSS = 0.001;
    /** The background load of Table 3 and Figure 8, total Gb/s. */
    public static final double ONE_GBPS = 1.0;
    /** The NF of Figures 6-8. */
    static final String POLICER = "policer";

    /**
     * The policer options of the figures: rate and burst of 10^12 bytes (TinyNF osdi20
     * {@code experiments/perf-endtoend/bench-all.py:93-96}), so that
     * the policer never drops and the figures measure its cost, not its policy.
     */
    public static final Map<String, String> POLICER_NEVER_DROPS = Map.of("rate", "1000000000000", "burst", "1000000000000");

    private final String id;
    private final String description;

    Experiment(final String id, final String description) {
        this.id = id;
        this.description = description;
    }

    private static Map<String, List<String>> orderedMap(final Object... nameThenMembers) {
        final Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameThenMembers.length; i += 2) {
            @SuppressWarnings("unchecked")
            final List<String> members = (List<String>) nameThenMembers[i + 1];
            map.put((String) nameThenMembers[i], members);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The name used on the command line and in the CSV files. */
    public String id() {
        return id;
    }

    /** One line for {@code list} and {@code --help}. */
    public String description() {
        return description;
    }

    /** The experiment called {@code id}. */
    public static Experiment byId(final String id) {
        for (final Experiment e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown experiment '" + id + "'; accepted: "
                + String.join(", ", ids()));
    }

    /** Every experiment's id. */
    public static List<String> ids() {
        final List<String> ids = new ArrayList<>();
        for (final Experiment e : values()) {
            ids.add(e.id);
        }
        return ids;
    }

    /** The drivers this experiment compares. */
    public List<String> drivers() {
        return switch (this) {
            case FIG6, FIG7, FIG8 -> POLICER_DRIVERS;
            case FIG10 -> DPDK_AND_TINYNF;
            case TABLE3 -> TABLE3_DRIVERS;
            case FIG9, FIG11, DEVICE_COST -> ALL_DRIVERS;
        };
    }

    /** The NFs this experiment runs (before the user's filter). */
    public List<String> nfs() {
        return switch (this) {
            case FIG6, FIG7, FIG8 -> List.of(POLICER);
            case FIG9, FIG10, FIG11, DEVICE_COST -> List.of("nop");
            case TABLE3 -> TABLE3_NFS;
        };
    }

    /** The workloads of this experiment for the NFs kept, under the given settings. */
    public List<Workload> workloads(final List<String> keptNfs, final PlanSettings settings, final Catalog catalog) {
        final List<Workload> workloads = new ArrayList<>();
        final double figureLoss = settings.lossThreshold().orElse(FIGURE_LOSS);
        for (final String nf : keptNfs) {
            final int layer = catalog.layer(nf);
            switch (this) {
                // Another NF added to the policer's figures (--nfs) takes none of the policer's options.
                case FIG6, FIG7, FIG8 -> workloads.add(Workload.of(nf, nf, nf.equals(POLICER) ? POLICER_NEVER_DROPS
                        : Map.of(), 2, layer, figureLoss, 0, 1));
                case FIG9, FIG11 -> workloads.add(Workload.of(nf, nf, Map.of(), 2, layer, figureLoss, 0, 1));
                case FIG10 -> workloads.add(Workload.of("slow-" + nf, nf, Map.of(), 2, layer, figureLoss,
                        settings.slowNopExtraWorkNs(), 1));
                case TABLE3 -> workloads.add(Workload.of(nf, nf, Map.of(), 1, layer,
                        settings.lossThreshold().orElse(TABLE3_LOSS), 0, 1));
                case DEVICE_COST -> {
                    for (final double factor : settings.profile().deviceCostFactors()) {
                        workloads.add(Workload.of(nf, nf, Map.of(), 2, layer, figureLoss, 0, factor));
                    }
                }
            }
        }
        return workloads;
    }

    /** What each trial of this experiment must measure. */
    public Needs needs(final PlanSettings settings) {
        final List<LoadLevel> userLevels = settings.rates();
        return switch (this) {
            case FIG6, FIG7, FIG9, FIG10 -> userLevels.isEmpty() ? Needs.SEARCH_AND_SWEEP : Needs.searchAnd(userLevels);
            case FIG8 -> Needs.levels(userLevels.isEmpty() ? List.of(LoadLevel.absolute(ONE_GBPS, true)) : userLevels);
            case FIG11 -> Needs.levels(userLevels.isEmpty() ? List.of(LoadLevel.zero(true)) : userLevels);
            case TABLE3 -> Needs.searchAnd(userLevels.isEmpty() ? List.of(LoadLevel.absolute(ONE_GBPS, false)) : userLevels);
            case DEVICE_COST -> Needs.SEARCH_ONLY;
        };
    }
}
