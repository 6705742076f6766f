package nicharness.harness.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One callgrind dump file: which thread and which dump it is, and how many instructions it holds.
 *
 * <p>With {@code --separate-threads=yes} and {@code --callgrind-out-file=<dir>/callgrind.out.%p},
 * a dump triggered by {@code --dump-before} is named {@code callgrind.out.<pid>.<dump>-<thread>}
 * and the final dumps at exit {@code callgrind.out.<pid>-<thread>} (their {@code part:} header
 * continues the numbering, so the dump number is taken from the name). The thread is the
 * {@code thread:} header; the instructions are the {@code Ir} column of the {@code summary:} line,
 * the total cost of this part (callgrind's file format, "Summary").
 *
 * @param file         the dump file
 * @param dump         the dump number, from the name; 0 for a final dump at exit
 * @param thread       callgrind's thread number (1 is the launcher's primordial thread, 2 the Java main thread)
 * @param instructions instructions executed ({@code Ir}) by that thread in that part
 */
public record CallgrindDump(Path file, int dump, int thread, long instructions) {

    private static final Pattern NAME = Pattern.compile("^callgrind\\.out\\.(\\d+)(?:\\.(\\d+))?-(\\d+)$");

    /** Whether {@code file}'s name is that of a dump triggered by a region marker (not a final one). */
    public static boolean isRegionDump(final Path file) {
        final Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() && m.group(2) != null;
    }

    /** Whether {@code file}'s name is that of a region dump of process {@code pid}. */
    public static boolean isRegionDumpOf(final Path file, final long pid) {
        final Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() && m.group(2) != null && Long.parseLong(m.group(1)) == pid;
    }

    /**
     * Reads the header and summary of a dump file.
     *
     * @throws IOException if the file cannot be read or is not a callgrind dump with an {@code Ir} event
     */
    public static CallgrindDump read(final Path file) throws IOException {
        Integer thread = null;
        String[] events = null;
        String summary = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("thread:")) {
                    thread = Integer.valueOf(line.substring(7).trim());
                } else if (line.startsWith("events:")) {
                    events = line.substring(7).trim().split("\\s+");
                } else if (line.startsWith("summary:")) {
                    summary = line.substring(8).trim();
                    break; // the header ends here; the cost lines that follow are not needed
                }
            }
        }
        if (events == null || summary == null) {
            throw new IOException("not a complete callgrind dump (no 'events:' or 'summary:' line): " + file);
        }
        final int ir = indexOf(events, "Ir");
        if (ir < 0) {
            throw new IOException("callgrind dump " + file + " does not count instructions (events: "
                    + String.join(" ", events) + "); run callgrind without --collect-... options that drop Ir");
        }
        final String[] costs = summary.split("\\s+");
        final long instructions = ir < costs.length ? Long.parseLong(costs[ir]) : 0; // callgrind omits trailing zeros
        return new CallgrindDump(file, nameDump(file).orElse(0), thread == null ? 1 : thread, instructions);
    }

    private static int indexOf(final String[] events, final String event) {
        for (int i = 0; i < events.length; i++) {
            if (events[i].equals(event)) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<Integer> nameDump(final Path file) {
        final Matcher m = NAME.matcher(file.getFileName().toString());
        return m.matches() && m.group(2) != null ? Optional.of(Integer.valueOf(m.group(2))) : Optional.empty();
    }
}
