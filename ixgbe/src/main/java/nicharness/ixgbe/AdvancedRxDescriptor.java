package nicharness.ixgbe;

/**
 * Advanced receive descriptor, one buffer (datasheet 7.1.6, SRRCTL.DESCTYPE = 001b), the format of
 * ixy and DPDK.
 *
 * <p>Read format: qword0 = packet buffer address, qword1 = header buffer address (0; its bit 0 is
 * where DD is written back, so writing 0 also clears DD). Write-back overwrites both words, so the
 * driver must write the packet address again before handing the descriptor back:
 *
 * <pre>
 * qword1: 63      48 47        32 31      20 19           0
 *        +----------+------------+----------+--------------+
 *        |   VLAN   |  PKT_LEN   |  errors  | ext. status  |
 *        +----------+------------+----------+--------------+
 * ext. status: bit 0 DD, bit 1 EOP   (ixy reads it as the 32-bit word at byte 8, the length at byte 12)
 * </pre>
 */
public final class AdvancedRxDescriptor {
    private AdvancedRxDescriptor() {
    }

    public static final long DD = 1L;
    public static final long EOP = 1L << 1;
    public static final long ERRORS = 0xFFFL << 20;
    public static final int PKT_LEN_SHIFT = 32;
    /** Byte offset of the 32-bit status/error word. */
    public static final long STATUS_ERROR_OFFSET = 8;
    /** Byte offset of the 16-bit packet length. */
    public static final long LENGTH_OFFSET = 12;
    /** Byte offset of the 16-bit VLAN tag (datasheet 7.1.6.2, write-back format). */
    public static final long VLAN_OFFSET = 14;

    public static boolean done(final long qword1) {
        return (qword1 & DD) != 0;
    }

    public static boolean endOfPacket(final long qword1) {
        return (qword1 & EOP) != 0;
    }

    public static int length(final long qword1) {
        return (int) ((qword1 >>> PKT_LEN_SHIFT) & 0xFFFF);
    }

    /** The write-back qword1 a device stores after receiving {@code length} bytes (the model's side). */
    public static long writeBack(final int length, final boolean endOfPacket) {
        return (Descriptor.length16(length) << PKT_LEN_SHIFT) | DD | (endOfPacket ? EOP : 0);
    }
}
