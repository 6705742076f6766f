package nicharness.driver;

import java.util.List;

/**
 * A driver model the harness can run, found with {@link java.util.ServiceLoader} (each driver
 * module lists its variants in {@code META-INF/services/nicharness.driver.DriverModel}).
 * See {@link DriverRegistry}.
 */
public interface DriverModel {

    /** The registry name: {@code tinynf}, {@code dpdk}, {@code dpdk-batched}, {@code ixy}, {@code ixy-batched}. */
    String name();

    /** One line for {@code --help}: the model and its batch size. */
    String description();

    /** Every tunable of this variant, with the paper's value as its default. */
    List<Parameter> parameters();

    /**
     * Checks every parameter, then brings up every port (datasheet 4.6.3), sets up this model's
     * queues, and returns a driver ready to poll. Nothing touches a device before every parameter
     * is known to be valid.
     *
     * @throws IllegalArgumentException for an unknown parameter name or an invalid value, naming both
     * @throws nicharness.ixgbe.DeviceInitException (an {@link IllegalStateException}) when a port does
     *         not come up, naming the port and the register bit that never reached its value
     * @throws IllegalStateException when a queue cannot be set up, naming the port and the register
     */
    Driver open(DriverSetup setup);
}
