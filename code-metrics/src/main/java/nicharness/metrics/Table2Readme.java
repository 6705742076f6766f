package nicharness.metrics;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The table of {@code code-metrics/README.md}, rendered from a {@code complexity.csv}, so that the
 * README never quotes a number the CSV does not hold: {@code ReadmeTableTest} fails when the README's
 * table differs from the one rendered from the CSV the current code produces, and rewrites it when
 * run with {@code -Dmetrics.writeReadme=true}.
 *
 * <p>Each row puts the paper's figures beside ours and explains the remaining difference in one line.
 */
public final class Table2Readme {
    private Table2Readme() {
    }

    /** The README's table lies between these two lines. */
    public static final String START = "<!-- table2: generated from complexity.csv by Table2Readme; do not edit -->";
    /** The line after the table. */
    public static final String END = "<!-- table2: end -->";

    /** Why our cell differs from the paper's, one line per driver and part. */
    static final Map<String, String> DIFFERENCES = Map.ofEntries(
            Map.entry("dpdk/init", "ours: queue set-up and the shared bring-up it runs (`DeviceBringUp`, `RegisterWait`); the paper's: DPDK's ixgbe init functions (`eth_ixgbe_dev_init`, configure, start, queue set-up and the base code they call), which cover every 82599 feature and PHY; init paths are not in the paper (ours multiply over the 128-queue register waits)"),
            Map.entry("dpdk/receive", "bulk-allocation receive (`ixgbe_recv_pkts_bulk_alloc`, the path the paper's configuration ran), not the scalar `ixgbe_recv_pkts` the paper analysed; allocation is one step each way (A_S = A_F = 1)"),
            Map.entry("dpdk/transmit", "same path (`ixgbe_xmit_pkts_simple`); the reclaim of T = 32 mbufs gives the paper's 2^32 factor; around it the counter finds 484 paths to the paper's 14, as it does not merge correlated tests the paper merged by hand: the fill's four-at-a-time part and its 0 to 3 left over (DPDK's `tx4` and `tx1`, the leftover written out) multiply with the wrap-around and RS tests"),
            Map.entry("ixy/init", "ours: queue set-up and the shared bring-up it runs (`DeviceBringUp`, `RegisterWait`), each step a function of its own; the paper's: ixy's 14 init functions (`reset_and_init` and the queue set-up it calls); init paths are not in the paper"),
            Map.entry("ixy/receive", "6 = the paper's 3 (no packet, A_F, A_S) x 2: the tail write's test `index != rxIndex` (ixy's `rx_index != last_rx_index`) follows from whether a packet was taken, which the paper reads off by hand and the counter, not correlating tests, counts both ways; the lines leave out ixy's interrupt code, which the paper's 63 hold"),
            Map.entry("ixy/transmit", "8 = 4 clean-up outcomes x 2 (ring full or not): ixy's wrap-around tests `cleanable < 0` and `cleanup_to >= num_entries` (x2 each in the paper's 6 failing + 8 succeeding = 14) are `& mask` here, no branch; ours adds 'cleaned one batch, next not done', which the paper assumes away (at most one batch), and does not correlate 'full' with having just cleaned"),
            Map.entry("tinynf/init", "ours: queue set-up and the shared bring-up it runs (`DeviceBringUp`, `RegisterWait`), split into small register-wait helpers; the paper's: `tn_net_device_init` and the three agent set-up functions, the bring-up inline; init paths are not in the paper"),
            Map.entry("tinynf/receive", "also recycles when the card owns no descriptor (a stall the original can enter, `Agent.recycle`): 2 more paths; split over small methods, the receive step (`Agent.received`) the one the handler-style loop `Agent.run` runs, so that the instruction account can tell receive's instructions in that loop"),
            Map.entry("tinynf/transmit", "equal at O = 1; for more outputs ours stays 4 (the slowest head picked with `Math.max`, no branch) where the C code branches per output: 2 + 2^O; more lines: the transmit step (`Agent.transmitted`) is the one `Agent.run` runs, the agent's periods as arguments and the RS slot on a path of its own (fewer instructions in C2's code), and `transmit` turns the agent's fields into those arguments"));

    /** The table rendered from {@code csv}: one row per driver and part, for one output. */
    public static String render(final Path csv) {
        final StringBuilder text = new StringBuilder();
        text.append(START).append('\n');
        text.append("| driver | part | functions | lines | paths (O=1) | cyclomatic | paper: functions / lines / paths (O=1) | why they differ |\n");
        text.append("|---|---|---:|---:|---:|---:|---|---|\n");
        for (final CSVRecord row : read(csv)) {
            if (!row.get("outputs").equals("1")) {
                continue;
            }
            final String key = row.get("driver") + "/" + row.get("part");
            final String why = DIFFERENCES.get(key);
            if (why == null) {
                throw new IllegalStateException("no explanation of the difference for " + key + " in Table2Readme.DIFFERENCES");
            }
            final String paperPaths = row.get("paper_paths_value").isEmpty() ? "–"
                    : ComplexityReport.readable(new BigInteger(row.get("paper_paths_value")));
            final String paper = row.get("paper_functions").isEmpty() ? "–"
                    : row.get("paper_functions") + " / " + row.get("paper_loc") + " / " + paperPaths;
            text.append("| ").append(row.get("driver")).append(" | ").append(row.get("part")).append(" | ")
                    .append(row.get("functions")).append(" | ").append(row.get("loc")).append(" | ")
                    .append(ComplexityReport.readable(new BigInteger(row.get("paths")))).append(" | ")
                    .append(row.get("cyclomatic")).append(" | ").append(paper).append(" | ").append(why).append(" |\n");
        }
        text.append(END).append('\n');
        return text.toString();
    }

    /** The table in {@code readme}, from its start marker to its end marker, both included. */
    public static String current(final String readme) {
        final int start = readme.indexOf(START);
        final int end = readme.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException("the README has no generated Table 2 (markers " + START + " ... " + END + ")");
        }
        return readme.substring(start, end + END.length()) + "\n";
    }

    /** {@code readme} with its table replaced by {@code table}. */
    public static String replace(final String readme, final String table) {
        final String old = current(readme);
        return readme.replace(old, table);
    }

    private static List<CSVRecord> read(final Path csv) {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
    }
}
