package nicharness.driver;

/**
 * A named, documented tunable of a driver model.
 *
 * @param name         the name used on the command line and in {@link DriverSetup#parameters()}
 * @param defaultValue the paper's value
 * @param description  what it controls, its limits, and where the default comes from
 */
public record Parameter(String name, String defaultValue, String description) {
}
