package nicharness.driver;

import nicharness.env.IdleStrategy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nicharness.env.DmaMemory;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;

/**
 * Everything a driver model needs to open: the ports it drives, the DMA memory it allocates rings
 * and buffers from, the NF it runs, the clock the NF sees, the idle policy for empty polls, and
 * overrides of its named parameters ({@link DriverModel#parameters()}); an absent name takes the
 * paper's default.
 */
public record DriverSetup(List<Port> ports, DmaMemory memory, NetworkFunction nf, Clock clock,
                          IdleStrategy idle, Map<String, String> parameters) {
    public DriverSetup {
        ports = List.copyOf(ports);
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(nf, "nf");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(idle, "idle");
        parameters = Map.copyOf(parameters);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a driver needs at least one port");
        }
        for (int i = 0; i < ports.size(); i++) {
            if (ports.get(i).index() != i) {
                throw new IllegalArgumentException("ports must be numbered 0, 1, ... in order: port " + i
                        + " has index " + ports.get(i).index());
            }
        }
    }

    /** The usual set-up: system clock, busy-spin idling, the paper's parameters. */
    public static DriverSetup of(final List<Port> ports, final DmaMemory memory, final NetworkFunction nf) {
        return new DriverSetup(ports, memory, nf, Clock.SYSTEM, IdleStrategy.BUSY_SPIN, Map.of());
    }

    /** This set-up with {@code name} set to {@code value}. */
    public DriverSetup with(final String name, final String value) {
        final Map<String, String> copy = new HashMap<>(parameters);
        copy.put(name, value);
        return new DriverSetup(ports, memory, nf, clock, idle, copy);
    }

    /** This set-up with {@code overrides} as its parameters, in place of the ones it had. */
    public DriverSetup withParameters(final Map<String, String> overrides) {
        return new DriverSetup(ports, memory, nf, clock, idle, overrides);
    }

    /** This set-up with another clock. */
    public DriverSetup withClock(final Clock newClock) {
        return new DriverSetup(ports, memory, nf, newClock, idle, parameters);
    }

    /** This set-up with another idle strategy. */
    public DriverSetup withIdle(final IdleStrategy newIdle) {
        return new DriverSetup(ports, memory, nf, clock, newIdle, parameters);
    }
}
