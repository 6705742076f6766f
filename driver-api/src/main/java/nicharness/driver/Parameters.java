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

    /**
     * @param model     the driver's registry name, for messages
     * @param declared  the driver's parameters ({@link DriverModel#parameters()})
     * @param overrides the values given, by name; every name must be declared
     * @throws IllegalArgumentException naming an unknown parameter and the known ones
     */
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

    /** The value of {@code name} as given, or its default, without leading or trailing blanks. */
    public String text(final String name) {
        return overrides.getOrDefault(name, declaredParameter(name).defaultValue()).trim();
    }

    /** Whether {@code name} was given, rather than left at its default. */
    public boolean isSet(final String name) {
        declaredParameter(name);
        return overrides.containsKey(name);
    }

    /** The value of {@code name} as an int in [min, max]. */
    public int intValue(final String name, final int min, final int max) {
        final String text = text(name);
        final int value;
        try {
            value = Integer.parseInt(text);
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

    /** A driver reading a name it did not declare is a bug in the driver, not in the user's input. */
    private Parameter declaredParameter(final String name) {
        final Parameter parameter = declared.get(name);
        if (parameter == null) {
            throw new IllegalStateException("driver " + model + " reads undeclared parameter " + name);
        }
        return parameter;
    }
}
