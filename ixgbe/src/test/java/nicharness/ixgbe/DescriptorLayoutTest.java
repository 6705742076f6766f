package nicharness.ixgbe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * What ixy's {@code static_assert}s pin down, checked byte by byte: descriptor size and word
 * offsets, little-endian words, and where each format's DD and EOP bits land in memory
 * (datasheet 7.1.5, 7.1.6, 7.2.3.2.2 and 7.2.3.2.4: DD is bit 0 of byte 12 for legacy receive and
 * both transmit formats, bit 0 of byte 8 for advanced receive).
 */
class DescriptorLayoutTest {

    /** The byte offset and bit within that byte of the single bit set in {@code qword1Bit}. */
    private static int[] byteAndBit(final long qword1Bit) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment descriptor = arena.allocate(Descriptor.SIZE, 16);
            Descriptor.QWORD.set(descriptor, Descriptor.QWORD1, qword1Bit);
            int found = -1;
            int bit = -1;
            for (int i = 0; i < Descriptor.SIZE; i++) {
                final int b = descriptor.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
                if (b != 0) {
                    assertEquals(1, Integer.bitCount(b), "one bit set");
                    assertEquals(-1, found, "in one byte");
                    found = i;
                    bit = Integer.numberOfTrailingZeros(b);
                }
            }
            return new int[] {found, bit};
        }
    }

    @Test
    void descriptorsAreSixteenBytesOfTwoQwords() {
        assertEquals(16, Descriptor.SIZE);
        assertEquals(0, Descriptor.QWORD0);
        assertEquals(8, Descriptor.QWORD1);
        assertEquals(128, Descriptor.RING_ALIGNMENT, "RDBAL/TDBAL low 7 bits are zero; RDLEN/TDLEN multiples of 128");
        assertEquals(0, Descriptor.RING_ALIGNMENT % Descriptor.SIZE, "a ring of 8k descriptors fills whole 128-byte units");
        assertEquals(0, Descriptor.offset(0));
        assertEquals(16, Descriptor.offset(1));
        assertEquals(1023L * 16, Descriptor.offset(1023));
        assertEquals((long) Integer.MAX_VALUE * 16, Descriptor.offset(Integer.MAX_VALUE), "computed in long: no overflow");
    }

    @Test
    void wordsAreLittleEndian() {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment descriptor = arena.allocate(Descriptor.SIZE, 16);
            Descriptor.QWORD.set(descriptor, Descriptor.QWORD0, 0x0807_0605_0403_0201L);
            Descriptor.DWORD.set(descriptor, 8L, 0x0C0B_0A09);
            Descriptor.DWORD.set(descriptor, 12L, 0x100F_0E0D);
            for (int i = 0; i < Descriptor.SIZE; i++) {
                assertEquals(i + 1, descriptor.get(ValueLayout.JAVA_BYTE, i), "byte " + i);
            }
            assertEquals(0x100F_0E0D_0C0B_0A09L, (long) Descriptor.QWORD.get(descriptor, Descriptor.QWORD1),
                    "the two dwords of qword1, low first, are cmd_type_len then olinfo_status");
        }
    }

    @Test
    void legacyReceiveStatusIsByte12() {
        assertEquals(12, byteAndBit(LegacyRxDescriptor.DD)[0]);
        assertEquals(0, byteAndBit(LegacyRxDescriptor.DD)[1]);
        assertEquals(12, byteAndBit(LegacyRxDescriptor.EOP)[0]);
        assertEquals(1, byteAndBit(LegacyRxDescriptor.EOP)[1]);
        assertEquals(0xFF00_0000_0000L, LegacyRxDescriptor.ERRORS, "errors are byte 13");
        assertEquals(0xFFFF, LegacyRxDescriptor.LENGTH, "length is bytes 8-9");
    }

    @Test
    void advancedReceiveStatusIsByte8AndLengthByte12() {
        assertEquals(8, byteAndBit(AdvancedRxDescriptor.DD)[0]);
        assertEquals(0, byteAndBit(AdvancedRxDescriptor.DD)[1]);
        assertEquals(8, byteAndBit(AdvancedRxDescriptor.EOP)[0]);
        assertEquals(1, byteAndBit(AdvancedRxDescriptor.EOP)[1]);
        assertEquals(8, AdvancedRxDescriptor.STATUS_ERROR_OFFSET);
        assertEquals(12, AdvancedRxDescriptor.LENGTH_OFFSET);
        assertEquals(Descriptor.QWORD1 + AdvancedRxDescriptor.PKT_LEN_SHIFT / 8, AdvancedRxDescriptor.LENGTH_OFFSET);
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment descriptor = arena.allocate(Descriptor.SIZE, 16);
            Descriptor.QWORD.set(descriptor, Descriptor.QWORD1, AdvancedRxDescriptor.writeBack(1514, true));
            assertEquals(1514, descriptor.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN),
                    AdvancedRxDescriptor.LENGTH_OFFSET), "ixy reads the 16-bit length at byte 12");
            assertEquals(0b11, (int) Descriptor.DWORD.get(descriptor, AdvancedRxDescriptor.STATUS_ERROR_OFFSET),
                    "ixy reads DD|EOP in the 32-bit status word at byte 8");
        }
    }

    @Test
    void transmitStatusIsByte12InBothFormats() {
        assertEquals(12, byteAndBit(LegacyTxDescriptor.DD)[0]);
        assertEquals(0, byteAndBit(LegacyTxDescriptor.DD)[1]);
        assertEquals(12, byteAndBit(AdvancedTxDescriptor.DD)[0]);
        assertEquals(0, byteAndBit(AdvancedTxDescriptor.DD)[1]);
    }

    @Test
    void transmitCommandBitsAreByte11() {
        for (final long bit : new long[] {LegacyTxDescriptor.EOP, LegacyTxDescriptor.IFCS, LegacyTxDescriptor.RS,
                LegacyTxDescriptor.DEXT, AdvancedTxDescriptor.EOP, AdvancedTxDescriptor.IFCS, AdvancedTxDescriptor.RS,
                AdvancedTxDescriptor.DEXT}) {
            assertEquals(11, byteAndBit(bit)[0], Long.toHexString(bit));
        }
        assertEquals(0, byteAndBit(LegacyTxDescriptor.EOP)[1]);
        assertEquals(1, byteAndBit(LegacyTxDescriptor.IFCS)[1]);
        assertEquals(3, byteAndBit(LegacyTxDescriptor.RS)[1]);
        assertEquals(5, byteAndBit(LegacyTxDescriptor.DEXT)[1]);
    }

    @Test
    void advancedTransmitWordsMatchIxyAndDpdk() {
        assertEquals(0x0030_0000L, AdvancedTxDescriptor.DTYP_DATA, "DTYP data in cmd_type_len");
        final long qword1 = AdvancedTxDescriptor.command(60, false);
        final int cmdTypeLen = (int) qword1;
        final int olinfoStatus = (int) (qword1 >>> 32);
        assertEquals(0x2330_0000 | 60, cmdTypeLen, "DEXT|IFCS|EOP|DTYP_DATA|len");
        assertEquals(60 << 14, olinfoStatus, "PAYLEN = len << 14");
    }
}
