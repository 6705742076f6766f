package nicharness.ixgbe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each descriptor helper builds a word that its parser reads back, and no value of the length can
 * reach another field: lengths are 16-bit fields of 64-bit words, and a sign-extended or too wide
 * {@code int} would set DD, EOP, RS, IFCS or DEXT (datasheet 7.2.3.2.2 and 7.2.3.2.4: the length is
 * bits 15:0 of
 * qword1, the command and status bits lie above it).
 */
class DescriptorHelpersTest {
    /** Lengths at every edge: empty, minimum frames, 16-bit limits, beyond 16 bits, negative. */
    private static final int[] EXTREMES = {0, 1, 59, 60, 64, 1514, 1518, 2048, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF,
            0x1_0000, 0x1_0001, 0x1_FFFF, 0x7FFF_FFFF, 0xFFFF_0000, -1, -2, -0x8000, -0x1_0000, Integer.MIN_VALUE};

    /** The extremes and 20,000 values from a fixed seed. */
    private static int[] lengths() {
        final Random random = new Random(82599);
        return IntStream.concat(IntStream.of(EXTREMES), IntStream.generate(random::nextInt).limit(20_000)).toArray();
    }

    // ---- round trips -----------------------------------------------------------------------

    @Test
    void legacyReceiveWriteBackParsesBack() {
        for (final int length : new int[] {0, 60, 1514, 0xFFFF}) {
            for (final boolean eop : new boolean[] {false, true}) {
                final long qword1 = LegacyRxDescriptor.writeBack(length, eop);
                assertTrue(LegacyRxDescriptor.done(qword1));
                assertEquals(length, LegacyRxDescriptor.length(qword1));
                assertEquals(eop, (qword1 & LegacyRxDescriptor.EOP) != 0);
                assertEquals(0, qword1 & LegacyRxDescriptor.ERRORS);
            }
        }
        assertFalse(LegacyRxDescriptor.done(0));
    }

    @Test
    void advancedReceiveWriteBackParsesBack() {
        for (final int length : new int[] {0, 60, 1514, 0xFFFF}) {
            for (final boolean eop : new boolean[] {false, true}) {
                final long qword1 = AdvancedRxDescriptor.writeBack(length, eop);
                assertTrue(AdvancedRxDescriptor.done(qword1));
                assertEquals(eop, AdvancedRxDescriptor.endOfPacket(qword1));
                assertEquals(length, AdvancedRxDescriptor.length(qword1));
                assertEquals(0, qword1 & AdvancedRxDescriptor.ERRORS);
            }
        }
        assertFalse(AdvancedRxDescriptor.done(0), "hdr_addr = 0 in read format leaves DD clear");
    }

    @Test
    void legacyTransmitCommandParsesBack() {
        for (final int length : new int[] {0, 60, 1514, 0xFFFF}) {
            for (final boolean rs : new boolean[] {false, true}) {
                final long qword1 = LegacyTxDescriptor.command(length, rs);
                assertEquals(length, LegacyTxDescriptor.length(qword1));
                assertEquals(rs, (qword1 & LegacyTxDescriptor.RS) != 0);
                assertTrue((qword1 & LegacyTxDescriptor.EOP) != 0, "every frame is one descriptor; null ones need EOP");
                assertTrue((qword1 & LegacyTxDescriptor.IFCS) != 0);
                assertEquals(0, qword1 & LegacyTxDescriptor.DEXT, "legacy format");
                assertEquals(0, qword1 & LegacyTxDescriptor.RESERVED);
                assertFalse(LegacyTxDescriptor.done(qword1), "writing a command clears DD, and the shared ring's receive DD");
                assertFalse(LegacyRxDescriptor.done(qword1));
            }
        }
    }

    @Test
    void advancedTransmitCommandParsesBack() {
        for (final int length : new int[] {0, 60, 1514, 0xFFFF}) {
            for (final boolean rs : new boolean[] {false, true}) {
                final long qword1 = AdvancedTxDescriptor.command(length, rs);
                assertEquals(length, AdvancedTxDescriptor.length(qword1));
                assertEquals(length, (int) ((qword1 & AdvancedTxDescriptor.PAYLEN) >>> AdvancedTxDescriptor.PAYLEN_SHIFT));
                assertEquals(rs, (qword1 & AdvancedTxDescriptor.RS) != 0);
                assertEquals(AdvancedTxDescriptor.DTYP_DATA, qword1 & AdvancedTxDescriptor.DTYP);
                assertTrue((qword1 & AdvancedTxDescriptor.DEXT) != 0);
                assertTrue((qword1 & AdvancedTxDescriptor.EOP) != 0);
                assertTrue((qword1 & AdvancedTxDescriptor.IFCS) != 0);
                assertEquals(0, qword1 & (AdvancedTxDescriptor.TSE | AdvancedTxDescriptor.VLE));
                assertFalse(AdvancedTxDescriptor.done(qword1));
            }
        }
    }

    // ---- no field bleeds into another ------------------------------------------------------

    @Test
    void legacyReceiveLengthNeverLeavesItsField() {
        for (final int length : lengths()) {
            for (final boolean eop : new boolean[] {false, true}) {
                final long qword1 = LegacyRxDescriptor.writeBack(length, eop);
                assertEquals(length & 0xFFFF, LegacyRxDescriptor.length(qword1), "length=" + length);
                assertEquals(LegacyRxDescriptor.DD | (eop ? LegacyRxDescriptor.EOP : 0), qword1 & ~LegacyRxDescriptor.LENGTH,
                        "length=" + length + " reached other bits");
            }
        }
    }

    @Test
    void advancedReceiveLengthNeverLeavesItsField() {
        final long lengthField = 0xFFFFL << AdvancedRxDescriptor.PKT_LEN_SHIFT;
        for (final int length : lengths()) {
            for (final boolean eop : new boolean[] {false, true}) {
                final long qword1 = AdvancedRxDescriptor.writeBack(length, eop);
                assertEquals(length & 0xFFFF, AdvancedRxDescriptor.length(qword1), "length=" + length);
                assertEquals(AdvancedRxDescriptor.DD | (eop ? AdvancedRxDescriptor.EOP : 0), qword1 & ~lengthField,
                        "length=" + length + " reached other bits");
            }
        }
    }

    @Test
    void legacyTransmitLengthNeverSetsACommandBit() {
        for (final int length : lengths()) {
            for (final boolean rs : new boolean[] {false, true}) {
                final long qword1 = LegacyTxDescriptor.command(length, rs);
                assertEquals(length & 0xFFFF, LegacyTxDescriptor.length(qword1), "length=" + length);
                assertEquals(LegacyTxDescriptor.EOP | LegacyTxDescriptor.IFCS | (rs ? LegacyTxDescriptor.RS : 0),
                        qword1 & ~LegacyTxDescriptor.LENGTH, "length=" + length + " reached other bits");
            }
        }
    }

    @Test
    void advancedTransmitLengthNeverSetsACommandBit() {
        final long fixed = AdvancedTxDescriptor.DTYP_DATA | AdvancedTxDescriptor.EOP | AdvancedTxDescriptor.IFCS
                | AdvancedTxDescriptor.DEXT;
        for (final int length : lengths()) {
            for (final boolean rs : new boolean[] {false, true}) {
                final long qword1 = AdvancedTxDescriptor.command(length, rs);
                assertEquals(length & 0xFFFF, AdvancedTxDescriptor.length(qword1), "length=" + length);
                assertEquals((long) (length & 0xFFFF), (qword1 & AdvancedTxDescriptor.PAYLEN) >>> AdvancedTxDescriptor.PAYLEN_SHIFT,
                        "PAYLEN for length=" + length);
                assertEquals(fixed | (rs ? AdvancedTxDescriptor.RS : 0),
                        qword1 & ~AdvancedTxDescriptor.DTALEN & ~AdvancedTxDescriptor.PAYLEN,
                        "length=" + length + " reached other bits");
                assertFalse(AdvancedTxDescriptor.done(qword1), "length=" + length + " set DD");
            }
        }
    }

    @Test
    void parsersReadOnlyTheirField() {
        assertEquals(0xFFFF, LegacyRxDescriptor.length(-1L));
        assertEquals(0, LegacyRxDescriptor.length(~LegacyRxDescriptor.LENGTH));
        assertFalse(LegacyRxDescriptor.done(LegacyRxDescriptor.LENGTH | LegacyRxDescriptor.EOP | LegacyRxDescriptor.ERRORS));
        assertEquals(0xFFFF, AdvancedRxDescriptor.length(-1L));
        assertEquals(0, AdvancedRxDescriptor.length(~(0xFFFFL << AdvancedRxDescriptor.PKT_LEN_SHIFT)));
        assertFalse(AdvancedRxDescriptor.done(-1L & ~AdvancedRxDescriptor.DD));
        assertFalse(AdvancedRxDescriptor.endOfPacket(-1L & ~AdvancedRxDescriptor.EOP));
        assertEquals(0xFFFF, LegacyTxDescriptor.length(-1L));
        assertFalse(LegacyTxDescriptor.done(-1L & ~LegacyTxDescriptor.DD));
        assertEquals(0xFFFF, AdvancedTxDescriptor.length(-1L));
        assertFalse(AdvancedTxDescriptor.done(-1L & ~AdvancedTxDescriptor.DD));
    }

    @Test
    void fieldMasksOfEachFormatAreDisjoint() {
        assertDisjoint(LegacyRxDescriptor.LENGTH, LegacyRxDescriptor.DD, LegacyRxDescriptor.EOP, LegacyRxDescriptor.ERRORS);
        assertDisjoint(0xFFFFL << AdvancedRxDescriptor.PKT_LEN_SHIFT, AdvancedRxDescriptor.DD, AdvancedRxDescriptor.EOP,
                AdvancedRxDescriptor.ERRORS);
        assertDisjoint(LegacyTxDescriptor.LENGTH, LegacyTxDescriptor.EOP, LegacyTxDescriptor.IFCS, LegacyTxDescriptor.IC,
                LegacyTxDescriptor.RS, LegacyTxDescriptor.DEXT, LegacyTxDescriptor.VLE, LegacyTxDescriptor.DD,
                LegacyTxDescriptor.RESERVED);
        assertDisjoint(AdvancedTxDescriptor.DTALEN, AdvancedTxDescriptor.DTYP, AdvancedTxDescriptor.EOP,
                AdvancedTxDescriptor.IFCS, AdvancedTxDescriptor.RS, AdvancedTxDescriptor.DEXT, AdvancedTxDescriptor.VLE,
                AdvancedTxDescriptor.TSE, AdvancedTxDescriptor.DD, AdvancedTxDescriptor.PAYLEN);
    }

    private static void assertDisjoint(final long... masks) {
        long seen = 0;
        for (final long mask : masks) {
            assertEquals(0, seen & mask, () -> String.format("mask 0x%016x overlaps an earlier one", mask));
            seen |= mask;
        }
    }
}
