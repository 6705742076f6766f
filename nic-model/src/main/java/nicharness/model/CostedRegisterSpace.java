package nicharness.model;

import java.util.Objects;
import nicharness.env.RegisterSpace;

/**
 * A register space whose accesses cost the caller what they would on a real card
 * ({@link AccessCost}): each read and write busy-waits, on the driver's thread, before it reaches
 * the register file. Allocation-free; one instance per driver thread.
 */
public final class CostedRegisterSpace implements RegisterSpace {
    private final RegisterSpace registers;
    private final long readNanos;
    private final long writeNanos;
    private final BusyWait wait = new BusyWait();

    public CostedRegisterSpace(final RegisterSpace registers, final AccessCost cost) {
        this.registers = Objects.requireNonNull(registers, "registers");
        this.readNanos = cost.readNanos();
        this.writeNanos = cost.writeNanos();
    }

    @Override
    public int read(final int offset) {
        wait.spin(readNanos); // the non-posted round trip: the value is not there before it ends
        return registers.read(offset);
    }

    @Override
    public void write(final int offset, final int value) {
        registers.write(offset, value);
        wait.spin(writeNanos); // the posted write occupies the core and the link a while
    }

    @Override
    public long size() {
        return registers.size();
    }

    @Override
    public String toString() {
        return "CostedRegisterSpace[readNanos=" + readNanos + ", writeNanos=" + writeNanos + "]";
    }
}
