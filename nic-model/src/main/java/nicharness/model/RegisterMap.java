package nicharness.model;

import static nicharness.ixgbe.Regs.*;

import nicharness.ixgbe.Regs;

/**
 * The layout of the model's BAR0 (datasheet 8.2.2 and 8.2.3): for every 32-bit word, its {@link RegisterKind}
 * and its reset value, and the aliases that name the same storage. Immutable and shared by every
 * model; the port-specific reset values (STATUS.LAN_ID, RAL0/RAH0, LINKS) are applied by
 * {@link DeviceReset}.
 */
final class RegisterMap {
    private RegisterMap() {
    }

    /** Words in BAR0. */
    static final int WORDS = Regs.BAR0_SIZE / 4;

    private static final RegisterKind[] KINDS = new RegisterKind[WORDS];
    private static final int[] RESET = new int[WORDS];

    /** SRRCTL(q) for q &lt; 16 also answers at 0x02100 + 4q (datasheet 8.2.3.8.7). */
    static final int SRRCTL_ALIAS_BASE = 0x02100;
    /** DCA_RXCTRL(q) for q &lt; 16 also answers at 0x02200 + 4q (datasheet 8.2.3.11.1). */
    static final int DCA_RXCTRL_ALIAS_BASE = 0x02200;

    static {
        java.util.Arrays.fill(KINDS, RegisterKind.UNKNOWN);
        // General control and status (8.2.3.1, 8.2.3.2, 8.2.3.4)
        define(CTRL, RegisterKind.CTRL, 0);
        define(STATUS, RegisterKind.RO, STATUS_.PCIE_MASTER_ENABLE_STATUS);
        define(CTRL_EXT, RegisterKind.RW, 0);
        define(EEC, RegisterKind.RO, EEC_.EE_PRES | EEC_.AUTO_RD);
        define(FWSM, RegisterKind.RO, 0);
        define(GCR_EXT, RegisterKind.RW, 0);
        // Interrupts (8.2.3.5): bookkeeping only, the model raises no causes
        define(EICR, RegisterKind.INTERRUPT_CAUSE, 0);
        define(EICS, RegisterKind.RW, 0);
        define(EIAC, RegisterKind.RW, 0);
        define(EIAM, RegisterKind.RW, 0);
        define(GPIE, RegisterKind.RW, 0);
        define(EIMS, RegisterKind.INTERRUPT_MASK_SET, 0);
        define(EIMC, RegisterKind.INTERRUPT_MASK_CLEAR, 0);
        for (int n = 0; n < 24; n++) {
            define(EITR(n), RegisterKind.RW, 0);
        }
        for (int n = 0; n < 64; n++) {
            define(IVAR(n), RegisterKind.RW, 0);
        }
        for (int n = 0; n < 2; n++) {
            define(EIMS_EX(n), RegisterKind.INTERRUPT_MASK_SET, 0);
            define(EIMC_EX(n), RegisterKind.INTERRUPT_MASK_CLEAR, 0);
        }
        // Receive queues (8.2.3.8)
        for (int q = 0; q < QUEUE_COUNT; q++) {
            define(RDBAL(q), RegisterKind.RW, 0);
            define(RDBAH(q), RegisterKind.RW, 0);
            define(RDLEN(q), RegisterKind.RW, 0);
            define(DCA_RXCTRL(q), RegisterKind.RW, 1 << 12); // bit 12 reserved, resets to 1, drivers clear it
            define(RDH(q), RegisterKind.RDH, 0);
            define(SRRCTL(q), RegisterKind.RW, 0x00000402); // BSIZEPACKET 2 KiB, BSIZEHEADER 4 x 64 B
            define(RDT(q), RegisterKind.RDT, 0);
            define(RXDCTL(q), RegisterKind.RXDCTL, 0);
            define(RSCCTL(q), RegisterKind.RW, 0);
        }
        define(RDRXCTL, RegisterKind.RDRXCTL, RDRXCTL_.DMAIDONE);
        define(RXCTRL, RegisterKind.RW, 0);
        for (int n = 0; n < 32; n++) {
            define(RQSMR(n), RegisterKind.RW, 0);
            define(TQSM(n), RegisterKind.RW, 0);
        }
        define(MRQC, RegisterKind.RW, 0);
        define(MTQC, RegisterKind.RW, 0);
        define(SECRXCTRL, RegisterKind.RW, 0);
        define(SECRXSTAT, RegisterKind.RO, SECRXSTAT_.SECRX_RDY);
        // Filters (8.2.3.7, 8.2.3.27)
        define(FCTRL, RegisterKind.RW, 0);
        define(VLNCTRL, RegisterKind.RW, 0);
        for (int n = 0; n < 128; n++) {
            define(MTA(n), RegisterKind.RW, 0);
            define(RAL(n), RegisterKind.RW, 0);
            define(RAH(n), RegisterKind.RW, 0);
            define(PFUTA(n), RegisterKind.RW, 0);
            define(PFVLVFB(n), RegisterKind.RW, 0);
            define(FTQF(n), RegisterKind.RW, 0);
        }
        for (int n = 0; n < 64; n++) {
            define(PFVLVF(n), RegisterKind.RW, 0);
        }
        for (int n = 0; n < 256; n++) {
            define(MPSAR(n), RegisterKind.RW, 0);
        }
        // Packet buffers and flow control (8.2.3.3, 8.2.3.9)
        for (int n = 0; n < 8; n++) {
            define(FCRTH(n), RegisterKind.RW, 0);
            define(FCRTL(n), RegisterKind.RW, 0);
            define(RXPBSIZE(n), RegisterKind.RW, 0x00080000); // 512 KiB
            define(TXPBSIZE(n), RegisterKind.RW, 0x00028000); // 160 KiB
            define(TXPBTHRESH(n), RegisterKind.RW, n == 0 ? 0x96 : 0);
        }
        define(FCCFG, RegisterKind.RW, 0);
        define(MFLCN, RegisterKind.RW, 0);
        // MAC (8.2.3.22)
        define(HLREG0, RegisterKind.RW, 0x08000403); // TXCRCEN, RXCRCSTRP, TXPADEN, RXLNGTHERREN
        define(MAXFRS, RegisterKind.RW, 0x05EE0000); // MFS = 1518
        define(AUTOC, RegisterKind.AUTOC, AUTOC_.LMS_10G_SERIAL << 13);
        define(LINKS, RegisterKind.RO, 0); // set by reset and setLinkUp
        // Transmit (8.2.3.9, 8.2.3.10)
        for (int q = 0; q < QUEUE_COUNT; q++) {
            define(TDBAL(q), RegisterKind.RW, 0);
            define(TDBAH(q), RegisterKind.RW, 0);
            define(TDLEN(q), RegisterKind.RW, 0);
            define(DCA_TXCTRL(q), RegisterKind.RW, DCA_TXCTRL_.TX_DESC_WRO_EN);
            define(TDH(q), RegisterKind.TDH, 0);
            define(TDT(q), RegisterKind.TDT, 0);
            define(TXDCTL(q), RegisterKind.TXDCTL, 0);
            define(TDWBAL(q), RegisterKind.RW, 0);
            define(TDWBAH(q), RegisterKind.RW, 0);
        }
        define(DMATXCTL, RegisterKind.DMATXCTL, 0);
        define(DTXMXSZRQ, RegisterKind.RW, 0);
        define(RTTDCS, RegisterKind.RW, 0);
        define(RTTDQSEL, RegisterKind.RW, 0);
        define(RTTDT1C, RegisterKind.RW, 0);
        // Statistics (8.2.3.23)
        for (final int offset : Statistics.OFFSETS_32) {
            define(offset, RegisterKind.STATISTIC, 0);
        }
        for (final int offset : Statistics.OFFSETS_64_LOW) {
            define(offset, RegisterKind.STATISTIC_LOW, 0);
            define(offset + 4, RegisterKind.STATISTIC_HIGH, 0);
        }
    }

    private static final int[] NON_ZERO_RESET = java.util.stream.IntStream.range(0, WORDS)
            .filter(word -> RESET[word] != 0).toArray();

    private static void define(final int offset, final RegisterKind kind, final int reset) {
        KINDS[offset >>> 2] = kind;
        RESET[offset >>> 2] = reset;
    }

    /** Writes every non-zero port-independent reset value into {@code file} (which is zeroed). */
    static void applyResetValues(final RegisterFile file) {
        for (final int word : NON_ZERO_RESET) {
            file.release(word << 2, RESET[word]);
        }
    }

    /** Whether {@code offset} is a 4-byte aligned offset inside BAR0. */
    static boolean inRange(final int offset) {
        return (offset & 3) == 0 && offset >= 0 && offset < Regs.BAR0_SIZE;
    }

    /** The offset of the storage {@code offset} names: aliases map to their per-queue form. */
    static int canonical(final int offset) {
        if (offset >= SRRCTL_ALIAS_BASE && offset < SRRCTL_ALIAS_BASE + 64) {
            return SRRCTL((offset - SRRCTL_ALIAS_BASE) >>> 2);
        }
        if (offset >= DCA_RXCTRL_ALIAS_BASE && offset < DCA_RXCTRL_ALIAS_BASE + 64) {
            return DCA_RXCTRL((offset - DCA_RXCTRL_ALIAS_BASE) >>> 2);
        }
        return offset;
    }

    /** The kind of the register at canonical {@code offset}. */
    static RegisterKind kind(final int offset) {
        return KINDS[offset >>> 2];
    }

    /** The reset value of the register at canonical {@code offset} (port-independent part). */
    static int resetValue(final int offset) {
        return RESET[offset >>> 2];
    }

    /** The receive queue whose block holds canonical {@code offset} (for RDT, RDH, RXDCTL, ...). */
    static int rxQueueOf(final int offset) {
        return offset < 0x0D000 ? (offset - 0x01000) >>> 6 : 64 + ((offset - 0x0D000) >>> 6);
    }

    /** The transmit queue whose block holds canonical {@code offset} (for TDT, TDH, TXDCTL, ...). */
    static int txQueueOf(final int offset) {
        return (offset - 0x06000) >>> 6;
    }

    /** Whether {@code offset} (canonical) is a doorbell, RDT or TDT: counted apart in {@link ModelCounters}. */
    static boolean isDoorbell(final int offset) {
        final RegisterKind kind = KINDS[offset >>> 2];
        return kind == RegisterKind.RDT || kind == RegisterKind.TDT;
    }
}
