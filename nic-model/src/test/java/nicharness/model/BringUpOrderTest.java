package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;

/**
 * The bring-up's order of register accesses, not only its final state (as Agrona's ring buffer
 * tests check the order of stores): queues stop before master disable, master disable before
 * reset, interrupts are masked after the reset, the EEPROM and DMA are waited for after it, and
 * filters are written after it (a reset would undo them).
 */
class BringUpOrderTest {
    /** One register access. */
    record Access(boolean write, int offset, int value) {
    }

    /** Records every access on its way to the model. */
    static final class Recorder implements RegisterSpace {
        final RegisterSpace target;
        final List<Access> accesses = new ArrayList<>();

        Recorder(final RegisterSpace target) {
            this.target = target;
        }

        @Override
        public int read(final int offset) {
            final int value = target.read(offset);
            accesses.add(new Access(false, offset, value));
            return value;
        }

        @Override
        public void write(final int offset, final int value) {
            accesses.add(new Access(true, offset, value));
            target.write(offset, value);
        }

        @Override
        public long size() {
            return target.size();
        }

        int first(final boolean write, final int offset, final int bits) {
            return firstAfter(-1, write, offset, bits);
        }

        int firstAfter(final int index, final boolean write, final int offset, final int bits) {
            for (int i = index + 1; i < accesses.size(); i++) {
                final Access a = accesses.get(i);
                if (a.write() == write && a.offset() == offset && (a.value() & bits) == bits) {
                    return i;
                }
            }
            return -1;
        }

        int last(final boolean write, final int offset) {
            for (int i = accesses.size() - 1; i >= 0; i--) {
                if (accesses.get(i).write() == write && accesses.get(i).offset() == offset) {
                    return i;
                }
            }
            return -1;
        }
    }

    @Test
    void stepsHappenInTheDatasheetsOrder() throws DeviceInitException {
        final Fixture fixture = new Fixture();
        final NicModel nic = fixture.nic(0);
        final Recorder regs = new Recorder(nic.registers());
        new DeviceBringUp(regs, 1_000, Fixture.NO_SLEEP).run();
        nic.faults().assertNone();

        final int lastQueueStop = regs.last(true, Regs.RXDCTL(127));
        final int masterDisable = regs.first(true, Regs.CTRL, Regs.CTRL_.MASTER_DISABLE);
        final int reset = regs.first(true, Regs.CTRL, Regs.CTRL_.RST);
        final int resetPolled = regs.firstAfter(reset, false, Regs.CTRL, 0);
        final int maskInterrupts = regs.first(true, Regs.EIMC, 0x7FFFFFFF);
        final int eeprom = regs.first(false, Regs.EEC, Regs.EEC_.AUTO_RD);
        final int dma = regs.first(false, Regs.RDRXCTL, Regs.RDRXCTL_.DMAIDONE);
        final int promiscuous = regs.first(true, Regs.FCTRL, Regs.FCTRL_.UPE | Regs.FCTRL_.MPE | Regs.FCTRL_.BAM);
        final int link = regs.first(true, Regs.AUTOC, Regs.AUTOC_.AN_RESTART);
        assertTrue(lastQueueStop >= 0 && lastQueueStop < masterDisable, "queues stop before master disable");
        assertTrue(masterDisable < reset, "master disable before reset");
        assertTrue(reset < maskInterrupts, "interrupts masked after the reset (4.6.3.1)");
        assertTrue(resetPolled > reset && resetPolled < maskInterrupts, "the reset is seen complete before going on");
        assertEquals(0, regs.accesses.get(resetPolled).value() & (Regs.CTRL_.RST | Regs.CTRL_.LNK_RST));
        assertTrue(reset < eeprom && eeprom < dma, "EEPROM then DMA init, after the reset");
        assertTrue(dma < promiscuous && promiscuous < link, "filters after the reset, link last");
        assertEquals(1, regs.accesses.stream().filter(a -> a.write() && a.offset() == Regs.CTRL
                && (a.value() & Regs.CTRL_.RST) != 0).count(), "exactly one reset");
        nic.close();
        fixture.host.close();
    }
}
