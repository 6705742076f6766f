package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The receive write-back's checksum sum reads four bytes at a time; it must equal the plain
 * sum of big-endian 16-bit words (RFC 1071) for every length, offset and initial value.
 */
class OnesComplementTest {

    /** The definition: 16-bit big-endian words, an odd byte padded with zero, end-around carry. */
    private static int reference(final byte[] data, final int from, final int length, final int initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            final int high = data[from + i] & 0xFF;
            final int low = i + 1 < length ? data[from + i + 1] & 0xFF : 0;
            sum += (high << 8) | low;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    @Test
    void equalsTheSumOfSixteenBitWordsForRandomData() {
        final SplittableRandom random = new SplittableRandom(20);
        final MemorySegment native_ = Arena.ofAuto().allocate(80, 8); // the sum reads by address
        for (int trial = 0; trial < 20_000; trial++) {
            final byte[] data = new byte[80];
            if (trial % 4 == 0) {
                java.util.Arrays.fill(data, (byte) 0xFF); // every carry at once
            } else if (trial % 4 != 1) {
                random.nextBytes(data);
            } // trial % 4 == 1: all zero
            final int from = random.nextInt(8);
            final int length = random.nextInt(data.length - from + 1);
            final int initial = random.nextInt(0x10000);
            native_.copyFrom(MemorySegment.ofArray(data));
            assertEquals(reference(data, from, length, initial),
                    ReceiveWriteBack.onesComplement(native_.address() + from, length, initial),
                    () -> "from=" + from + " length=" + length + " initial=" + initial);
        }
    }
}
