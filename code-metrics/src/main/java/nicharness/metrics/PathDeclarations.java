package nicharness.metrics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nicharness.driver.Parameter;

/**
 * What the path counter cannot read from a driver's code, declared per driver in
 * {@value #RESOURCE} (in this module), one declaration per line:
 *
 * <pre>
 * # a field, or an array field's length, that bounds counted loops: its value
 * tinynf  Agent.transmitRegisters  = O
 * # one counted loop, by its method and variable: how many times it runs
 * tinynf  Agent.send.n             = O-1
 * dpdk    TxQueue.freeBufs.i       = tx_rs_thresh
 * # an assumption of the paper's analysis: a condition that holds whenever the method runs
 * dpdk    TxQueue.transmitBurst    assume nbPkts &lt;= 32
 * </pre>
 *
 * Values: {@code O} is the number of outputs the paths are counted for, {@code O-1} one less; a number; or a parameter
 * name, standing for that parameter's default. A field's value gives each loop it bounds its
 * count through the loop's start and step ({@code for (n = 1; n < rings.length; n++)} runs O - 1
 * times). An assumption's condition is written as {@link BranchCondition} writes branches back
 * (constants by value, {@code static} calls with their class); the branch testing it, or its
 * negation, then has one outcome.
 *
 * <p>This is the list TinyNF keeps in {@code experiments/code-metrics} (its {@code PathsIn*}
 * files state each analysis's assumptions in prose;
 * https://github.com/dslab-epfl/tinynf/tree/osdi20/experiments/code-metrics) in a form the
 * measurement reads. Every declaration must
 * match its driver's code; {@link #unused()} names the ones that did not, which
 * {@code DriversTest} turns into a failure, so a rename cannot leave a stale declaration behind
 * silently.
 */
final class PathDeclarations {

    /** The declarations, on the class path of this module. */
    static final String RESOURCE = "/nicharness/metrics/path-declarations.txt";

    /** The value that stands for the number of outputs. */
    static final String OUTPUTS = "O";
    /** The value that stands for one less than the number of outputs: a loop over the outputs after the first. */
    static final String OUTPUTS_BUT_ONE = "O-1";

    private static final String ASSUME = "assume";

    private final String driver;
    private final Map<String, String> values;
    private final Map<String, List<String>> assumptions;
    private final Set<String> used = new TreeSet<>();

    /**
     * @param driver      the driver's label
     * @param values      loop bounds and loop counts, by {@code Class.field} or {@code Class.method.variable}
     * @param assumptions conditions, by {@code Class.method}
     */
    PathDeclarations(final String driver, final Map<String, String> values, final Map<String, List<String>> assumptions) {
        this.driver = driver;
        this.values = Map.copyOf(values);
        final Map<String, List<String>> copy = new TreeMap<>();
        assumptions.forEach((method, conditions) -> copy.put(method, List.copyOf(conditions)));
        this.assumptions = copy;
    }

    /** No declaration: every loop and branch follows the general rules. */
    static PathDeclarations none(final String driver) {
        return new PathDeclarations(driver, Map.of(), Map.of());
    }

    /** The declarations for {@code driver} in {@value #RESOURCE}. */
    static PathDeclarations forDriver(final String driver) {
        try (InputStream in = PathDeclarations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path of code-metrics");
            }
            final List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
            return parse(driver, lines);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * The declarations for {@code driver} among {@code lines} in the format above.
     *
     * @throws IllegalStateException for a line that is not a declaration, naming it
     */
    static PathDeclarations parse(final String driver, final List<String> lines) {
        final Map<String, String> values = new LinkedHashMap<>();
        final Map<String, List<String>> assumptions = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String[] words = line.split("\\s+", 3);
            if (words.length < 3) {
                throw malformed(i, line);
            }
            if (!words[0].equals(driver)) {
                continue;
            }
            if (words[2].startsWith("=")) {
                values.put(words[1], words[2].substring(1).strip());
            } else if (words[2].startsWith(ASSUME + " ")) {
                assumptions.computeIfAbsent(words[1], m -> new ArrayList<>()).add(words[2].substring(ASSUME.length()).strip());
            } else {
                throw malformed(i, line);
            }
        }
        return new PathDeclarations(driver, values, assumptions);
    }

    private static IllegalStateException malformed(final int index, final String line) {
        return new IllegalStateException(RESOURCE + " line " + (index + 1) + " is not a declaration: '" + line
                + "'; expected '<driver> <Class.member> = <O|number|parameter>' or"
                + " '<driver> <Class.method> assume <condition>'");
    }

    /** The key of {@code loop} in {@code method}: {@code Agent.transmit.n}. */
    static String loopKey(final MethodRef method, final CountedLoop loop) {
        return methodKey(method) + "." + loop.variable();
    }

    /** The key of {@code method}: {@code Agent.transmit}. */
    static String methodKey(final MethodRef method) {
        return method.ownerSimpleName().replace('$', '.') + "." + method.name();
    }

    /**
     * The declared value of {@code key}, a loop or a field: {@code outputs} for O, a number, or
     * the default of the named parameter. A declaration found is marked used.
     *
     * @throws IllegalStateException for a value that is none of these, naming what is accepted
     */
    Optional<Long> value(final String key, final int outputs, final List<Parameter> parameters) {
        final String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        used.add(key);
        if (OUTPUTS.equals(value)) {
            return Optional.of((long) outputs);
        }
        if (OUTPUTS_BUT_ONE.equals(value)) {
            return Optional.of((long) outputs - 1);
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (final NumberFormatException notANumber) {
            for (final Parameter parameter : parameters) {
                if (parameter.name().equals(value)) {
                    try {
                        return Optional.of(Long.parseLong(parameter.defaultValue().trim()));
                    } catch (final NumberFormatException e) {
                        throw new IllegalStateException(RESOURCE + ": " + driver + " " + key + " = " + value
                                + " names a parameter whose default is not a number: " + parameter.defaultValue());
                    }
                }
            }
            final Map<String, String> known = new LinkedHashMap<>();
            parameters.forEach(p -> known.put(p.name(), p.defaultValue()));
            throw new IllegalStateException(RESOURCE + ": " + driver + " " + key + " = " + value
                    + " is neither O, O-1, a number, nor a parameter of driver " + driver + "; its parameters: " + known);
        }
    }

    /** True if {@code key} is declared to be the number of outputs, or one less. */
    boolean isOutputs(final String key) {
        return OUTPUTS.equals(values.get(key)) || OUTPUTS_BUT_ONE.equals(values.get(key));
    }

    /** The declared value of {@code key} as written ({@code O}, {@code O-1}, a number or a parameter), if declared. */
    Optional<String> written(final String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The conditions assumed in {@code method}, as written. */
    List<String> assumptions(final MethodRef method) {
        return assumptions.getOrDefault(methodKey(method), List.of());
    }

    /** Records that {@code condition}, assumed in {@code method}, settled a branch. */
    void markAssumptionUsed(final MethodRef method, final String condition) {
        used.add(methodKey(method) + " assume " + condition);
    }

    /** Every declaration that has matched nothing so far: stale after a rename, or misspelt. */
    List<String> unused() {
        final List<String> unused = new ArrayList<>();
        for (final String key : new TreeSet<>(values.keySet())) {
            if (!used.contains(key)) {
                unused.add(key + " = " + values.get(key));
            }
        }
        assumptions.forEach((method, conditions) -> {
            for (final String condition : conditions) {
                if (!used.contains(method + " assume " + condition)) {
                    unused.add(method + " assume " + condition);
                }
            }
        });
        return unused;
    }
}
