package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.env.RegisterSpace;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;

/** The shared bring-up of module ixgbe, against the model (which is why the test lives here). */
class DeviceBringUpTest {
    private final Fixture fixture = new Fixture();

    private static DeviceBringUp bringUp(final RegisterSpace regs) {
        return new DeviceBringUp(regs, 1_000, Fixture.NO_SLEEP);
    }

    @Test
    void bringsAHealthyCardUpWithoutFaults() throws DeviceInitException {
        final NicModel nic = fixture.nic(0);
        final RegisterSpace regs = nic.registers();
        regs.write(Regs.FCTRL, 0);
        regs.write(Regs.MTA(5), 0xFFFF);
        bringUp(regs).run();
        nic.faults().assertNone();
        assertEquals(Regs.FCTRL_.UPE | Regs.FCTRL_.MPE | Regs.FCTRL_.BAM, regs.read(Regs.FCTRL));
        assertEquals(0, regs.read(Regs.MTA(5)));
        assertEquals(1, regs.read(Regs.MPSAR(0)));
        assertTrue((regs.read(Regs.RDRXCTL) & Regs.RDRXCTL_.CRC_STRIP) != 0);
        assertTrue((regs.read(Regs.HLREG0) & Regs.HLREG0_.RXCRCSTRP) != 0);
        assertEquals(0, regs.read(Regs.EIMS));
        assertEquals(0, regs.read(Regs.CTRL));
        assertEquals(0x9E, regs.read(Regs.TXPBTHRESH(0)) & Regs.TXPBTHRESH_.THRESH);
        assertEquals(0, regs.read(Regs.RXPBSIZE(3)));
        assertEquals(0, regs.read(Regs.RTTDCS) & Regs.RTTDCS_.ARBDIS);
        nic.close();
    }

    @Test
    void survivesSlowSettlingBits() throws DeviceInitException {
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().settleReads(5).build();
        bringUp(nic.registers()).run();
        nic.faults().assertNone();
        nic.close();
    }

    @Test
    void aCardThatNeverLeavesResetIsNamed() {
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().resetNeverCompletes().build();
        final DeviceInitException e = assertThrows(DeviceInitException.class, () -> bringUp(nic.registers()).run());
        assertEquals("CTRL.RST", e.register());
        assertEquals(Regs.CTRL, e.offset());
        assertTrue(e.getMessage().contains("CTRL.RST") && e.getMessage().contains("0x00000"), e.getMessage());
        nic.close();
    }

    @Test
    void stuckEepromAutoReadIsNamed() {
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().stuckBits(Regs.EEC, Regs.EEC_.AUTO_RD, 0).build();
        final DeviceInitException e = assertThrows(DeviceInitException.class, () -> bringUp(nic.registers()).run());
        assertEquals("EEC.AUTO_RD", e.register());
        nic.close();
    }

    @Test
    void stuckDmaInitIsNamed() {
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().stuckBits(Regs.RDRXCTL, Regs.RDRXCTL_.DMAIDONE, 0).build();
        assertEquals("RDRXCTL.DMAIDONE",
                assertThrows(DeviceInitException.class, () -> bringUp(nic.registers()).run()).register());
        nic.close();
    }

    @Test
    void linkDownIsNamedUnlessNotWaitedFor() throws DeviceInitException {
        final NicModel nic = fixture.nic(0);
        nic.setLinkUp(false);
        assertEquals("LINKS.LINK_UP",
                assertThrows(DeviceInitException.class, () -> bringUp(nic.registers()).run()).register());
        bringUp(nic.registers()).waitForLink(false).run();
        nic.close();
    }

    @Test
    void stuckMasterEnableTakesTheFallbackAndStillResets() throws DeviceInitException {
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink()
                .stuckBits(Regs.STATUS, Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS, Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS)
                .build();
        bringUp(nic.registers()).run();
        assertEquals(0, nic.registers().read(Regs.HLREG0) & Regs.HLREG0_.LPBK);
        nic.close();
    }
}
