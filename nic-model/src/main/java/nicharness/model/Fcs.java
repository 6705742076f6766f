package nicharness.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The Ethernet frame check sequence (IEEE 802.3 CRC-32, reflected, polynomial 0xEDB88320), for
 * the rare configuration that keeps the FCS in host memory (CRC stripping off). Table-driven and
 * allocation-free, unlike {@link java.util.zip.CRC32} over a segment.
 */
final class Fcs {
    private Fcs() {
    }

    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    /** The FCS of {@code length} bytes at {@code data[offset]}; sent least significant byte first. */
    static int of(final MemorySegment data, final long offset, final int length) {
        int crc = 0xFFFFFFFF;
        for (int i = 0; i < length; i++) {
            crc = TABLE[(crc ^ data.get(ValueLayout.JAVA_BYTE, offset + i)) & 0xFF] ^ (crc >>> 8);
        }
        return ~crc;
    }
}
