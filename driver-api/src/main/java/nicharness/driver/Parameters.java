package nicharness.driver;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a driver's parameter overrides against its declared {@link Parameter}s: unknown names and
 * malformed values are refused at start-up with a message naming the parameter, the value and the
 * accepted range, so a typo never silently runs the defaults.
 */
public final class Parameters {
    private final String model;
    private final Map<String, Parameter> declared;
    private final Map<String, String> overrides;

    public Parameters(final String model, final List<Parameter> declared, final Map<String, String> overrides) {
        this.model = model;
        this.declared = declared.stream().collect(Collectors.toMap(Parameter::name, p -> p));
        this.overrides = overrides;
        for (final String name : overrides.keySet()) {
            if (!this.declared.containsKey(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' for driver " + model
                        + "; known parameters: " + this.declared.keySet().stream().sorted().toList());
            }
        }
    }

    /** The value of {@code name} as an int in [min, max]. */
    public int intValue(final String name, final int min, final int max) {
        final Parameter parameter = declared.get(name);
        if (parameter == null) {
            throw new IllegalStateException("driver " + model + " reads undeclared parameter " + name);
        }
        final String text = overrides.getOrDefault(name, parameter.defaultValue());
        final int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " of driver " + model
                    + " must be an integer: " + name + "=" + text);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("parameter " + name + " of driver " + model + " must be in ["
                    + min + ", " + max + "]: " + name + "=" + value);
        }
        return value;
    }

    /** The value of {@code name} as an int in [min, max] that is a power of two. */
    public int powerOfTwo(final String name, final int min, final int max) {
        final int value = intValue(name, min, max);
        if (Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException("parameter " + name + " of driver " + model
                    + " must be a power of two: " + name + "=" + value);
        }
        return value;
    }
}
