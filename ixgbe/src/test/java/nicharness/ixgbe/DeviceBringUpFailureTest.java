package nicharness.ixgbe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import nicharness.env.MemoryRegisterSpace;
import org.junit.jupiter.api.Test;

/**
 * How a failed bring-up reports itself (the software 82599's own tests cover the bring-up that
 * succeeds): unchecked, as every set-up failure of the drivers, and naming the device, the register
 * bit and what to check. Registers here are plain storage, so CTRL.RST never clears itself.
 */
class DeviceBringUpFailureTest {

    @Test
    void aCardThatNeverLeavesResetIsNamedWithTheRegisterBit() {
        final MemoryRegisterSpace storage = new MemoryRegisterSpace(Arena.ofAuto().allocate(Regs.BAR0_SIZE, 4096));
        final DeviceBringUp bringUp = new DeviceBringUp(storage, RegisterWait.POLLS, nanos -> { }).named("port 3");
        // A Runnable cannot throw a checked exception: this line compiles only while run() is unchecked.
        final Runnable open = bringUp::run;
        final DeviceInitException failure = assertThrows(DeviceInitException.class, open::run);
        assertEquals("CTRL.RST", failure.register());
        assertEquals(Regs.CTRL, failure.offset());
        assertEquals(Regs.CTRL_.RST | Regs.CTRL_.LNK_RST, failure.mask());
        assertTrue(failure.getMessage().startsWith("port 3: CTRL.RST (register offset 0x00000"), failure.getMessage());
        assertTrue(failure.getMessage().contains("did not finish its software reset; check that the card is an 82599"), failure.getMessage());
    }
}
