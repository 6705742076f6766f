package nicharness.env;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A register space over plain memory: a mapped BAR0, a file, or a heap-free segment. Reads are
 * acquires and writes releases ({@link RegisterSpace}); both are single aligned 32-bit accesses,
 * never merged or widened, as MMIO requires.
 */
public final class MemoryRegisterSpace implements RegisterSpace {
    private static final VarHandle REGISTER =
            ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final MemorySegment registers;

    public MemoryRegisterSpace(final MemorySegment registers) {
        this.registers = Objects.requireNonNull(registers, "registers");
        if (registers.byteSize() % 4 != 0) {
            throw new IllegalArgumentException("register space size must be a multiple of 4: size=" + registers.byteSize());
        }
    }

    @Override
    public int read(final int offset) {
        return (int) REGISTER.getAcquire(registers, (long) offset);
    }

    @Override
    public void write(final int offset, final int value) {
        REGISTER.setRelease(registers, (long) offset, value);
    }

    @Override
    public long size() {
        return registers.byteSize();
    }

    /** The memory behind the registers, for tools that attach to the same space. */
    public MemorySegment segment() {
        return registers;
    }
}
