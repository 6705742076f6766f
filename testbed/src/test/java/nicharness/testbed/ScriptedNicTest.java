package nicharness.testbed;

import static nicharness.ixgbe.Descriptor.QWORD;
import static nicharness.ixgbe.Descriptor.QWORD0;
import static nicharness.ixgbe.Descriptor.QWORD1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scripted card against a driver of a few lines played by the test: what each step writes where. */
class ScriptedNicTest {
    private static final int RING = 8;
    private static final int BUFFER = 2048;
    private final SimulatedDmaMemory memory = new SimulatedDmaMemory(4L << 20);
    private final DmaRegion receiveRing = memory.allocate(RING * Descriptor.SIZE, Descriptor.RING_ALIGNMENT);
    private final DmaRegion transmitRing = memory.allocate(RING * Descriptor.SIZE, Descriptor.RING_ALIGNMENT);
    private final DmaRegion buffers = memory.allocate((long) RING * BUFFER, BUFFER);
    private final DmaRegion headSlot = memory.allocate(64, 64);

    @AfterEach
    void close() {
        memory.close();
    }

    /** A card whose receive queue 0 has descriptors of {@code descriptorType}, n on buffer n, all but one its own. */
    private ScriptedNic receiving(final int index, final int descriptorType) {
        final ScriptedNic nic = new ScriptedNic(memory, index, Transmit.BY_HAND);
        final RegisterSpace registers = nic.registers();
        registers.write(Regs.RDBAL(0), (int) receiveRing.physicalAddress());
        registers.write(Regs.RDBAH(0), (int) (receiveRing.physicalAddress() >>> 32));
        registers.write(Regs.RDLEN(0), RING * Descriptor.SIZE);
        Regs.writeField(registers, Regs.SRRCTL(0), Regs.SRRCTL_.DESCTYPE, descriptorType);
        for (int n = 0; n < RING; n++) {
            QWORD.set(receiveRing.segment(), Descriptor.offset(n) + QWORD0, buffers.physicalAddress((long) n * BUFFER));
        }
        registers.write(Regs.RDT(0), RING - 1);
        return nic;
    }

    /** A card whose transmit queue {@code queue} uses the transmit ring, with head write-back if {@code headWriteBack}. */
    private ScriptedNic transmitting(final Transmit transmit, final int queue, final boolean headWriteBack) {
        final ScriptedNic nic = new ScriptedNic(memory, 0, transmit);
        final RegisterSpace registers = nic.registers();
        registers.write(Regs.TDBAL(queue), (int) transmitRing.physicalAddress());
        registers.write(Regs.TDBAH(queue), (int) (transmitRing.physicalAddress() >>> 32));
        registers.write(Regs.TDLEN(queue), RING * Descriptor.SIZE);
        if (headWriteBack) {
            registers.write(Regs.TDWBAH(queue), (int) (headSlot.physicalAddress() >>> 32));
            registers.write(Regs.TDWBAL(queue), (int) headSlot.physicalAddress() | Regs.TDWBAL_.HEAD_WB_EN);
        }
        return nic;
    }

    /** Descriptor {@code slot} of the transmit ring: buffer {@code slot}, whose bytes are all {@code slot + 1}. */
    private void place(final int slot, final long qword1) {
        buffers.segment().asSlice((long) slot * BUFFER, BUFFER).fill((byte) (slot + 1));
        QWORD.set(transmitRing.segment(), Descriptor.offset(slot) + QWORD0, buffers.physicalAddress((long) slot * BUFFER));
        QWORD.set(transmitRing.segment(), Descriptor.offset(slot) + QWORD1, qword1);
    }

    private static byte[] filled(final int length, final int value) {
        final byte[] frame = new byte[length];
        Arrays.fill(frame, (byte) value);
        return frame;
    }

    private long transmitQword1(final int slot) {
        return (long) QWORD.get(transmitRing.segment(), Descriptor.offset(slot) + QWORD1);
    }

    @Test
    void registersReadBackAsWrittenFromTheResetValuesDriversRelyOn() {
        final ScriptedNic nic = new ScriptedNic(memory, 3, Transmit.BY_HAND);
        final RegisterSpace registers = nic.registers();
        assertEquals(0, registers.read(Regs.CTRL));
        assertEquals(0x402, registers.read(Regs.SRRCTL(40)));
        assertEquals(0x402, registers.read(Regs.SRRCTL_ALIAS(0)));
        assertEquals(Regs.DCA_RXCTRL_.RESERVED_12, registers.read(Regs.DCA_RXCTRL(7)));
        assertTrue((registers.read(Regs.LINKS) & Regs.LINKS_.LINK_UP) != 0);
        assertEquals(Regs.LINKS_.LINK_SPEED_10G, Regs.field(registers.read(Regs.LINKS), Regs.LINKS_.LINK_SPEED));
        assertEquals(Regs.SECRXSTAT_.SECRX_RDY, registers.read(Regs.SECRXSTAT));

        Regs.set(registers, Regs.RXDCTL(0), Regs.RXDCTL_.ENABLE);
        assertTrue(nic.waits().poll(Regs.RXDCTL(0), Regs.RXDCTL_.ENABLE, Regs.RXDCTL_.ENABLE), "reads back at once");
        registers.write(Regs.SRRCTL_ALIAS(5), 0x1234);
        assertEquals(0x1234, registers.read(Regs.SRRCTL(5)), "one register, two addresses");
        Regs.clear(registers, Regs.DCA_RXCTRL(2), Regs.DCA_RXCTRL_.RESERVED_12);
        assertEquals(0, registers.read(Regs.DCA_RXCTRL_ALIAS(2)));

        assertEquals(3, nic.port().index());
        assertSame(registers, nic.port().registers());
    }

    @Test
    void aLegacyReceiveWritesQword1BackAndKeepsTheBufferAddress() {
        final ScriptedNic nic = receiving(0, Regs.SRRCTL_.DESCTYPE_LEGACY);
        final byte[] frame = filled(60, 0x42);
        frame[0] = 7;
        assertTrue(nic.receive(frame));
        assertArrayEquals(frame, buffers.segment().asSlice(0, 60).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(buffers.physicalAddress(), nic.receiveQword(0, QWORD0));
        assertEquals(LegacyRxDescriptor.writeBack(60, true), nic.receiveQword(0, QWORD1));
        assertEquals(1, nic.registers().read(Regs.RDH(0)));
        assertEquals(receiveRing.segment().address(), nic.receiveRing().address());
        assertEquals(RING * Descriptor.SIZE, nic.receiveRing().byteSize());
    }

    @Test
    void anAdvancedReceiveWritesBothQwordsBack() {
        final ScriptedNic nic = receiving(0, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER);
        assertTrue(nic.receive(64, (byte) 0x5A));
        assertTrue(nic.receive(filled(70, 0x11)));
        assertArrayEquals(filled(64, 0x5A), buffers.segment().asSlice(0, 64).toArray(ValueLayout.JAVA_BYTE));
        assertArrayEquals(filled(70, 0x11), buffers.segment().asSlice(BUFFER, 70).toArray(ValueLayout.JAVA_BYTE));
        assertEquals(0L, nic.receiveQword(0, QWORD0));
        assertEquals(AdvancedRxDescriptor.writeBack(64, true), nic.receiveQword(0, QWORD1));
        assertEquals(AdvancedRxDescriptor.writeBack(70, true), nic.receiveQword(1, QWORD1));
        assertEquals(2, nic.registers().read(Regs.RDH(0)));
    }

    @Test
    void theCardDropsWhatArrivesWhenItOwnsNoDescriptor() {
        final ScriptedNic nic = receiving(0, Regs.SRRCTL_.DESCTYPE_LEGACY);
        for (int i = 0; i < RING - 1; i++) {
            assertTrue(nic.receive(60, (byte) i));
        }
        assertFalse(nic.receive(60, (byte) 0), "RDH == RDT");
        assertFalse(nic.receive(filled(60, 0)));
        assertEquals(RING - 1, nic.registers().read(Regs.RDH(0)));
        assertEquals(RING - 1, nic.receiveTail());
    }

    @Test
    void aReceiveDescriptorHandedToTheCardUnclearedFailsTheTest() {
        final ScriptedNic legacy = receiving(0, Regs.SRRCTL_.DESCTYPE_LEGACY);
        QWORD.set(receiveRing.segment(), QWORD1, LegacyRxDescriptor.DD);
        assertTrue(assertThrows(AssertionError.class, () -> legacy.receive(60, (byte) 0)).getMessage().contains("DD set"));

        final ScriptedNic advanced = receiving(1, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER);
        QWORD.set(receiveRing.segment(), QWORD1, 0x1000L); // a header address
        assertTrue(assertThrows(AssertionError.class, () -> advanced.receive(60, (byte) 0)).getMessage()
                .contains("header address"));
    }

    @Test
    void aFrameLongerThanOneBufferIsNotModelled() {
        final ScriptedNic nic = receiving(0, Regs.SRRCTL_.DESCTYPE_LEGACY);
        assertThrows(IllegalArgumentException.class, () -> nic.receive(BUFFER + 1, (byte) 0));
        assertEquals(0, nic.registers().read(Regs.RDH(0)), "nothing received");
    }

    @Test
    void playedByHandTheEngineSendsOnlyWhenToldAndSetsDdWhereRsAsks() {
        final ScriptedNic nic = transmitting(Transmit.BY_HAND, 0, false);
        place(0, AdvancedTxDescriptor.command(60, false));
        place(1, AdvancedTxDescriptor.command(61, false));
        place(2, AdvancedTxDescriptor.command(62, true));
        nic.registers().write(Regs.TDT(0), 3);
        assertEquals(0, nic.registers().read(Regs.TDH(0)), "nothing fetched before the test says so");
        assertEquals(List.of(), nic.sent(0));

        final List<byte[]> frames = nic.transmit(0);
        assertEquals(3, frames.size());
        for (int slot = 0; slot < 3; slot++) {
            assertArrayEquals(filled(60 + slot, slot + 1), frames.get(slot));
        }
        assertEquals(3, nic.registers().read(Regs.TDH(0)));
        assertEquals(AdvancedTxDescriptor.command(61, false), transmitQword1(1), "no RS, no DD");
        assertEquals(AdvancedTxDescriptor.command(62, true) | AdvancedTxDescriptor.DD, transmitQword1(2));
        assertEquals(3, nic.sent(0).size());
        assertEquals(List.of(), nic.transmit(0), "nothing new up to TDT");
    }

    @Test
    void headWriteBackReportsTheHeadAfterTheLastRsDescriptorAndLeavesDdAlone() {
        final ScriptedNic nic = transmitting(Transmit.BY_HAND, 0, true);
        headSlot.segment().set(ValueLayout.JAVA_INT, 0, -1);
        place(0, LegacyTxDescriptor.command(60, false));
        place(1, LegacyTxDescriptor.command(0, true)); // a null descriptor: fetched, sends nothing
        place(2, LegacyTxDescriptor.command(62, false));
        nic.registers().write(Regs.TDT(0), 3);
        final List<byte[]> frames = nic.transmit(0);
        assertEquals(List.of(60, 62), frames.stream().map(frame -> frame.length).toList());
        assertEquals(2, (int) Descriptor.DWORD.get(headSlot.segment(), 0L), "the head after slot 1, the last with RS");
        for (int slot = 0; slot < 3; slot++) {
            assertFalse(LegacyTxDescriptor.done(transmitQword1(slot)), "slot " + slot);
        }
    }

    @Test
    void onTailWriteTheEngineSendsAtOnceUnlessItsQueueIsHeld() {
        final ScriptedNic nic = transmitting(Transmit.ON_TAIL_WRITE, 1, false);
        place(0, AdvancedTxDescriptor.command(60, true));
        nic.registers().write(Regs.TDT(1), 1);
        assertEquals(1, nic.sent(1).size());
        assertEquals(1, nic.registers().read(Regs.TDH(1)));

        nic.hold(1);
        place(1, AdvancedTxDescriptor.command(61, true));
        nic.registers().write(Regs.TDT(1), 2);
        assertEquals(1, nic.sent(1).size(), "held: the descriptor waits");
        nic.release(1);
        assertEquals(2, nic.sent(1).size(), "released: it leaves");
        assertTrue(AdvancedTxDescriptor.done(transmitQword1(1)));
        assertEquals(List.of(), nic.sent(0), "each queue has its own record");
    }

    @Test
    void fetchAndWriteBackSplitATransmissionSoCompletionCanComeLateOrOutOfOrder() {
        final ScriptedNic nic = transmitting(Transmit.BY_HAND, 0, false);
        for (int slot = 0; slot < 4; slot++) {
            place(slot, AdvancedTxDescriptor.command(60, slot != 3));
        }
        nic.registers().write(Regs.TDT(0), 4);
        assertEquals(4, nic.fetch(0));
        assertEquals(4, nic.registers().read(Regs.TDH(0)));
        assertEquals(List.of(), nic.sent(0), "fetched without reading the frames");
        for (int slot = 0; slot < 4; slot++) {
            assertFalse(AdvancedTxDescriptor.done(transmitQword1(slot)), "nothing reported yet");
        }
        nic.writeBack(0, 2);
        assertTrue(AdvancedTxDescriptor.done(transmitQword1(2)));
        assertFalse(AdvancedTxDescriptor.done(transmitQword1(0)));
        assertThrows(IllegalStateException.class, () -> nic.writeBack(0, 3), "no RS, no report");
        nic.writeBack(0);
        assertEquals(List.of(true, true, true, false),
                List.of(0, 1, 2, 3).stream().map(slot -> AdvancedTxDescriptor.done(transmitQword1(slot))).toList());
    }

    @Test
    void aTdhWriteForgetsWhatWasFetchedAndNotReported() {
        final ScriptedNic nic = transmitting(Transmit.BY_HAND, 0, false);
        place(0, AdvancedTxDescriptor.command(60, true));
        nic.registers().write(Regs.TDT(0), 1);
        nic.fetch(0);
        nic.registers().write(Regs.TDH(0), 0); // the driver resets its queue
        nic.registers().write(Regs.TDT(0), 0);
        nic.writeBack(0);
        assertFalse(AdvancedTxDescriptor.done(transmitQword1(0)));
    }

    @Test
    void aTransmitDescriptorOfSomethingElseThanOneWholeFrameFailsTheTest() {
        final ScriptedNic nic = transmitting(Transmit.BY_HAND, 0, false);
        place(0, AdvancedTxDescriptor.command(60, false) & ~AdvancedTxDescriptor.EOP);
        nic.registers().write(Regs.TDT(0), 1);
        final AssertionError error = assertThrows(AssertionError.class, () -> nic.fetch(0));
        assertTrue(error.getMessage().contains("transmit descriptor 0 of queue 0"), error.getMessage());
        place(0, LegacyTxDescriptor.command(60, false) | LegacyTxDescriptor.DD);
        assertThrows(AssertionError.class, () -> nic.transmit(0), "a legacy descriptor handed over with DD set");
    }

    @Test
    void tailWritesAreRecordedPerRegisterOnceAsked() {
        final ScriptedNic nic = new ScriptedNic(memory, 0, Transmit.BY_HAND);
        final RegisterSpace registers = nic.registers();
        registers.write(Regs.RDT(0), 1);
        assertThrows(IllegalStateException.class, nic::receiveTailWrites);
        nic.recordTailWrites();
        registers.write(Regs.RDT(0), 5);
        registers.write(Regs.TDT(0), 6);
        registers.write(Regs.TDT(1), 7);
        registers.write(Regs.TDT(0), 8);
        registers.write(Regs.RDT(1), 9); // not receive queue 0
        assertEquals(List.of(5), nic.receiveTailWrites());
        assertEquals(List.of(6, 8), nic.transmitTailWrites(0));
        assertEquals(List.of(7), nic.transmitTailWrites(1));
        nic.recordTailWrites();
        assertEquals(List.of(), nic.transmitTailWrites(0), "recording again starts afresh");
    }
}
