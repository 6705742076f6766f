package nicharness.ixgbe;

/**
 * Legacy transmit descriptor (datasheet 7.2.3.2.2, CMD.DEXT = 0), the format TinyNF uses.
 *
 * <pre>
 * qword0: buffer address (kept by write-back, so TinyNF writes it once)
 * qword1: 63    48 47   40 39  36 35 32 31   24 23   16 15       0
 *        +--------+-------+------+-----+-------+-------+----------+
 *        |  VLAN  |  CSS  | rsvd | STA |  CMD  |  CSO  |  length  |
 *        +--------+-------+------+-----+-------+-------+----------+
 * CMD: 24 EOP, 25 IFCS, 26 IC, 27 RS, 29 DEXT (0 here), 30 VLE;  STA: 32 DD
 * </pre>
 *
 * <p>A length of 0 makes a null descriptor: consumed by the device, transmits nothing; it must
 * carry EOP. TinyNF gives one to every output that should not send a packet.
 */
public final class LegacyTxDescriptor {
    private LegacyTxDescriptor() {
    }

    public static final long LENGTH = 0xFFFFL;
    public static final long EOP = 1L << 24;
    public static final long IFCS = 1L << 25;
    public static final long IC = 1L << 26;
    public static final long RS = 1L << 27;
    public static final long DEXT = 1L << 29;
    public static final long VLE = 1L << 30;
    public static final long DD = 1L << 32;
    /** Bits that must be 0 in a descriptor the driver writes: 28, 31 and 36-39. */
    public static final long RESERVED = (1L << 28) | (1L << 31) | (0xFL << 36);

    /**
     * The qword1 that sends {@code length} bytes (0: a null descriptor) as one whole frame with the
     * FCS appended by the card, asking for a completion report when {@code reportStatus}.
     */
    public static long command(final int length, final boolean reportStatus) {
        return Descriptor.length16(length) | EOP | IFCS | (reportStatus ? RS : 0);
    }

    public static int length(final long qword1) {
        return (int) (qword1 & LENGTH);
    }

    public static boolean done(final long qword1) {
        return (qword1 & DD) != 0;
    }
}
