package nicharness.harness.plot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nicharness.harness.plan.Experiment;

/**
 * Table 3 as grouped bars: for each verified NF (NAT, bridge, LB, policer, firewall), the
 * throughput of each driver at the 0.1 % loss threshold, and its median and 99th-percentile
 * latency at the 1 Gb/s background load (paper section 4, Table 3). The paper compares Vigor's
 * verified DPDK with TinyNF; the other variants are extra bars.
 *
 * <p>Reads {@code summary.csv}: the lines of configurations that served {@code table3}, metric
 * {@code throughput_gbps} (no level), or the latency metric at the level whose {@code load_gbps}
 * is closest to 1 Gb/s.
 */
final class Table3Chart {

    private Table3Chart() {
    }

    /**
     * One chart of Table 3.
     *
     * @param name   the file name
     * @param title  the title
     * @param metric the metric drawn
     * @param yAxis  the value axis' title
     * @param scale  what the CSV's values are multiplied by for the axis (ns to µs: 0.001)
     */
    record Spec(String name, String title, String metric, String yAxis, double scale) {
    }

    /** The three charts: throughput, median latency, 99th-percentile latency. */
    static final List<Spec> SPECS = List.of(
            new Spec("table3-throughput", "Verified NFs: throughput (Table 3)", "throughput_gbps", "Throughput (Gb/s)", 1),
            new Spec("table3-median-latency", "Verified NFs: median latency (Table 3)", "latency_p50_ns",
                    "Median latency (µs)", 0.001),
            new Spec("table3-p99-latency", "Verified NFs: 99th-percentile latency (Table 3)", "latency_p99_ns",
                    "99th-percentile latency (µs)", 0.001));

    /** The chart of {@code spec}, or empty when the summary has no Table 3 lines of its metric. */
    static Optional<Figure> draw(final Spec spec, final SummaryResults summary, final String runCaption) {
        final boolean throughput = spec.metric().startsWith("throughput");
        // only the lines this chart reads, so that a bad line of another metric leaves out only its own chart
        final List<SummaryResults.Line> served = summary.select(l -> l.serves(Experiment.TABLE3.id())
                && (l.metric().equals(spec.metric()) || l.metric().equals("load_gbps")));
        final List<SummaryResults.Line> lines = throughput
                ? served.stream().filter(l -> l.metric().equals(spec.metric()) && l.level().isEmpty()).toList()
                : atOneGbps(served, spec.metric());
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        final Set<String> nfsPresent = new LinkedHashSet<>();
        lines.forEach(l -> nfsPresent.add(l.nf()));
        final List<String> nfs = new ArrayList<>(Experiment.TABLE3_NFS.stream().filter(nfsPresent::contains).toList());
        nfsPresent.stream().filter(nf -> !nfs.contains(nf)).forEach(nfs::add);
        final List<String> drivers = DriverStyle.inLegendOrder(new TreeSet<>(lines.stream().map(SummaryResults.Line::driver).toList()));

        final List<BarChart.Series> series = new ArrayList<>();
        final Map<String, List<String>> limited = new LinkedHashMap<>();
        final Map<String, List<String>> noProbes = new LinkedHashMap<>();
        final Map<String, List<String>> overloaded = new LinkedHashMap<>();
        for (final String driver : drivers) {
            final DriverStyle style = DriverStyle.of(driver);
            final List<BarChart.Bar> bars = new ArrayList<>();
            for (final String nf : nfs) {
                final Optional<SummaryResults.Line> line = lines.stream().filter(l -> l.driver().equals(driver) && l.nf().equals(nf))
                        .findFirst();
                if (!throughput && line.isPresent() && line.get().spread().median() == 0) {
                    // a latency summary of no samples is all zeros: no probe came back, there is no latency to draw
                    noProbes.computeIfAbsent(style.label(), k -> new ArrayList<>()).add(Words.nf(nf));
                    bars.add(BarChart.Bar.NONE);
                    continue;
                }
                bars.add(line.map(l -> new BarChart.Bar(l.spread().median() * spec.scale(), l.spread().min() * spec.scale(),
                        l.spread().max() * spec.scale())).orElse(BarChart.Bar.NONE));
                line.filter(l -> l.testerLimited() > 0).ifPresent(l -> limited.computeIfAbsent(style.label(), k -> new ArrayList<>())
                        .add(Words.nf(nf)));
                line.filter(l -> l.overloaded() > 0).ifPresent(l -> overloaded.computeIfAbsent(style.label(), k -> new ArrayList<>())
                        .add(Words.nf(nf)));
            }
            series.add(new BarChart.Series(style.label(), style.colour(), bars));
        }
        final SummaryResults.Line first = lines.getFirst();
        final StringBuilder notes = new StringBuilder(Words.directions(first.directions())).append(", loss threshold ")
                .append(Words.percent(first.lossThreshold()));
        if (!throughput) {
            notes.append(", ").append(Words.number(loadOf(served, first))).append(" Gb/s of background load");
        }
        notes.append(". Bars: median of the repetitions; whiskers: min\u2013max. The paper compares DPDK (Vigor's verified "
                + "stack) with TinyNF; the other drivers are extra.");
        notes.append(Words.testerLimited(limited, "on", throughput));
        notes.append(Words.overloaded(overloaded, "on", false));
        notes.append(Words.noProbes(noProbes, "on"));
        return Optional.of(BarChart.figure(spec.name(), spec.title(), spec.yAxis(), nfs.stream().map(Words::nf).toList(),
                series, false, List.of(notes.toString(), runCaption)));
    }

    /** The lines of {@code metric} at each configuration's level closest to 1 Gb/s. */
    private static List<SummaryResults.Line> atOneGbps(final List<SummaryResults.Line> served, final String metric) {
        final List<SummaryResults.Line> chosen = new ArrayList<>();
        for (final SummaryResults.Line l : served) {
            if (!l.metric().equals(metric) || l.level().isEmpty()) {
                continue;
            }
            final double distance = Math.abs(loadOf(served, l) - Experiment.ONE_GBPS);
            final boolean closest = served.stream().filter(o -> o.metric().equals(metric) && o.workload().equals(l.workload())
                    && o.driver().equals(l.driver()) && !o.level().isEmpty())
                    .allMatch(o -> Math.abs(loadOf(served, o) - Experiment.ONE_GBPS) >= distance);
            if (closest && chosen.stream().noneMatch(c -> c.workload().equals(l.workload()) && c.driver().equals(l.driver()))) {
                chosen.add(l);
            }
        }
        return chosen;
    }

    /** The median {@code load_gbps} of {@code line}'s configuration and level, or NaN. */
    private static double loadOf(final List<SummaryResults.Line> served, final SummaryResults.Line line) {
        return served.stream().filter(o -> o.metric().equals("load_gbps") && o.workload().equals(line.workload())
                && o.driver().equals(line.driver()) && o.level().equals(line.level()))
                .mapToDouble(o -> o.spread().median()).findFirst().orElse(Double.NaN);
    }
}
