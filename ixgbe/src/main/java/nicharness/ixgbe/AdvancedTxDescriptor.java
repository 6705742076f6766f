package nicharness.ixgbe;

/**
 * Advanced transmit data descriptor (datasheet 7.2.3.2.4, DEXT = 1, DTYP = 0011b), the format of
 * ixy and DPDK. qword1 is two 32-bit words, {@code cmd_type_len} (bytes 8-11) and
 * {@code olinfo_status} (bytes 12-15):
 *
 * <pre>
 * cmd_type_len:  31  24 23  20 19 18 17 16 15        0
 *               +------+------+-----+-----+-----------+
 *               | DCMD | DTYP | MAC | rsv |  DTALEN   |
 *               +------+------+-----+-----+-----------+
 * DCMD: 24 EOP, 25 IFCS, 27 RS, 29 DEXT, 30 VLE, 31 TSE;  DTYP 0011b = data
 * olinfo_status: 31..14 PAYLEN, 13..8 POPTS, 7 CC, 6..4 IDX, 3..0 STA (bit 0 DD = qword1 bit 32)
 * </pre>
 */
public final class AdvancedTxDescriptor {
    private AdvancedTxDescriptor() {
    }

    public static final long DTALEN = 0xFFFFL;
    public static final long DTYP = 0xFL << 20;
    public static final long DTYP_DATA = 0x3L << 20;
    public static final long DTYP_CONTEXT = 0x2L << 20;
    public static final long EOP = 1L << 24;
    public static final long IFCS = 1L << 25;
    public static final long RS = 1L << 27;
    public static final long DEXT = 1L << 29;
    public static final long VLE = 1L << 30;
    public static final long TSE = 1L << 31;
    public static final long DD = 1L << 32;
    public static final int PAYLEN_SHIFT = 32 + 14;
    public static final long PAYLEN = 0x3FFFFL << PAYLEN_SHIFT;

    /**
     * The qword1 that sends {@code length} bytes as one whole frame (PAYLEN = DTALEN, no offloads),
     * with RS when {@code reportStatus}: {@code cmd_type_len = DTYP_DATA|IFCS|DEXT|EOP|len} and
     * {@code olinfo_status = len << 14}, as ixy and DPDK write them.
     */
    public static long command(final int length, final boolean reportStatus) {
        final long len = Descriptor.length16(length);
        return len | DTYP_DATA | EOP | IFCS | DEXT | (reportStatus ? RS : 0) | (len << PAYLEN_SHIFT);
    }

    public static int length(final long qword1) {
        return (int) (qword1 & DTALEN);
    }

    public static boolean done(final long qword1) {
        return (qword1 & DD) != 0;
    }
}
