package nicharness.harness.cost;

import java.util.List;
import java.util.Optional;

/**
 * The configurations of the paper's Table 4 and the few numbers the paper's material gives for
 * them (the configurations are those of TinyNF osdi20
 * {@code code/tinynf.c:89-109} and {@code experiments/baselines/dpdk/measurable-nop/main.c:99-130}).
 *
 * <p>Rows: the drivers {@code dpdk} (DPDK-1), {@code dpdk-batched} (DPDK-32) and {@code tinynf},
 * plus the ixy variants as extra rows; columns: the four "measurable no-op" variants and the
 * policer. The table's values were not recovered from the paper; the presentation slides claim
 * "35 instructions to receive + transmit" for TinyNF and "100 for DPDK", which would come from the
 * nop rows. They are reported beside ours, tagged as slide values, never as the paper's.
 */
public final class Table4 {
    private Table4() {
    }

    /** The driver variants, in the paper's row order, then ixy's. */
    public static final List<String> DRIVERS = List.of("dpdk", "dpdk-batched", "tinynf", "ixy", "ixy-batched");

    /** Where the reference values come from, for the {@code paper_source} column. */
    public static final String SLIDES = "slides: '35 instructions to receive + transmit', '100 for DPDK' "
            + "(batch size not stated; not verified against Table 4)";

    /**
     * A column of Table 4: the paper's name and the NF of our registry that implements it.
     *
     * @param label the paper's name ({@code nop}, {@code write}, {@code lookup}, {@code pol})
     * @param nf    our NF registry name
     */
    public record Variant(String label, String nf) {
    }

    /** The four variants: the measurable no-op touching nothing, writing, looking up, and the policer. */
    public static final List<Variant> VARIANTS = List.of(new Variant("nop", "nop-untouched"),
            new Variant("write", "nop-write"), new Variant("lookup", "nop-lookup"), new Variant("pol", "policer"));

    /** The paper's label for our NF {@code nf}, or the NF's own name if it is not a Table 4 column. */
    public static String label(final String nf) {
        return VARIANTS.stream().filter(v -> v.nf().equals(nf)).map(Variant::label).findFirst().orElse(nf);
    }

    /** The instructions per packet the slides give for {@code driver} running the nop, if any. */
    public static Optional<Double> slideInstructions(final String driver, final String nf) {
        if (!"nop".equals(label(nf))) {
            return Optional.empty();
        }
        return switch (driver) {
            case "tinynf" -> Optional.of(35.0);
            case "dpdk", "dpdk-batched" -> Optional.of(100.0);
            default -> Optional.empty();
        };
    }
}
