package nicharness.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import nicharness.driver.Parameter;

/**
 * What the code alone cannot say about a driver's loops: that an array has one entry per output
 * (TinyNF's rings and tail registers), or that a loop from a computed start runs a configured
 * number of times (DPDK's reclaim of {@code tx_rs_thresh} mbufs). Declared per driver in
 * {@value #RESOURCE} (in this module), in two forms:
 *
 * <pre>
 * # a field, or an array field's length, that bounds counted loops: its value
 * &lt;driver&gt;.&lt;Class&gt;.&lt;field&gt; = O | &lt;number&gt; | &lt;parameter name&gt;
 * tinynf.Agent.rings = O
 * # one counted loop, by its method and variable: how many times it runs
 * &lt;driver&gt;.&lt;Class&gt;.&lt;method&gt;.&lt;loop variable&gt; = O | &lt;number&gt; | &lt;parameter name&gt;
 * dpdk.TxQueue.freeBufs.i = tx_rs_thresh
 * </pre>
 *
 * {@code O} is the number of outputs the measurement counts for; a parameter name stands for that
 * parameter's default value. A field's value gives each loop it bounds its count through the
 * loop's start and step ({@code for (n = 1; n < rings.length; n++)} runs O - 1 times). This is the
 * list TinyNF keeps in {@code experiments/code-metrics} (which functions count, and how) in a form
 * the measurement reads; every entry must match a counted loop of its driver, which
 * {@code DriversTest} checks, so a renamed variable cannot leave a stale entry behind silently.
 */
final class LoopBindings {

    /** The declarations, on the class path of this module. */
    static final String RESOURCE = "/nicharness/metrics/loop-bounds.properties";

    /** The value that stands for the number of outputs. */
    static final String OUTPUTS = "O";

    private final String driver;
    private final Map<String, String> counts;

    LoopBindings(final String driver, final Map<String, String> counts) {
        this.driver = driver;
        this.counts = Map.copyOf(counts);
    }

    /** No declared loop: every bound follows the general rules. */
    static LoopBindings none(final String driver) {
        return new LoopBindings(driver, Map.of());
    }

    /** The declarations for {@code driver} in {@value #RESOURCE}. */
    static LoopBindings forDriver(final String driver) {
        final Properties properties = new Properties();
        try (InputStream in = LoopBindings.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path of code-metrics");
            }
            properties.load(in);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        final Map<String, String> counts = new TreeMap<>();
        final String prefix = driver + ".";
        for (final String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                counts.put(key.substring(prefix.length()), properties.getProperty(key).trim());
            }
        }
        return new LoopBindings(driver, counts);
    }

    /** Every declared loop, as {@code Class.method.variable}. */
    List<String> keys() {
        return counts.keySet().stream().sorted().toList();
    }

    /** The key of {@code loop} in {@code method}: {@code Agent.transmit.n}. */
    static String loopKey(final MethodRef method, final CountedLoop loop) {
        return method.ownerSimpleName().replace('$', '.') + "." + method.name() + "." + loop.variable();
    }

    /**
     * The declared value of {@code key}, a loop or a field: {@code outputs} for O, a number, or
     * the default of the named parameter.
     *
     * @throws IllegalStateException for a value that is none of these, naming what is accepted
     */
    Optional<Long> value(final String key, final int outputs, final List<Parameter> parameters) {
        final String value = counts.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (OUTPUTS.equals(value)) {
            return Optional.of((long) outputs);
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (final NumberFormatException notANumber) {
            for (final Parameter parameter : parameters) {
                if (parameter.name().equals(value)) {
                    try {
                        return Optional.of(Long.parseLong(parameter.defaultValue().trim()));
                    } catch (final NumberFormatException e) {
                        throw new IllegalStateException(RESOURCE + ": " + driver + "." + key + " = " + value
                                + " names a parameter whose default is not a number: " + parameter.defaultValue());
                    }
                }
            }
            final Map<String, String> known = new LinkedHashMap<>();
            parameters.forEach(p -> known.put(p.name(), p.defaultValue()));
            throw new IllegalStateException(RESOURCE + ": " + driver + "." + key + " = " + value
                    + " is neither O, a number, nor a parameter of driver " + driver + "; its parameters: " + known);
        }
    }

    /** True if {@code key} is declared to be the number of outputs. */
    boolean isOutputs(final String key) {
        return OUTPUTS.equals(counts.get(key));
    }
}
