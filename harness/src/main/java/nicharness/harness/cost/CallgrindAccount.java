package nicharness.harness.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nicharness.driver.DriverPart;
import nicharness.harness.output.CsvWriter;

/**
 * Where a driver's instructions per packet go: the per-function account behind one
 * {@code instructions_per_packet} row of {@link CallgrindCost}, by compiled method, each method in
 * one of the groups the comparison with the C originals needs (driver receive, driver transmit,
 * the NF, the loop around them, the clock, the model's code on the driver's thread, the JVM).
 *
 * <p>How the addresses get names. Callgrind sees JIT-compiled code as unnamed addresses (its
 * {@code fn=} names are hexadecimal), so the run adds {@code --dump-instr=yes} (each cost line is an
 * instruction address) and the JVM writes its code map at exit
 * ({@code -XX:+DumpPerfMapAtExit}: one line {@code start size name} per compiled method, stub and
 * the interpreter, in {@code /tmp/perf-<pid>.map}, the file Linux {@code perf} reads). Under
 * {@code -Xbatch -XX:-TieredCompilation} the code of the measured regions is compiled before the
 * first region and is not moved afterwards, so the map written at exit names it. An address in no
 * entry of the map is native code (the JVM's C++ or libc) and keeps callgrind's own name for it.
 *
 * <p>What a row means. A method is a unit of C2's output, so a callee that C2 inlined is in its
 * caller's code: TinyNF's {@code Agent.run}, its packet handler and the no-op NF are inlined into
 * {@code TinyNfDriver.pollOnce} (or further, into the rig's round). So a row is a compiled method
 * and a group: with the code's print ({@code callgrind-cost --account} asks for it), each
 * instruction of a printed method counts in the group its inlining chain says ({@link DriverParts},
 * {@link InstructionScopes}), and one compiled loop gives a row for its receive, one for its
 * transmit, one for its NF. A row's share per packet is the median of its self cost over the measured regions
 * minus its median over the empty regions (the markers' own cost), divided by the packets of a
 * region: the same regions and the same subtraction as the {@link InstructionsPerPacket fit}, so the
 * rows add up to the fitted count within a few instructions.
 *
 * <p>Groups:
 * <ul>
 * <li>{@code driver receive} / {@code driver transmit}: code of a driver method that the
 *     {@link DriverPart} RECEIVE or TRANSMIT entry points reach, and only one of them;</li>
 * <li>{@code driver receive or transmit}: code of a helper both reach that no caller in its chain
 *     decides (TinyNF's flush and recycle when compiled on their own: receive flushes and recycles
 *     when it finds nothing, transmit after its period);</li>
 * <li>{@code driver loop}: any other code of a driver package (the run loop, the handler that turns
 *     the NF's answer into outputs, the driver's counters);</li>
 * <li>{@code NF}: the {@code nicharness.nf} packages compiled on their own;</li>
 * <li>{@code loop}: the rig that calls the driver's poll (the measurement's own loop);</li>
 * <li>{@code clock}: {@code System.nanoTime} and the project's clocks;</li>
 * <li>{@code model}: the software 82599's code run on the driver's thread, at a register write
 *     (a single store on a card), and the deferred rig's posted write that stands for that store
 *     ({@code nicharness.testbed.PostedWrites});</li>
 * <li>{@code JDK}: JDK methods compiled on their own (not inlined into the caller);</li>
 * <li>{@code JVM}: the interpreter, stubs, adapters and the JVM's native code.</li>
 * </ul>
 */
public final class CallgrindAccount {

    /**
     * The JVM options that make the JVM write its code map at exit, and print the project's
     * compiled methods with the inlining chain of most instructions ({@link CompiledCodePrint}); the
     * chains change no instruction (the same count with and without them).
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UnlockDiagnosticVMOptions",
            "-XX:+DumpPerfMapAtExit", "-XX:+DebugNonSafepoints", "-XX:CompileCommand=print,nicharness.*::*");

    /** The valgrind option that makes each cost line an instruction address. */
    public static final List<String> VALGRIND_OPTIONS = List.of("--dump-instr=yes");

    /** Where HotSpot writes the map of process {@code pid} (fixed by the JVM: {@code os::get_temp_directory()}). */
    static Path perfMapOf(final long pid) {
        return Path.of("/tmp", "perf-" + pid + ".map");
    }

    /** The packages of the driver models, for the driver groups. */
    static final List<String> DRIVER_PACKAGES = List.of("nicharness.tinynf.", "nicharness.dpdk.",
            "nicharness.ixy.");

    /**
     * One row of the account.
     *
     * @param group                 one of the groups of the class comment
     * @param function              the compiled method's name as the JVM's map gives it, or native code's name
     * @param instructionsPerPacket its self cost per packet, the markers' cost taken out
     */
    public record Line(String group, String function, double instructionsPerPacket) {
    }

    /** One compiled method or stub in the JVM's map. */
    record Symbol(long start, long size, String name) {
    }

    private CallgrindAccount() {
    }

    /**
     * The account of one run: for each function, the median self cost over the measured regions
     * minus the median over the empty ones, per packet; largest first, functions under a hundredth
     * of an instruction per packet left out.
     *
     * @param regions the regions the run reported (with {@code packets == 0} for the empty ones)
     * @param dumps   each region's dump file, by dump number
     * @param perfMap the JVM's code map written at exit
     * @throws IOException if a file cannot be read, or there are no measured or no empty regions
     */
    public static List<Line> account(final List<RegionCount> regions, final Map<Integer, Path> dumps,
                                     final Path perfMap) throws IOException {
        return account(regions, dumps, perfMap, BY_FUNCTION);
    }

    /**
     * Which group the instruction at an address counts in, given the name of the function that
     * holds it ({@link #nameAt}).
     */
    @FunctionalInterface
    interface Attribution {
        String groupOf(long address, String function);
    }

    /** Each instruction in the group of the compiled method that holds it. */
    static final Attribution BY_FUNCTION = (address, function) -> group(function);

    /**
     * Each instruction of a printed compiled method in the group its inlining chain says
     * ({@link DriverParts}); other instructions, and those whose chain does not say, in the group of
     * the method that holds them.
     */
    static Attribution byInstruction(final InstructionScopes scopes, final DriverParts parts) {
        return (address, function) -> {
            final String g = parts.groupOf(scopes.chainAt(address));
            return g != null ? g : group(function);
        };
    }

    /**
     * The account of one run, each instruction counted in the group {@code attribution} gives it:
     * one line per function and group.
     */
    static List<Line> account(final List<RegionCount> regions, final Map<Integer, Path> dumps,
                              final Path perfMap, final Attribution attribution) throws IOException {
        final NavigableMap<Long, Symbol> symbols = readPerfMap(perfMap);
        final List<Map<String, Long>> measured = new ArrayList<>();
        final List<Map<String, Long>> empty = new ArrayList<>();
        long packets = -1;
        for (final RegionCount region : regions) {
            final Path dump = dumps.get(region.dump());
            if (dump == null) {
                throw new IOException("no dump file for region " + region.dump() + " (dumps: " + dumps.keySet() + ")");
            }
            final Map<String, Long> costs = selfCosts(dump, symbols, attribution);
            if (region.packets() == 0) {
                empty.add(costs);
            } else {
                if (packets >= 0 && packets != region.packets()) {
                    throw new IOException("the account needs measured regions of one size; got " + packets + " and "
                            + region.packets() + " packets");
                }
                packets = region.packets();
                measured.add(costs);
            }
        }
        if (measured.isEmpty() || empty.isEmpty()) {
            throw new IOException("the account needs measured regions and empty regions (for the markers' cost); got "
                    + measured.size() + " measured and " + empty.size() + " empty");
        }
        final List<String> functions = new ArrayList<>();
        for (final Map<String, Long> m : measured) {
            m.keySet().stream().filter(f -> !functions.contains(f)).forEach(functions::add);
        }
        for (final Map<String, Long> m : empty) {
            m.keySet().stream().filter(f -> !functions.contains(f)).forEach(functions::add);
        }
        final List<Line> lines = new ArrayList<>();
        for (final String function : functions) {
            final double perPacket = (median(measured, function) - median(empty, function)) / packets;
            if (Math.abs(perPacket) >= 0.01) {
                final int tab = function.indexOf(KEY_SEPARATOR);
                lines.add(new Line(function.substring(0, tab), function.substring(tab + 1), perPacket));
            }
        }
        lines.sort(Comparator.comparingDouble(Line::instructionsPerPacket).reversed());
        return lines;
    }

    private static double median(final List<Map<String, Long>> regions, final String function) {
        final long[] values = regions.stream().mapToLong(m -> m.getOrDefault(function, 0L)).sorted().toArray();
        final int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }

    /** The groups, in the order of the class comment. */
    static final List<String> GROUPS = List.of(DriverParts.RECEIVE, DriverParts.TRANSMIT, DriverParts.SHARED,
            DriverParts.LOOP, "NF", "loop", "clock", "model", "JDK", "JVM");

    /** The totals per group, in the order of the class comment. */
    public static Map<String, Double> byGroup(final List<Line> lines) {
        final Map<String, Double> totals = new LinkedHashMap<>();
        for (final String g : GROUPS) {
            totals.put(g, 0.0);
        }
        for (final Line line : lines) {
            totals.merge(line.group(), line.instructionsPerPacket(), Double::sum);
        }
        return totals;
    }

    /**
     * The group of a function named as the JVM's map names a compiled method
     * ({@code "boolean nicharness.tinynf.Agent.receive(nicharness.nf.Packet)"}), or native code.
     */
    static String group(final String function) {
        final Matcher m = METHOD.matcher(function);
        if (!m.matches()) {
            return "JVM"; // the interpreter, stubs, adapters, the JVM's own C++ and libc
        }
        final String className = m.group(1);
        final String method = m.group(2);
        if (isClock(className, method)) {
            return "clock";
        }
        if (DRIVER_PACKAGES.stream().anyMatch(className::startsWith)) {
            return switch (driverPart(className, method)) {
                case RECEIVE -> "driver receive";
                case TRANSMIT -> "driver transmit";
                case null, default -> "driver loop";
            };
        }
        if (className.startsWith("nicharness.nf.")) {
            return "NF";
        }
        if (isModel(className)) {
            return "model";
        }
        if (className.startsWith("nicharness.")) {
            return "loop";
        }
        return "JDK";
    }

    /** Whether that method is the clock: {@code System.nanoTime} or one of the project's clocks. */
    static boolean isClock(final String className, final String method) {
        return className.equals("java.lang.System") && method.equals("nanoTime")
                || className.startsWith("nicharness.nf.Clock") || className.endsWith("Clock");
    }

    /** Whether that class is the model's, or the deferred rig's posted writes that stand for a store on a card. */
    static boolean isModel(final String className) {
        return className.startsWith("nicharness.model.") || className.startsWith(POSTED_WRITES);
    }

    /**
     * The deferred rig's posted register writes ({@code PostedWrites} and its register views): on
     * a card a register write is one store, and the driver's thread runs this code in its stead,
     * so it counts with the model, not with the rig's loop.
     */
    private static final String POSTED_WRITES = "nicharness.testbed.PostedWrites";

    /** {@code return-type class.method(arguments)}, as HotSpot's perf map writes a compiled method. */
    private static final Pattern METHOD = Pattern.compile("^\\S+ ([\\w.$]+)\\.([\\w$<>]+)\\(.*\\)$");

    /** The {@link DriverPart} of the driver method of that name, if one method of that name has one. */
    private static DriverPart.Part driverPart(final String className, final String method) {
        try {
            final Class<?> type = Class.forName(className, false, CallgrindAccount.class.getClassLoader());
            return Arrays.stream(type.getDeclaredMethods()).filter(x -> x.getName().equals(method))
                    .map(x -> x.getAnnotation(DriverPart.class)).filter(a -> a != null).map(DriverPart::value)
                    .findFirst().orElse(null);
        } catch (final ClassNotFoundException | LinkageError e) {
            return null; // a class of another class path: its methods count as the driver's loop
        }
    }

    /** Reads a HotSpot perf map: lines {@code start size name}, start and size in hexadecimal. */
    static NavigableMap<Long, Symbol> readPerfMap(final Path file) throws IOException {
        final NavigableMap<Long, Symbol> symbols = new TreeMap<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            final String[] parts = line.split(" ", 3);
            if (parts.length < 3) {
                continue;
            }
            final long start = Long.parseUnsignedLong(strip0x(parts[0]), 16);
            symbols.put(start, new Symbol(start, Long.parseUnsignedLong(strip0x(parts[1]), 16), parts[2].trim()));
        }
        if (symbols.isEmpty()) {
            throw new IOException("the JVM's code map " + file + " is empty: was the JVM run with "
                    + String.join(" ", JVM_OPTIONS) + "?");
        }
        return symbols;
    }

    private static String strip0x(final String hex) {
        return hex.startsWith("0x") ? hex.substring(2) : hex;
    }

    /** The name of the code at {@code address}: the map's entry holding it, else callgrind's function name. */
    private static String nameAt(final NavigableMap<Long, Symbol> symbols, final long address, final String native_) {
        final Map.Entry<Long, Symbol> e = symbols.floorEntry(address);
        if (e != null && address - e.getKey() < e.getValue().size()) {
            return e.getValue().name();
        }
        return native_;
    }

    /** Between a group and a function in the keys of {@link #selfCosts}. */
    private static final char KEY_SEPARATOR = '\t';

    /**
     * The self cost ({@code Ir}) of each function and group in one callgrind dump written with
     * {@code --dump-instr=yes}, keyed {@code group + '\t' + function}: every cost line's instruction
     * address named through the map, and put in the group {@code attribution} gives it.
     * Callgrind's format: {@code fn=(id) name} starts a function (later {@code fn=(id)} alone), a
     * {@code calls=} line is followed by the inclusive cost of that call (not self cost), and a
     * position is absolute ({@code 0x...}), relative ({@code +n}, {@code -n}) or the same ({@code *}).
     */
    static Map<String, Long> selfCosts(final Path dump, final NavigableMap<Long, Symbol> symbols,
                                       final Attribution attribution) throws IOException {
        final Map<String, String> names = new HashMap<>();
        final Map<String, Long> costs = new HashMap<>();
        String function = "?";
        long last = 0;
        boolean callCost = false;
        int irColumn = -1;
        try (BufferedReader in = Files.newBufferedReader(dump, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("positions:") && !line.contains("instr")) {
                    throw new IOException("callgrind dump " + dump + " has no instruction addresses (" + line
                            + "); run callgrind with " + String.join(" ", VALGRIND_OPTIONS));
                }
                if (line.startsWith("events:")) {
                    irColumn = List.of(line.substring(7).trim().split("\\s+")).indexOf("Ir");
                    continue;
                }
                if (line.startsWith("fn=") || line.startsWith("cfn=")) {
                    final int open = line.indexOf('(');
                    final int close = line.indexOf(')');
                    final String id = line.substring(open + 1, close);
                    if (close + 1 < line.length()) {
                        names.put(id, line.substring(close + 1).trim());
                    }
                    if (line.startsWith("fn=")) {
                        function = names.getOrDefault(id, id);
                    }
                    continue;
                }
                if (line.startsWith("calls=")) {
                    callCost = true;
                    continue;
                }
                final char first = line.charAt(0);
                if (!(Character.isDigit(first) || first == '+' || first == '-' || first == '*')) {
                    continue; // ob=, fl=, summary:, totals: and the other header lines
                }
                final String[] fields = line.split(" ");
                last = position(fields[0], last);
                if (callCost) {
                    callCost = false;
                    continue;
                }
                final int column = 1 + Math.max(irColumn, 0);
                final long ir = column < fields.length ? Long.parseLong(fields[column]) : 0;
                final String name = nameAt(symbols, last, function);
                costs.merge(attribution.groupOf(last, name) + KEY_SEPARATOR + name, ir, Long::sum);
            }
        }
        return costs;
    }

    private static long position(final String field, final long last) {
        if (field.equals("*")) {
            return last;
        }
        if (field.startsWith("+")) {
            return last + Long.decode(field.substring(1));
        }
        if (field.startsWith("-")) {
            return last - Long.decode(field.substring(1));
        }
        return Long.decode(field);
    }

    /** The dump files of process {@code pid}'s regions in {@code folder}, by dump number. */
    static Map<Integer, Path> regionDumps(final Path folder, final long pid) throws IOException {
        final Map<Integer, Path> dumps = new HashMap<>();
        final Pattern name = Pattern.compile("^callgrind\\.out\\.(\\d+)\\.(\\d+)-(\\d+)$");
        try (var files = Files.list(folder)) {
            for (final Path f : files.toList()) {
                final Matcher m = name.matcher(f.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) == pid) {
                    dumps.put(Integer.valueOf(m.group(2)), f);
                }
            }
        }
        return dumps;
    }

    /** The process id in the name of the first region dump in {@code folder}. */
    static long pidOfDumps(final Path folder) throws IOException {
        final Pattern name = Pattern.compile("^callgrind\\.out\\.(\\d+)\\.\\d+-\\d+$");
        try (var files = Files.list(folder)) {
            for (final Path f : files.toList()) {
                final Matcher m = name.matcher(f.getFileName().toString());
                if (m.matches()) {
                    return Long.parseLong(m.group(1));
                }
            }
        }
        throw new IOException("no region dump in " + folder);
    }

    /** The process id in the name of any callgrind dump in {@code folder} (region or final), if there is one. */
    static java.util.Optional<Long> pidOfAnyDump(final Path folder) throws IOException {
        final Pattern name = Pattern.compile("^callgrind\\.out\\.(\\d+)(?:[.-].*)?$");
        try (var files = Files.list(folder)) {
            return files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .map(m -> Long.valueOf(m.group(1))).findFirst();
        }
    }

    /** The CSV columns of {@link #write}. */
    static final List<String> HEADER = List.of("driver", "nf", "group", "function", "instructions_per_packet");

    /** One configuration's account, for {@link #write}. */
    public record Configuration(String driver, String nf, InstructionsPerPacket fit, List<Line> lines) {
        public Configuration {
            lines = List.copyOf(lines);
        }
    }

    /**
     * Writes the accounts: for each configuration, one row per group ({@code function} = {@code *}),
     * then one row per function, and a comment with the fitted count they add up to.
     */
    public static void write(final Path file, final List<Configuration> configurations, final String method)
            throws IOException {
        final List<String> comments = new ArrayList<>();
        comments.add("Per-packet instruction account (callgrind-cost --account): " + method);
        final List<List<String>> rows = new ArrayList<>();
        for (final Configuration c : configurations) {
            final double sum = c.lines().stream().mapToDouble(Line::instructionsPerPacket).sum();
            comments.add(String.format(Locale.ROOT, "%s %s: the functions add up to %.1f; fitted "
                    + "instructions_per_packet %.1f", c.driver(), c.nf(), sum, c.fit().perPacket()));
            for (final Map.Entry<String, Double> g : byGroup(c.lines()).entrySet()) {
                rows.add(Arrays.asList(c.driver(), c.nf(), g.getKey(), "*", format(g.getValue())));
            }
            for (final Line line : c.lines()) {
                rows.add(Arrays.asList(c.driver(), c.nf(), line.group(), line.function(), format(line.instructionsPerPacket())));
            }
        }
        CsvWriter.replace(file, HEADER, comments, rows);
    }

    private static String format(final double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
