package nicharness.nf.libvig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/**
 * The raw CRC32C against the JDK's standard one, through {@code raw(d) = CRC32C(d) ^ CRC32C(zeros)}
 * (Vigor {@code viglb/lb_flow.h.gen.c:85-89}).
 */
class Crc32cTest {

    private static int standard(final byte[] data) {
        final CRC32C crc = new CRC32C();
        crc.update(data);
        return (int) crc.getValue();
    }

    private static int rawViaJdk(final byte[] data) {
        return standard(data) ^ standard(new byte[data.length]);
    }

    @Test
    void theStandardCheckValueComesOutWithInversionsAdded() {
        final byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE306_9283, ~Crc32c.update(~0, check, 0, check.length));
    }

    @Test
    void bytewiseAndWordwiseAgreeWithTheJdk() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            final byte[] data = new byte[4 * (1 + random.nextInt(8))];
            random.nextBytes(data);
            final int expected = rawViaJdk(data);
            assertEquals(expected, Crc32c.update(0, data, 0, data.length));
            int words = 0;
            for (int i = 0; i < data.length; i += 4) {
                words = Crc32c.updateInt(words, data[i] & 0xFF | (data[i + 1] & 0xFF) << 8 | (data[i + 2] & 0xFF) << 16 | data[i + 3] << 24);
            }
            assertEquals(expected, words);
        }
    }

    @Test
    void theRawCrcOfZerosIsZero() {
        assertEquals(0, Crc32c.update(0, new byte[20], 0, 20));
        assertEquals(0, Crc32c.updateInt(0, 0));
    }
}
