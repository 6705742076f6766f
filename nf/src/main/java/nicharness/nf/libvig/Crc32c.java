package nicharness.nf.libvig;

/**
 * The raw CRC32C that Vigor's generated hash functions chain with the SSE4.2 {@code crc32}
 * instruction ({@code __builtin_ia32_crc32si}, as in {@code viglb/lb_flow.h.gen.c:85-89} at
 * vigor-nf/vigor 4979e590): the
 * Castagnoli polynomial, reflected ({@code 0x82F63B78}), with <b>no</b> initial or final inversion,
 * starting from 0. It differs from {@link java.util.zip.CRC32C}, which inverts both ends; for any
 * bytes {@code d}, {@code raw(d) = CRC32C(d) ^ CRC32C(zeros(d.length))}, the identity the tests use.
 *
 * <p>Table-driven, four bytes per step (slicing-by-4), no allocation.
 */
public final class Crc32c {

    /** The reflected Castagnoli polynomial. */
    public static final int POLYNOMIAL = 0x82F6_3B78;

    private static final int[] T0 = new int[256];
    private static final int[] T1 = new int[256];
    private static final int[] T2 = new int[256];
    private static final int[] T3 = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = 0 != (crc & 1) ? crc >>> 1 ^ POLYNOMIAL : crc >>> 1;
            }
            T0[i] = crc;
        }
        for (int i = 0; i < 256; i++) {
            T1[i] = T0[i] >>> 8 ^ T0[T0[i] & 0xFF];
            T2[i] = T1[i] >>> 8 ^ T0[T1[i] & 0xFF];
            T3[i] = T2[i] >>> 8 ^ T0[T2[i] & 0xFF];
        }
    }

    private Crc32c() {
    }

    /** Continues {@code crc} over one byte ({@code _mm_crc32_u8}). */
    public static int updateByte(final int crc, final int value) {
        return crc >>> 8 ^ T0[(crc ^ value) & 0xFF];
    }

    /**
     * Continues {@code crc} over the four bytes of {@code value} in little-endian order, least
     * significant first, as {@code _mm_crc32_u32} does on x86.
     */
    public static int updateInt(final int crc, final int value) {
        final int x = crc ^ value;
        return T3[x & 0xFF] ^ T2[(x >>> 8) & 0xFF] ^ T1[(x >>> 16) & 0xFF] ^ T0[x >>> 24];
    }

    /** The raw CRC of {@code length} bytes of {@code data} from {@code offset}, starting at {@code crc}. */
    public static int update(final int crc, final byte[] data, final int offset, final int length) {
        int c = crc;
        for (int i = offset; i < offset + length; i++) {
            c = updateByte(c, data[i]);
        }
        return c;
    }
}
