package nicharness.env;

/**
 * A device's 32-bit little-endian register space (the 82599's BAR0), addressed by byte offset.
 *
 * <p>Ordering, as {@code docs/design.md} ("Memory and ordering") requires and as a mapped BAR
 * behaves on x86: every
 * {@link #write} is a release (descriptor and buffer writes before it are visible to the device
 * before the register changes, which is what makes a tail write a doorbell), and every
 * {@link #read} is an acquire (memory reads after it see what the device wrote before the register
 * changed).
 *
 * <p>Implementations: {@link MemoryRegisterSpace} over any {@link java.lang.foreign.MemorySegment}
 * (a mapped {@code resource0}, a file, plain memory) and the software 82599's register file.
 */
public interface RegisterSpace {

    /** Reads the 32-bit register at {@code offset} (a multiple of 4) with acquire semantics. */
    int read(int offset);

    /** Writes the 32-bit register at {@code offset} (a multiple of 4) with release semantics. */
    void write(int offset, int value);

    /** The size of the space in bytes; offsets are below it. */
    long size();
}
