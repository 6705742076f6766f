package nicharness.harness.cost;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nicharness.harness.output.CsvFile;
import nicharness.harness.output.ReadmeBlock;

/**
 * The harness README's account of where each driver's instructions go on the nop, rendered from
 * {@code results/cost-account.csv} (written by {@code callgrind-cost --account}) so that it cannot
 * go stale: per driver, each group's instructions per packet, receive + transmit (the slides'
 * measure), and receive + transmit over TinyNF's beside the slides' 100 / 35. The README holds the
 * rendering between two markers; {@code InstructionGroupsReadmeTest} fails when it differs from
 * what this class renders from the CSV, and {@link #main} writes it.
 */
public final class InstructionGroupsReadme {
    /** The line before the generated block. */
    public static final String BEGIN = "<!-- instruction-groups: generated from results/cost-account.csv by"
            + " InstructionGroupsReadme; do not edit -->";
    /** The line after it. */
    public static final String END = "<!-- /instruction-groups -->";

    /** The slides' receive + transmit counts, DPDK's over TinyNF's: "100 for DPDK", "35 instructions". */
    static final double SLIDES_RATIO = 100.0 / 35.0;
    /** How far from the slides' ratio ours may be and still reproduce it. */
    static final double RATIO_TOLERANCE = 0.30;

    /** The columns after receive + transmit; what is left (clock, JDK, JVM) is one column. */
    private static final List<String> OTHERS = List.of(DriverParts.LOOP, "NF", "loop", "model");

    private InstructionGroupsReadme() {
    }

    /** The block, markers included, for {@code accountCsv}. */
    public static String render(final Path accountCsv) {
        final Map<String, Map<String, Double>> groups = groupsByDriver(accountCsv);
        final StringBuilder md = new StringBuilder(BEGIN).append('\n');
        md.append("| driver | receive | transmit | receive or transmit | **receive + transmit** | driver loop | NF | loop"
                + " | model | the rest | all groups |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final String driver : Table4.DRIVERS) {
            final Map<String, Double> g = groups.get(driver);
            if (g == null) {
                md.append("| ").append(driver).append(" |").append(" - |".repeat(10)).append('\n');
                continue;
            }
            final double all = g.values().stream().mapToDouble(Double::doubleValue).sum();
            final double rest = all - sum(g, DriverParts.RECEIVE_TRANSMIT) - sum(g, OTHERS);
            md.append("| ").append(driver);
            for (final String group : DriverParts.RECEIVE_TRANSMIT) {
                md.append(" | ").append(oneDecimal(g.getOrDefault(group, 0.0)));
            }
            md.append(" | **").append(oneDecimal(sum(g, DriverParts.RECEIVE_TRANSMIT))).append("**");
            for (final String group : OTHERS) {
                md.append(" | ").append(oneDecimal(g.getOrDefault(group, 0.0)));
            }
            md.append(" | ").append(oneDecimal(rest)).append(" | ").append(oneDecimal(all)).append(" |\n");
        }
        md.append('\n').append(ratios(groups)).append('\n');
        return md.append(END).toString();
    }

    /** The sentence on receive + transmit over TinyNF's, for every other driver, against the slides' ratio. */
    static String ratios(final Map<String, Map<String, Double>> groups) {
        final Optional<Double> tinynf = Optional.ofNullable(groups.get("tinynf"))
                .map(g -> sum(g, DriverParts.RECEIVE_TRANSMIT));
        if (tinynf.isEmpty()) {
            return "No TinyNF row: no ratio to the slides' 100 / 35.";
        }
        final StringBuilder sentence = new StringBuilder("Receive + transmit over TinyNF's:");
        String separator = " ";
        for (final String driver : Table4.DRIVERS) {
            final Map<String, Double> g = groups.get(driver);
            if (driver.equals("tinynf") || g == null) {
                continue;
            }
            final double ratio = sum(g, DriverParts.RECEIVE_TRANSMIT) / tinynf.get();
            sentence.append(separator).append(driver).append(' ').append(String.format(Locale.ROOT, "%.2f", ratio))
                    .append(Math.abs(ratio / SLIDES_RATIO - 1) <= RATIO_TOLERANCE
                            ? String.format(Locale.ROOT, " (within %.0f %%)", 100 * RATIO_TOLERANCE) : "");
            separator = ", ";
        }
        return sentence.append(String.format(Locale.ROOT, "; the slides' 100 / 35 is %.2f, and within %.0f %% of it is"
                        + " %.2f to %.2f. The slides do not say which DPDK (batch size) their 100 counts.", SLIDES_RATIO,
                100 * RATIO_TOLERANCE, SLIDES_RATIO * (1 - RATIO_TOLERANCE), SLIDES_RATIO * (1 + RATIO_TOLERANCE)))
                .toString();
    }

    /** Per driver (nop rows), group to instructions per packet: the CSV's {@code *} rows. */
    static Map<String, Map<String, Double>> groupsByDriver(final Path accountCsv) {
        final Map<String, Map<String, Double>> groups = new LinkedHashMap<>();
        final String nop = Table4.VARIANTS.get(0).nf();
        for (final CsvFile.Row r : CsvFile.read(accountCsv, CallgrindAccount.HEADER).rows()) {
            if (r.text("nf").equals(nop) && r.text("function").equals("*")) {
                groups.computeIfAbsent(r.text("driver"), d -> new LinkedHashMap<>())
                        .put(r.text("group"), r.number("instructions_per_packet"));
            }
        }
        return groups;
    }

    private static double sum(final Map<String, Double> groups, final List<String> names) {
        return names.stream().mapToDouble(n -> groups.getOrDefault(n, 0.0)).sum();
    }

    private static String oneDecimal(final double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * Writes the block into the README. Arguments: {@code harness/README.md results/cost-account.csv}.
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: InstructionGroupsReadme harness/README.md results/cost-account.csv");
        }
        new ReadmeBlock(BEGIN, END).rewrite(Path.of(args[0]), render(Path.of(args[1])));
    }
}
