package nicharness.harness.plot;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words charts use for things the CSV files name in code: NFs as the paper's tables name
 * them, loss thresholds as percentages, lists of drivers in legend order.
 */
final class Words {

    private static final Map<String, String> NF = Map.of("nat", "NAT", "bridge", "Bridge", "lb", "LB", "policer", "Policer",
            "firewall", "FW", "nop", "No-op", "nop-untouched", "No-op", "nop-write", "Write", "nop-lookup", "Lookup");

    private Words() {
    }

    /** The NF as the paper's tables name it ({@code lb} is "LB"), or its registry name. */
    static String nf(final String nf) {
        return NF.getOrDefault(nf, nf);
    }

    /** A fraction as a percentage with no needless digits: 0.003 is "0.3 %". */
    static String percent(final double fraction) {
        return number(fraction * 100) + " %";
    }

    /** A number with up to three decimals and no trailing zeros. */
    static String number(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e12) {
            return Long.toString((long) value);
        }
        final String text = String.format(Locale.ROOT, "%.3f", value);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** "2-way" or "1-way". */
    static String directions(final int directions) {
        return directions + "-way";
    }

    /**
     * The caption sentence naming what the tester rather than the driver limited, grouped by
     * driver ("DPDK, batched at 0×, 1× and 4×; TinyNF at max"), or empty when nothing was.
     *
     * @param limited     driver label to the points it limited, in order
     * @param preposition what goes between a driver and its points: "at", "on"
     * @param throughput  whether the values are throughputs (then lower bounds) or latencies
     *                    (then measured while the tester lagged)
     */
    static String testerLimited(final java.util.Map<String, List<String>> limited, final String preposition,
                                final boolean throughput) {
        if (limited.isEmpty()) {
            return "";
        }
        final List<String> parts = new java.util.ArrayList<>();
        limited.forEach((driver, where) -> parts.add(driver + " " + preposition + " " + (where.size() == 1 ? where.getFirst()
                : String.join(", ", where.subList(0, where.size() - 1)) + " and " + where.getLast())));
        return (throughput ? " Limited by the tester, not the driver (a lower bound): "
                : " Measured while the tester, not the driver, was the limit: ") + String.join("; ", parts) + ".";
    }

    /**
     * The caption sentence naming the points measured above their configuration's own maximum
     * throughput, or empty when there are none: their queue grew for the whole level, so their
     * latency is the queue's length, not the driver's.
     *
     * @param overloaded  driver label to its overloaded points, in order
     * @param preposition what goes between a driver and its points: "at", "on"
     * @param hollow      whether the chart draws these points hollow
     */
    static String overloaded(final java.util.Map<String, List<String>> overloaded, final String preposition, final boolean hollow) {
        if (overloaded.isEmpty()) {
            return "";
        }
        final List<String> parts = new java.util.ArrayList<>();
        overloaded.forEach((driver, where) -> parts.add(driver + " " + preposition + " " + String.join(", ", where)));
        return " Above the driver's measured maximum, so the latency is an overloaded queue's" + (hollow ? " (hollow markers)" : "")
                + ": " + String.join("; ", parts) + ".";
    }

    /**
     * The caption sentence naming the points left out because no latency probe came back (the
     * summary of an empty histogram is all zeros), or empty when there are none.
     */
    static String noProbes(final java.util.Map<String, List<String>> missing, final String preposition) {
        if (missing.isEmpty()) {
            return "";
        }
        final List<String> parts = new java.util.ArrayList<>();
        missing.forEach((driver, where) -> parts.add(driver + " " + preposition + " " + String.join(", ", where)));
        return " No probe came back, so no latency: " + String.join("; ", parts) + ".";
    }

    /** The legend labels of {@code drivers}, joined for a sentence: "DPDK and TinyNF". */
    static String drivers(final Collection<String> drivers) {
        final List<String> labels = DriverStyle.inLegendOrder(drivers).stream().map(d -> DriverStyle.of(d).label()).toList();
        if (labels.size() <= 1) {
            return String.join("", labels);
        }
        return String.join("; ", labels.subList(0, labels.size() - 1)) + " and " + labels.getLast();
    }
}
