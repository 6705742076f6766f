package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The register file: reset, register classes and aliases. */
class RegisterFileTest {
    private final Fixture fixture = new Fixture();
    private final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().port(1).mac(0x0A_0B_0C_0D_0E_0FL).build();
    private final RegisterSpace regs = nic.registers();

    @AfterEach
    void noFaults() {
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    @Test
    void resetValuesAreTheDatasheets() {
        assertEquals(0, regs.read(Regs.CTRL));
        assertEquals((1 << 2) | Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS, regs.read(Regs.STATUS), "LAN ID 1, GIO set");
        assertEquals(Regs.EEC_.EE_PRES | Regs.EEC_.AUTO_RD, regs.read(Regs.EEC) & (Regs.EEC_.EE_PRES | Regs.EEC_.AUTO_RD));
        assertEquals(0, regs.read(Regs.FWSM) & Regs.FWSM_.EXT_ERR_IND);
        assertEquals(Regs.RDRXCTL_.DMAIDONE, regs.read(Regs.RDRXCTL));
        assertEquals(Regs.SECRXSTAT_.SECRX_RDY, regs.read(Regs.SECRXSTAT));
        assertEquals(0x70000000, regs.read(Regs.LINKS), "link up at 10 Gb/s");
        assertEquals(0x08000403, regs.read(Regs.HLREG0));
        assertEquals(0x0D0C0B0A, regs.read(Regs.RAL(0)), "first MAC byte in RAL bits 7:0");
        assertEquals(Regs.RAH_.AV | 0x0F0E, regs.read(Regs.RAH(0)));
        for (final int q : new int[] {0, 15, 63, 64, 127}) {
            assertEquals(0x00000402, regs.read(Regs.SRRCTL(q)), "SRRCTL(" + q + ")");
            assertEquals(1 << 12, regs.read(Regs.DCA_RXCTRL(q)), "DCA_RXCTRL(" + q + ")");
            assertEquals(0, regs.read(Regs.RXDCTL(q)));
            assertEquals(0, regs.read(Regs.TXDCTL(q)));
            assertEquals(Regs.DCA_TXCTRL_.TX_DESC_WRO_EN, regs.read(Regs.DCA_TXCTRL(q)));
        }
        assertEquals(0x00080000, regs.read(Regs.RXPBSIZE(0)));
        assertEquals(0x00028000, regs.read(Regs.TXPBSIZE(7)));
        assertEquals(0x96, regs.read(Regs.TXPBTHRESH(0)));
    }

    @Test
    void resetSelfClearsAndRestoresEveryQueueRegister() {
        for (final int q : new int[] {0, 64, 127}) {
            regs.write(Regs.RDT(q), 5);
            regs.write(Regs.TDH(q), 3);
            regs.write(Regs.SRRCTL(q), 0x12345678);
        }
        nic.faults().clear(); // the tails moved before any queue was enabled: not the point here
        regs.write(Regs.FCTRL, Regs.FCTRL_.UPE);
        regs.write(Regs.CTRL, Regs.CTRL_.RST);
        assertEquals(0, regs.read(Regs.CTRL), "RST self-clears");
        for (final int q : new int[] {0, 64, 127}) {
            assertEquals(0, regs.read(Regs.RDT(q)));
            assertEquals(0, regs.read(Regs.TDH(q)));
            assertEquals(0x402, regs.read(Regs.SRRCTL(q)));
        }
        assertEquals(0, regs.read(Regs.FCTRL));
        assertEquals(0x0D0C0B0A, regs.read(Regs.RAL(0)), "RAL0 reloaded");
    }

    @Test
    void repeatedResetsAreHarmless() {
        for (int i = 0; i < 4000; i++) { // ixy.java writes the reset 4000 times
            regs.write(Regs.CTRL, Regs.CTRL_.RST | Regs.CTRL_.LNK_RST);
        }
        assertEquals(0, regs.read(Regs.CTRL));
        assertEquals(0, regs.read(Regs.RDH(0)) | regs.read(Regs.RDT(0)) | regs.read(Regs.TDH(0)) | regs.read(Regs.TDT(0)));
        assertEquals(Regs.RDRXCTL_.DMAIDONE, regs.read(Regs.RDRXCTL));
    }

    @Test
    void statusGioFollowsMasterDisable() {
        regs.write(Regs.CTRL, Regs.CTRL_.MASTER_DISABLE);
        assertEquals(0, regs.read(Regs.STATUS) & Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS);
        regs.write(Regs.CTRL, 0);
        assertTrue((regs.read(Regs.STATUS) & Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS) != 0);
        regs.write(Regs.CTRL, Regs.CTRL_.MASTER_DISABLE);
        regs.write(Regs.CTRL, Regs.CTRL_.RST);
        assertTrue((regs.read(Regs.STATUS) & Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS) != 0, "reset clears master disable");
    }

    @Test
    void storageRoundTripsAndReadOnlyBitsIgnoreWrites() {
        regs.write(Regs.FCTRL, 0x00000700);
        assertEquals(0x00000700, regs.read(Regs.FCTRL));
        regs.write(Regs.STATUS, 0);
        assertEquals((1 << 2) | Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS, regs.read(Regs.STATUS));
        regs.write(Regs.RDRXCTL, Regs.RDRXCTL_.CRC_STRIP);
        assertEquals(Regs.RDRXCTL_.CRC_STRIP | Regs.RDRXCTL_.DMAIDONE, regs.read(Regs.RDRXCTL), "DMAIDONE stays 1");
        regs.write(Regs.AUTOC, regs.read(Regs.AUTOC) | Regs.AUTOC_.AN_RESTART);
        assertEquals(0, regs.read(Regs.AUTOC) & Regs.AUTOC_.AN_RESTART, "AN_RESTART self-clears");
        regs.write(Regs.EEC, 0);
        assertEquals(0x300, regs.read(Regs.EEC) & 0x300);
    }

    @Test
    void aliasesNameTheSameStorage() {
        for (int q = 0; q < 16; q++) {
            regs.write(Regs.SRRCTL_ALIAS(q), 0x02000002 + q);
            assertEquals(0x02000002 + q, regs.read(Regs.SRRCTL(q)));
            regs.write(Regs.SRRCTL(q), 0x10000402);
            assertEquals(0x10000402, regs.read(Regs.SRRCTL_ALIAS(q)));
            regs.write(Regs.DCA_RXCTRL_ALIAS(q), 0);
            assertEquals(0, regs.read(Regs.DCA_RXCTRL(q)));
        }
        assertEquals(0x402, regs.read(Regs.SRRCTL(16)), "queue 16 has no alias");
    }

    @Test
    void interruptMaskSetAndClear() {
        regs.write(Regs.EIMS, 0x5);
        regs.write(Regs.EIMS, 0x2);
        assertEquals(0x7, regs.read(Regs.EIMS), "write one to set");
        regs.write(Regs.EIMC, 0x4);
        assertEquals(0x3, regs.read(Regs.EIMS), "EIMC clears EIMS");
        assertEquals(0, regs.read(Regs.EIMC), "EIMC reads 0");
        regs.write(Regs.EIMC, 0x7FFFFFFF);
        assertEquals(0, regs.read(Regs.EIMS));
        regs.write(Regs.EIMS_EX(1), 0xF0);
        regs.write(Regs.EIMC_EX(1), 0x30);
        assertEquals(0xC0, regs.read(Regs.EIMS_EX(1)));
        assertEquals(0, regs.read(Regs.EICR), "no interrupt causes");
    }

    @Test
    void statisticsClearOnRead() {
        assertEquals(0, regs.read(Regs.GPRC));
        assertEquals(0, regs.read(Regs.GORCL));
        assertEquals(0, regs.read(Regs.GORCH));
    }

    @Test
    void unknownOffsetIsAFaultInStrictMode() {
        regs.write(0x01FFC, 1); // nothing there
        assertEquals(1, regs.read(0x01FFC), "unknown offsets still store");
        assertEquals(2, nic.faults().count(FaultKind.UNKNOWN_REGISTER));
        regs.read(0x20000);
        regs.write(0x6, 0);
        assertEquals(2, nic.faults().count(FaultKind.BAD_REGISTER_OFFSET));
        nic.faults().clear();
    }

    @Test
    void queueBlocksAboveSixtyFourAreSeparate() {
        regs.write(Regs.RDBAL(64), 0x1000);
        assertEquals(0x1000, regs.read(Regs.RDBAL(64)));
        assertEquals(0, regs.read(Regs.RDBAL(0)));
        assertEquals(0x0D000, Regs.RDBAL(64));
    }
}
