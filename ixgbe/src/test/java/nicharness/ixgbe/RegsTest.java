package nicharness.ixgbe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The register table against the datasheet's formulas (8.2.2 and 8.2.3.8 to 8.2.3.9): per-queue
 * blocks (receive q &lt; 64 at 0x01000 + 0x40q, q &ge; 64 at 0x0D000 + 0x40(q - 64); transmit at
 * 0x06000 + 0x40q), the aliases, range checks, and the field helpers over every field of the table.
 */
class RegsTest {

    @Test
    void receiveQueueBlocksSplitAt64() {
        assertEquals(0x01000, Regs.RDBAL(0));
        assertEquals(0x01040, Regs.RDBAL(1));
        assertEquals(0x01FC0, Regs.RDBAL(63));
        assertEquals(0x0D000, Regs.RDBAL(64), "the second block starts over at q = 64");
        assertEquals(0x0D040, Regs.RDBAL(65));
        assertEquals(0x0DFC0, Regs.RDBAL(127));
        for (final int q : new int[] {0, 1, 17, 63, 64, 100, 127}) {
            final int block = Regs.RDBAL(q);
            assertEquals(block + 0x04, Regs.RDBAH(q));
            assertEquals(block + 0x08, Regs.RDLEN(q));
            assertEquals(block + 0x0C, Regs.DCA_RXCTRL(q));
            assertEquals(block + 0x10, Regs.RDH(q));
            assertEquals(block + 0x14, Regs.SRRCTL(q));
            assertEquals(block + 0x18, Regs.RDT(q));
            assertEquals(block + 0x28, Regs.RXDCTL(q));
            assertEquals(block + 0x2C, Regs.RSCCTL(q));
        }
        assertEquals(0x01018, Regs.RDT(0), "datasheet 8.2.3.8.5");
        assertEquals(0x01028, Regs.RXDCTL(0), "datasheet 8.2.3.8.6");
        assertEquals(0x0D018 + 0x40 * 63, Regs.RDT(127));
    }

    @Test
    void transmitQueueBlocksAreOneRun() {
        assertEquals(0x06000, Regs.TDBAL(0));
        assertEquals(0x07000, Regs.TDBAL(64), "no split for transmit");
        assertEquals(0x07FC0, Regs.TDBAL(127));
        for (final int q : new int[] {0, 1, 63, 64, 127}) {
            final int block = Regs.TDBAL(q);
            assertEquals(block + 0x04, Regs.TDBAH(q));
            assertEquals(block + 0x08, Regs.TDLEN(q));
            assertEquals(block + 0x0C, Regs.DCA_TXCTRL(q));
            assertEquals(block + 0x10, Regs.TDH(q));
            assertEquals(block + 0x18, Regs.TDT(q));
            assertEquals(block + 0x28, Regs.TXDCTL(q));
            assertEquals(block + 0x38, Regs.TDWBAL(q));
            assertEquals(block + 0x3C, Regs.TDWBAH(q));
        }
        assertEquals(0x06018, Regs.TDT(0), "datasheet 8.2.3.9.9");
        assertEquals(0x06038, Regs.TDWBAL(0), "datasheet 8.2.3.9.11");
    }

    @Test
    void noTwoQueuesShareARegister() {
        final Map<Integer, String> owners = new HashMap<>();
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            for (final int offset : new int[] {Regs.RDBAL(q), Regs.RDBAH(q), Regs.RDLEN(q), Regs.RDH(q), Regs.RDT(q),
                    Regs.SRRCTL(q), Regs.RXDCTL(q), Regs.TDBAL(q), Regs.TDBAH(q), Regs.TDLEN(q), Regs.TDH(q), Regs.TDT(q),
                    Regs.TXDCTL(q), Regs.TDWBAL(q), Regs.TDWBAH(q)}) {
                final String previous = owners.put(offset, "queue " + q);
                assertEquals(null, previous, String.format("offset 0x%05x of queue %d also belongs to %s", offset, q, previous));
                assertEquals(0, offset % 4, "registers are 32-bit aligned");
                assertTrue(offset < Regs.BAR0_SIZE, "inside BAR0");
            }
        }
    }

    @Test
    void aliasesForTheFirst16ReceiveQueues() {
        assertEquals(0x02100, Regs.SRRCTL_ALIAS(0));
        assertEquals(0x0213C, Regs.SRRCTL_ALIAS(15));
        assertEquals(0x02200, Regs.DCA_RXCTRL_ALIAS(0));
        assertEquals(0x0223C, Regs.DCA_RXCTRL_ALIAS(15));
        for (int q = 0; q < 16; q++) {
            assertNotEquals(Regs.SRRCTL(q), Regs.SRRCTL_ALIAS(q), "two offsets, one register: the model maps both");
        }
        assertThrows(IllegalArgumentException.class, () -> Regs.SRRCTL_ALIAS(16));
        assertThrows(IllegalArgumentException.class, () -> Regs.DCA_RXCTRL_ALIAS(16));
        assertThrows(IllegalArgumentException.class, () -> Regs.SRRCTL_ALIAS(-1));
    }

    @Test
    void outOfRangeQueuesAreRefusedWithTheirValue() {
        final IntUnaryOperator[] perQueue = {Regs::RDBAL, Regs::RDBAH, Regs::RDLEN, Regs::RDH, Regs::RDT, Regs::SRRCTL,
                Regs::RXDCTL, Regs::DCA_RXCTRL, Regs::RSCCTL, Regs::TDBAL, Regs::TDBAH, Regs::TDLEN, Regs::TDH, Regs::TDT,
                Regs::TXDCTL, Regs::TDWBAL, Regs::TDWBAH, Regs::DCA_TXCTRL};
        for (final IntUnaryOperator register : perQueue) {
            for (final int q : new int[] {-1, 128, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
                final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> register.applyAsInt(q));
                assertTrue(e.getMessage().contains("queue=" + q) && e.getMessage().contains("[0, 128)"), e.getMessage());
            }
        }
    }

    @Test
    void indexedRegistersFollowTheirStrideAndBounds() {
        assertEquals(0x00820, Regs.EITR(0));
        assertEquals(0x0087C, Regs.EITR(23));
        assertThrows(IllegalArgumentException.class, () -> Regs.EITR(24));
        assertEquals(0x00900, Regs.IVAR(0));
        assertEquals(0x009FC, Regs.IVAR(63));
        assertEquals(0x05200, Regs.MTA(0));
        assertEquals(0x053FC, Regs.MTA(127));
        assertThrows(IllegalArgumentException.class, () -> Regs.MTA(128));
        assertEquals(0x05400, Regs.RAL(0));
        assertEquals(0x05404, Regs.RAH(0));
        assertEquals(0x05478, Regs.RAL(15));
        assertEquals(0x0A280, Regs.RAL(16), "receive addresses 16-127 live in a second block");
        assertEquals(0x0A284, Regs.RAH(16));
        assertEquals(0x0A5F8, Regs.RAL(127));
        assertThrows(IllegalArgumentException.class, () -> Regs.RAL(128));
        assertThrows(IllegalArgumentException.class, () -> Regs.RAH(-1));
        assertEquals(0x03C00, Regs.RXPBSIZE(0));
        assertEquals(0x03C1C, Regs.RXPBSIZE(7));
        assertEquals(0x0CC1C, Regs.TXPBSIZE(7));
        assertEquals(0x03FA0, Regs.MPC(0));
        assertEquals(0x03FBC, Regs.MPC(7));
        assertEquals(0x01030, Regs.QPRC(0));
        assertEquals(0x013F0, Regs.QPRC(15));
        assertEquals(0x01430, Regs.QPRDC(0));
        assertEquals(0x06030, Regs.QPTC(0));
        assertEquals(0x08700, Regs.QBTC_L(0));
        assertEquals(0x08704, Regs.QBTC_H(0));
        assertEquals(0x08778, Regs.QBTC_L(15));
        assertThrows(IllegalArgumentException.class, () -> Regs.QPRC(16));
        assertEquals(0x0A600, Regs.MPSAR(0));
        assertEquals(0x0A9FC, Regs.MPSAR(255));
        assertEquals(0x0F400, Regs.PFUTA(0));
        assertEquals(0x0E600, Regs.FTQF(0));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regs.MPSAR(256));
        assertTrue(e.getMessage().contains("MPSAR") && e.getMessage().contains("n=256"), e.getMessage());
    }

    // ---- field helpers ---------------------------------------------------------------------

    @Test
    void fieldReadsUnsignedEvenAtBit31() {
        assertEquals(1, Regs.field(0x8000_0000, Regs.RAH_.AV));
        assertEquals(0, Regs.field(0x7FFF_FFFF, Regs.RAH_.AV));
        assertEquals(0b11, Regs.field(0x7000_0000, Regs.LINKS_.LINK_SPEED));
        assertEquals(Regs.LINKS_.LINK_SPEED_10G, Regs.field(0x7000_0000, Regs.LINKS_.LINK_SPEED));
        assertEquals(0x3FFFFFFF, Regs.field(-1, Regs.TDWBAL_.HEAD_WB_LOW));
        assertEquals(0x7F, Regs.field(-1, Regs.TXDCTL_.WTHRESH));
    }

    @Test
    void withFieldChangesOnlyItsField() {
        final int srrctl = 0x0000_0402; // the reset value: BSIZEPACKET 2 KiB, BSIZEHEADER 4 x 64 bytes
        final int advanced = Regs.withField(srrctl, Regs.SRRCTL_.DESCTYPE, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER);
        assertEquals(0x0200_0402, advanced);
        assertEquals(0x0000_0402, Regs.withField(advanced, Regs.SRRCTL_.DESCTYPE, Regs.SRRCTL_.DESCTYPE_LEGACY));
        assertEquals(0xFFFF_FFFF, Regs.withField(-1, Regs.RAH_.AV, 1));
        assertEquals(0x7FFF_FFFF, Regs.withField(-1, Regs.RAH_.AV, 0));
        final int txdctl = Regs.withField(Regs.withField(Regs.withField(0, Regs.TXDCTL_.PTHRESH, 36),
                Regs.TXDCTL_.HTHRESH, 8), Regs.TXDCTL_.WTHRESH, 4);
        assertEquals(36 | 8 << 8 | 4 << 16, txdctl, "ixy's thresholds");
    }

    @Test
    void withFieldRefusesAValueThatDoesNotFit() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Regs.withField(0, Regs.TXDCTL_.PTHRESH, 0x80));
        assertTrue(e.getMessage().contains("0x80") && e.getMessage().contains("0x0000007f"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Regs.withField(0, Regs.RAH_.AV, 2));
        assertThrows(IllegalArgumentException.class, () -> Regs.withField(0, Regs.SRRCTL_.DESCTYPE, -1));
    }

    /**
     * Every constant in a {@code Regs.X_} class is either a field mask (a non-zero contiguous run
     * of ones, disjoint from the class's other masks; the helpers assume it) or a value of a field
     * whose name prefixes its own ({@code DESCTYPE_LEGACY} for {@code DESCTYPE}), which must fit.
     */
    @Test
    void everyFieldOfTheTableIsAContiguousMaskOrAValueThatFits() throws IllegalAccessException {
        int checked = 0;
        for (final Class<?> register : Regs.class.getDeclaredClasses()) {
            final Map<String, Integer> constants = new HashMap<>();
            for (final Field field : register.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                    constants.put(field.getName(), field.getInt(null));
                }
            }
            int masks = 0;
            for (final Map.Entry<String, Integer> constant : constants.entrySet()) {
                final String name = register.getSimpleName() + constant.getKey();
                final String ofField = fieldOf(constant.getKey(), constants);
                if (ofField != null) {
                    final int mask = constants.get(ofField);
                    final int value = constant.getValue();
                    assertEquals(value, Regs.field(Regs.withField(0, mask, value), mask), name + " fits " + ofField);
                    continue;
                }
                final int mask = constant.getValue();
                assertNotEquals(0, mask, name + " is an empty mask");
                final int shifted = mask >>> Integer.numberOfTrailingZeros(mask);
                assertEquals(0, shifted & (shifted + 1), String.format("%s = 0x%08x is not one run of ones", name, mask));
                assertEquals(0, masks & mask, String.format("%s = 0x%08x overlaps another field", name, mask));
                masks |= mask;
                assertEquals(mask, Regs.withField(0, mask, Regs.field(-1, mask)), name + " round trip");
                checked++;
            }
        }
        assertTrue(checked > 40, "checked " + checked + " masks");
    }

    /** The name of the field that constant {@code name} is a value of, or null if it is a mask. */
    private static String fieldOf(final String name, final Map<String, Integer> constants) {
        for (int cut = name.lastIndexOf('_'); cut > 0; cut = name.lastIndexOf('_', cut - 1)) {
            if (constants.containsKey(name.substring(0, cut))) {
                return name.substring(0, cut);
            }
        }
        return null;
    }
}
