package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transmit engine and its write-back. */
class TransmitEngineTest {
    private static final int N = 32;
    private final Fixture fixture = new Fixture();
    private final NicModel nic = fixture.nic(0);
    private final RegisterSpace regs = nic.registers();
    private final Fixture.Ring ring = fixture.new Ring(N);
    private final RecordingSink sink = new RecordingSink();

    TransmitEngineTest() {
        Fixture.bringUp(regs);
        nic.connect(sink);
    }

    @AfterEach
    void noFaults() {
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    private void put(final int i, final int length, final boolean rs) {
        ring.fill(i, Fixture.frame(Math.max(length, 14), i));
        ring.setQword1(i, LegacyTxDescriptor.command(length, rs));
    }

    @Test
    void sendsExactlyTheOwnedDescriptorsInOrder() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        for (int i = 0; i < 5; i++) {
            put(i, 64 + i, false);
        }
        regs.write(Regs.TDT(0), 3);
        assertEquals(3, regs.read(Regs.TDH(0)), "TDH == TDT when the doorbell returns");
        assertEquals(3, sink.count());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Fixture.frame(64 + i, i), sink.frames().get(i));
        }
        regs.write(Regs.TDT(0), 5);
        assertEquals(5, sink.count());
        assertEquals(5, nic.readStatistic(Regs.GPTC));
        assertEquals(5 * 64 + 10 + 5 * 4, nic.readStatistic(Regs.GOTCL), "GOTC counts the FCS");
        assertEquals(5, nic.readStatistic(Regs.QPTC(0)));
    }

    @Test
    void multiDescriptorFramesConcatenateUpToEop() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        final byte[] whole = Fixture.frame(300, 7);
        ring.fill(0, Arrays.copyOfRange(whole, 0, 100));
        ring.fill(1, Arrays.copyOfRange(whole, 100, 250));
        ring.fill(2, Arrays.copyOfRange(whole, 250, 300));
        ring.setQword1(0, 100 | LegacyTxDescriptor.IFCS);
        ring.setQword1(1, 150 | LegacyTxDescriptor.IFCS);
        regs.write(Regs.TDT(0), 2);
        assertEquals(0, sink.count(), "no EOP yet: the frame waits");
        ring.setQword1(2, LegacyTxDescriptor.command(50, true));
        regs.write(Regs.TDT(0), 3);
        assertEquals(1, sink.count());
        assertArrayEquals(whole, sink.frames().get(0));
    }

    @Test
    void nullDescriptorsEmitNothingAndShortFramesArePadded() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        ring.setQword1(0, LegacyTxDescriptor.command(0, false));
        put(1, 42, false);
        ring.setQword1(2, LegacyTxDescriptor.command(0, true));
        regs.write(Regs.TDT(0), 3);
        assertEquals(1, sink.count());
        final byte[] padded = sink.frames().get(0);
        assertEquals(TransmitEngine.MIN_FRAME, padded.length);
        assertArrayEquals(Fixture.frame(42, 1), Arrays.copyOf(padded, 42));
        assertArrayEquals(new byte[18], Arrays.copyOfRange(padded, 42, 60), "padding is zeros");
        assertEquals(3, regs.read(Regs.TDH(0)));
    }

    @Test
    void nothingHappensWhileTeOrEnableIsZeroThenTheBacklogGoes() {
        regs.write(Regs.TDBAL(0), (int) ring.descriptors.physicalAddress());
        regs.write(Regs.TDBAH(0), (int) (ring.descriptors.physicalAddress() >>> 32));
        regs.write(Regs.TDLEN(0), N * Descriptor.SIZE);
        regs.write(Regs.TXDCTL(0), Regs.TXDCTL_.ENABLE);
        Wait.until("TXDCTL(0).ENABLE to read back as set", Wait.DEFAULT,
                () -> (regs.read(Regs.TXDCTL(0)) & Regs.TXDCTL_.ENABLE) != 0,
                () -> "TXDCTL = 0x" + Integer.toHexString(regs.read(Regs.TXDCTL(0))), Thread::onSpinWait);
        for (int i = 0; i < 4; i++) {
            put(i, 64, false);
        }
        regs.write(Regs.TDT(0), 4);
        assertEquals(0, sink.count(), "TE = 0");
        regs.write(Regs.DMATXCTL, Regs.DMATXCTL_.TE);
        assertEquals(4, sink.count(), "TE 0 -> 1 sends the backlog");
    }

    @Test
    void linkDownAndHoldKeepDescriptorsOwned() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        put(0, 64, false);
        put(1, 64, false);
        nic.setLinkUp(false);
        regs.write(Regs.TDT(0), 1);
        assertEquals(0, regs.read(Regs.TDH(0)));
        nic.setLinkUp(true);
        assertEquals(1, sink.count());
        nic.holdTransmit(true);
        regs.write(Regs.TDT(0), 2);
        assertEquals(1, sink.count());
        nic.holdTransmit(false);
        assertEquals(2, sink.count());
    }

    @Test
    void withWthreshZeroDoneIsWrittenExactlyOnReportStatus() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        for (int i = 0; i < 10; i++) {
            put(i, 64, i % 4 == 3);
        }
        regs.write(Regs.TDT(0), 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(i % 4 == 3, LegacyTxDescriptor.done(ring.qword1(i)), "descriptor " + i);
        }
        assertEquals(LegacyTxDescriptor.command(64, true) | LegacyTxDescriptor.DD, ring.qword1(3), "only DD added");
    }

    @Test
    void withWthreshFourDoneIsWrittenInGroupsRegardlessOfRs() {
        nic.close();
        final NicModel noFlush = NicModel.builder(fixture.host).instantResetAndLink().build(); // no idle flush by default
        Fixture.bringUp(noFlush.registers());
        Fixture.setUpTransmit(noFlush.registers(), 0, ring, 4, 0);
        for (int i = 0; i < 10; i++) {
            put(i, 64, i == 0);
        }
        noFlush.registers().write(Regs.TDT(0), 10);
        for (int i = 0; i < 10; i++) {
            assertEquals(i < 8, LegacyTxDescriptor.done(ring.qword1(i)), "descriptor " + i);
        }
        noFlush.faults().assertNone();
        noFlush.close();
    }

    @Test
    void idleFlushWritesBackThePartialGroupOnlyWhenAskedFor() {
        nic.close();
        final NicModel flushing = NicModel.builder(fixture.host).instantResetAndLink().transmitIdleFlush(true).build();
        Fixture.bringUp(flushing.registers());
        flushing.connect(sink);
        Fixture.setUpTransmit(flushing.registers(), 0, ring, 4, 0);
        for (int i = 0; i < 10; i++) {
            ring.fill(i, Fixture.frame(64, i));
            ring.setQword1(i, AdvancedTxDescriptor.command(64, true));
        }
        flushing.registers().write(Regs.TDT(0), 10);
        for (int i = 0; i < 10; i++) {
            assertTrue(AdvancedTxDescriptor.done(ring.qword1(i)), "descriptor " + i);
        }
        assertEquals(10, sink.count());
        flushing.faults().assertNone();
        flushing.close();
    }

    @Test
    void advancedWriteBackOverwritesTheDescriptorWithTheCardsFormat() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        ring.fill(0, Fixture.frame(64, 0));
        ring.setQword1(0, AdvancedTxDescriptor.command(64, true));
        regs.write(Regs.TDT(0), 1);
        // {rsvd, nxtseq_seed, status}: strict mode fills the fields a driver may not rely on.
        assertEquals(ReceiveWriteBack.PATTERN, ring.qword0(0), "the buffer address is gone");
        assertEquals((ReceiveWriteBack.PATTERN & 0xFFFFFFFFL) | LegacyTxDescriptor.DD, ring.qword1(0));
        assertTrue(AdvancedTxDescriptor.done(ring.qword1(0)));
    }

    @Test
    void aMisalignedHeadWriteBackNeverLands() {
        final DmaRegion head = fixture.host.allocate(64, 64);
        nic.close();
        final NicModel lax = NicModel.builder(fixture.host).instantResetAndLink().strict(false).build();
        Fixture.bringUp(lax.registers());
        Fixture.setUpTransmit(lax.registers(), 0, ring, 0, head.physicalAddress() + 4);
        ring.fill(0, Fixture.frame(64, 0));
        ring.setQword1(0, LegacyTxDescriptor.command(64, true));
        head.segment().set(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4, 77);
        lax.registers().write(Regs.TDT(0), 1);
        assertEquals(1, lax.registers().read(Regs.TDH(0)));
        assertEquals(77, head.segment().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4), "the head never landed");
        lax.close();
    }

    @Test
    void headWriteBackChangesNoDescriptorByte() {
        final DmaRegion head = fixture.host.allocate(64, 64);
        // Bit 0 of TDWBAL is the enable, not part of the address.
        Fixture.setUpTransmit(regs, 0, ring, 0, head.physicalAddress());
        for (int i = 0; i < 20; i++) {
            put(i, 64, i == 7 || i == 15);
        }
        final byte[] before = ring.descriptors.segment().toArray(ValueLayout.JAVA_BYTE);
        regs.write(Regs.TDT(0), 20);
        assertArrayEquals(before, ring.descriptors.segment().toArray(ValueLayout.JAVA_BYTE), "no DD ever");
        assertEquals(16, (int) Descriptor.DWORD.getAcquire(head.segment(), 0L), "index of the latest RS + 1");
        assertEquals(20, sink.count());
    }

    @Test
    void deferredModeSendsOnlyOnStep() {
        nic.close();
        final NicModel deferred = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.DEFERRED).build();
        final RecordingSink out = new RecordingSink();
        deferred.connect(out);
        Fixture.bringUp(deferred.registers());
        Fixture.setUpTransmit(deferred.registers(), 0, ring, 0, 0);
        put(0, 64, true);
        deferred.registers().write(Regs.TDT(0), 1);
        assertEquals(0, out.count());
        assertFalse(LegacyTxDescriptor.done(ring.qword1(0)));
        assertEquals(1, deferred.step());
        assertEquals(1, out.count());
        assertTrue(LegacyTxDescriptor.done(ring.qword1(0)));
        deferred.faults().assertNone();
        deferred.close();
    }

    @Test
    void frameBytesEqualBufferContents() {
        Fixture.setUpTransmit(regs, 0, ring, 0, 0);
        final List<Integer> lengths = List.of(60, 64, 128, 1514);
        for (int i = 0; i < lengths.size(); i++) {
            put(i, lengths.get(i), false);
        }
        regs.write(Regs.TDT(0), lengths.size());
        for (int i = 0; i < lengths.size(); i++) {
            assertArrayEquals(Fixture.frame(lengths.get(i), i), sink.frames().get(i));
        }
    }
}
