package nicharness.driver;

import java.util.Objects;
import nicharness.env.RegisterSpace;

/**
 * One 82599 port as a driver sees it: its BAR0 and its index, which is the port number the NF
 * answers with ({@link nicharness.nf.NetworkFunction#process}).
 *
 * @param index     0 for the first port, 1 for the second, ...
 * @param registers the port's BAR0: a mapped {@code resource0} or the software model's register file
 */
public record Port(int index, RegisterSpace registers) {
    public Port {
        if (index < 0) {
            throw new IllegalArgumentException("port index must be non-negative: index=" + index);
        }
        Objects.requireNonNull(registers, "registers");
    }
}
