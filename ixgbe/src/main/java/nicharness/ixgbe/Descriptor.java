package nicharness.ixgbe;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * What all 82599 descriptors share: 16 bytes, two little-endian 64-bit words.
 *
 * <pre>
 *  0                   7 8                  15
 * +---------------------+---------------------+
 * |       qword0        |       qword1        |
 * | (buffer address)    | (command / status)  |
 * +---------------------+---------------------+
 * </pre>
 *
 * <p>One {@code static final} handle serves every access mode, named at the call site: the driver
 * reads the status word with {@code getAcquire} (then plain reads of length and data are fresh)
 * and the device writes it with {@code setRelease} after the packet bytes; everything else is
 * plain. Keeping the handle constant lets the JIT hoist the segment checks
 * ({@code docs/java-platform.md}, "Segment accesses"); the drivers' data paths go further and
 * access descriptors by address ({@link DmaWords}).
 */
public final class Descriptor {
    private Descriptor() {
    }

    /** Bytes per descriptor. */
    public static final int SIZE = 16;
    /** Byte offset of qword0 (the buffer address in read format). */
    public static final long QWORD0 = 0;
    /** Byte offset of qword1 (command, length and status). */
    public static final long QWORD1 = 8;
    /** Ring base addresses and lengths must be multiples of 128 bytes (datasheet 8.2.3.8.3, 8.2.3.9.7). */
    public static final int RING_ALIGNMENT = 128;

    /** Little-endian 64-bit access to a descriptor word: coordinates (MemorySegment, long offset). */
    public static final VarHandle QWORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    /** Little-endian 32-bit access, for the head write-back slot and 32-bit descriptor halves. */
    public static final VarHandle DWORD = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    /** Byte offset of descriptor {@code index} in its ring. */
    public static long offset(final int index) {
        return (long) index * SIZE;
    }

    /** A 16-bit length as an unsigned field of a 64-bit word: it can never sign-extend into other fields. */
    static long length16(final int length) {
        return length & 0xFFFFL;
    }
}
