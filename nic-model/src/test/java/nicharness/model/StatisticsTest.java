package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import nicharness.env.RegisterSpace;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Statistics and link ({@code nic-model/README.md}, "Statistics and link"). */
class StatisticsTest {
    private static final int N = 32;
    private final Fixture fixture = new Fixture();
    private final NicModel nic = fixture.nic(0);
    private final RegisterSpace regs = nic.registers();
    private final Fixture.Ring rx = fixture.new Ring(N);
    private final Fixture.Ring tx = fixture.new Ring(N);

    StatisticsTest() {
        Fixture.bringUp(regs);
        Fixture.setUpReceive(regs, 0, rx, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        Fixture.setUpTransmit(regs, 0, tx, 0, 0);
    }

    @AfterEach
    void noFaults() {
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    @Test
    void countersMatchTheFramesAndClearOnRead() {
        for (int i = 0; i < 40; i++) { // 31 fit, 9 are dropped for lack of descriptors
            nic.receiveFromWire(Fixture.frame(100, i));
        }
        for (int i = 0; i < 5; i++) {
            tx.fill(i, Fixture.frame(200, i));
            tx.setQword1(i, LegacyTxDescriptor.command(200, false));
        }
        regs.write(Regs.TDT(0), 5);
        assertEquals(40, regs.read(Regs.GPRC));
        assertEquals(0, regs.read(Regs.GPRC), "clear on read");
        assertEquals(40, regs.read(Regs.TPR));
        assertEquals(31, regs.read(Regs.QPRC(0)));
        assertEquals(9, regs.read(Regs.QPRDC(0)));
        assertEquals(0, regs.read(Regs.MPC(0)));
        assertEquals(40 * 100, regs.read(Regs.GORCL), "CRC stripped: 100 bytes each");
        assertEquals(0, regs.read(Regs.GORCH));
        assertEquals(0, regs.read(Regs.GORCL), "reading H cleared the pair");
        assertEquals(31 * 100, regs.read(Regs.QBRC_L(0)));
        assertEquals(0, regs.read(Regs.QBRC_H(0)));
        assertEquals(40, regs.read(Regs.PRC127), "104 bytes on the wire");
        assertEquals(5, regs.read(Regs.GPTC));
        assertEquals(5, regs.read(Regs.TPT));
        assertEquals(5 * 204, regs.read(Regs.GOTCL), "GOTC includes the FCS");
        assertEquals(0, regs.read(Regs.GOTCH));
        assertEquals(5, regs.read(Regs.QPTC(0)));
        assertEquals(5 * 200, regs.read(Regs.QBTC_L(0)));
        assertEquals(5, regs.read(Regs.PTC255));
    }

    @Test
    void sixtyFourBitCountersCarryIntoTheHighHalf() {
        nic.statistics().add(Statistics.GORC, 0x1_0000_0005L);
        assertEquals(5, regs.read(Regs.GORCL));
        assertEquals(1, regs.read(Regs.GORCH));
        assertEquals(0, regs.read(Regs.GORCL));
        assertEquals(0, regs.read(Regs.GORCH));
        nic.statistics().add(Statistics.GORC, 0x2_0000_0007L);
        assertEquals(0x2_0000_0007L, nic.readStatistic(Regs.GORCL), "readStatistic gives both halves");
        assertEquals(0, nic.readStatistic(Regs.GORCL));
    }

    @Test
    void resetClearsStatistics() {
        nic.receiveFromWire(Fixture.frame(64, 0));
        regs.write(Regs.CTRL, Regs.CTRL_.RST);
        assertEquals(0, regs.read(Regs.GPRC));
        assertEquals(0, nic.readStatistic(Regs.QPRC(0)));
    }

    @Test
    void statisticsSlotFollowsRqsmr() {
        regs.write(Regs.RQSMR(0), 3); // queue 0 -> slot 3
        nic.receiveFromWire(Fixture.frame(64, 0));
        assertEquals(0, nic.readStatistic(Regs.QPRC(0)));
        assertEquals(1, nic.readStatistic(Regs.QPRC(3)));
    }

    @Test
    void linkDownLosesArrivingFramesAndReadsZero() {
        nic.setLinkUp(false);
        assertEquals(0, regs.read(Regs.LINKS));
        assertFalse(nic.receiveFromWire(Fixture.frame(64, 0)));
        assertEquals(0, regs.read(Regs.TPR), "a frame that never arrived is not counted");
        nic.setLinkUp(true);
        assertEquals(Regs.LINKS_.LINK_UP | (Regs.LINKS_.LINK_SPEED_10G << 28), regs.read(Regs.LINKS));
    }
}
