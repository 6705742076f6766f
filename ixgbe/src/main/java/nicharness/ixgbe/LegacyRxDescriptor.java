package nicharness.ixgbe;

/**
 * Legacy receive descriptor (datasheet 7.1.5, SRRCTL.DESCTYPE = 000b), the format TinyNF uses.
 *
 * <p>Read format: qword0 = buffer address; qword1 must have DD clear. Write-back goes into qword1
 * only, and qword0 keeps the buffer address, which is why TinyNF writes each address once:
 *
 * <pre>
 * qword1: 63      48 47    40 39    32 31      16 15       0
 *        +----------+--------+--------+----------+----------+
 *        |   VLAN   | errors | status | checksum |  length  |
 *        +----------+--------+--------+----------+----------+
 * status: bit 32 DD (descriptor done), bit 33 EOP (end of packet)
 * </pre>
 */
public final class LegacyRxDescriptor {
    private LegacyRxDescriptor() {
    }

    public static final long LENGTH = 0xFFFFL;
    public static final long DD = 1L << 32;
    public static final long EOP = 1L << 33;
    public static final long ERRORS = 0xFFL << 40;

    /** Whether the device has written this descriptor back. */
    public static boolean done(final long qword1) {
        return (qword1 & DD) != 0;
    }

    /** The number of bytes the device wrote into the buffer. */
    public static int length(final long qword1) {
        return (int) (qword1 & LENGTH);
    }

    /** The write-back word a device stores after receiving {@code length} bytes (the model's side). */
    public static long writeBack(final int length, final boolean endOfPacket) {
        return Descriptor.length16(length) | DD | (endOfPacket ? EOP : 0);
    }
}
