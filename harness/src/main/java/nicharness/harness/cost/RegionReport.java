package nicharness.harness.cost;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a workload under callgrind says about one measured region, printed as one line on its
 * standard output right after {@link RegionMarkers#end()}, and read back by {@link CallgrindRunner},
 * which pairs it with the dump of the same number.
 *
 * <p>Line format: {@code callgrind-region dump=3 packets=100000 emptyPolls=12}.
 *
 * @param dump       the dump number {@link RegionMarkers#end()} returned
 * @param packets    packets the measuring thread received and handed to the NF in the region
 * @param emptyPolls polls in the region that found nothing (their cost is fitted and left out)
 */
public record RegionReport(int dump, long packets, long emptyPolls) {

    private static final String PREFIX = "callgrind-region";
    private static final Pattern LINE = Pattern.compile(
            "^" + PREFIX + " dump=(\\d+) packets=(\\d+) emptyPolls=(\\d+)\\s*$");

    public RegionReport {
        if (dump < 1 || packets < 0 || emptyPolls < 0) {
            throw new IllegalArgumentException("a region needs dump >= 1 and non-negative counts: dump=" + dump
                    + " packets=" + packets + " emptyPolls=" + emptyPolls);
        }
    }

    /** The line the workload prints. */
    public String line() {
        return PREFIX + " dump=" + dump + " packets=" + packets + " emptyPolls=" + emptyPolls;
    }

    /** The report on {@code line}, or empty if the line is something else the workload printed. */
    public static Optional<RegionReport> parse(final String line) {
        final Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RegionReport(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)),
                Long.parseLong(m.group(3))));
    }
}
