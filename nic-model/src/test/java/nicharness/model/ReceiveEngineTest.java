package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedRxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The receive engine: write-back formats, ownership, drops, filter, CRC strip. */
class ReceiveEngineTest {
    private static final int N = 16;
    private final Fixture fixture = new Fixture();
    private final NicModel nic = fixture.nic(0);
    private final RegisterSpace regs = nic.registers();
    private final Fixture.Ring ring = fixture.new Ring(N);

    ReceiveEngineTest() {
        Fixture.bringUp(regs);
    }

    @AfterEach
    void noFaults() {
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    @Test
    void legacyWriteBackKeepsTheBufferAddress() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        final byte[] frame = Fixture.frame(60, 1);
        assertTrue(nic.receiveFromWire(frame));
        assertEquals(ring.bufferAddress(0), ring.qword0(0), "qword0 untouched");
        assertEquals(60, LegacyRxDescriptor.length(ring.qword1(0)));
        assertTrue(LegacyRxDescriptor.done(ring.qword1(0)));
        assertEquals(LegacyRxDescriptor.EOP, ring.qword1(0) & LegacyRxDescriptor.EOP);
        assertArrayEquals(frame, ring.bytes(0, 60));
        assertEquals(1, regs.read(Regs.RDH(0)));
    }

    /**
     * A ring base not aligned to 16 bytes (a driver writing an offset or a virtual address): the
     * engines access descriptor words aligned, so they do not use the ring, and say why; the
     * frame is lost at the queue, not thrown at the engine.
     */
    @Test
    void aRingNotAlignedToADescriptorIsReportedAndNotUsed() {
        final long base = ring.descriptors.physicalAddress() + 4;
        regs.write(Regs.RDBAL(0), (int) base);
        regs.write(Regs.RDBAH(0), (int) (base >>> 32));
        regs.write(Regs.RDLEN(0), N * Descriptor.SIZE);
        regs.write(Regs.RXDCTL(0), Regs.RXDCTL_.ENABLE);
        regs.write(Regs.RXCTRL, regs.read(Regs.RXCTRL) | Regs.RXCTRL_.RXEN);
        assertFalse(nic.receiveFromWire(Fixture.frame(60, 1)));
        assertEquals(1, nic.faults().count(FaultKind.QUEUE_MISCONFIGURED), nic.faults().report());
        nic.faults().clear();
    }

    @Test
    void advancedWriteBackOverwritesBothWords() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER, true);
        final byte[] frame = Fixture.frame(100, 2);
        assertTrue(nic.receiveFromWire(frame));
        assertEquals(ring.qword0(0) & 0xF, 0, "RSS type 0: no RSS");
        assertTrue(ring.qword0(0) != ring.bufferAddress(0), "the packet buffer address is overwritten");
        final long status = ring.qword1(0);
        assertTrue(AdvancedRxDescriptor.done(status) && AdvancedRxDescriptor.endOfPacket(status));
        assertEquals(100, AdvancedRxDescriptor.length(status));
        assertArrayEquals(frame, ring.bytes(0, 100));
    }

    @Test
    void writeBackCarriesTheCardsPacketTypeAndChecksumResults() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER, true);
        final byte[] udp = udpFrame(false);
        assertTrue(nic.receiveFromWire(udp));
        assertEquals(ReceiveWriteBack.PKTTYPE_IPV4 | ReceiveWriteBack.PKTTYPE_UDP, (ring.qword0(0) >>> 4 & 0x1FFF) << 4);
        assertEquals(0x1234, (int) (ring.qword0(0) >>> 32) & 0xFFFF, "the IP identification");
        final long good = ring.qword1(0);
        assertEquals(ReceiveWriteBack.STAT_IPCS | ReceiveWriteBack.STAT_L4CS | ReceiveWriteBack.STAT_UDPCS,
                (int) good & 0xF0);
        assertEquals(0, good & (ReceiveWriteBack.ADV_ERR_IPE | ReceiveWriteBack.ADV_ERR_TCPE));
        assertEquals(ReceiveWriteBack.PATTERN & 0xFFFF, good >>> 48, "strict: the VLAN tag without VP is the pattern");
        assertTrue(nic.receiveFromWire(udpFrame(true)));
        assertTrue((ring.qword1(1) & ReceiveWriteBack.ADV_ERR_TCPE) != 0, "a bad UDP checksum is an L4 error");
    }

    /** A 60-byte IPv4/UDP frame with correct header and UDP checksums, or a wrong UDP checksum. */
    private static byte[] udpFrame(final boolean badChecksum) {
        final byte[] f = Fixture.frame(60, 0);
        final int[] ip = {0x45, 0, 0, 46, 0x12, 0x34, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        for (int i = 0; i < 20; i++) {
            f[14 + i] = (byte) ip[i];
        }
        f[34] = 0x10; f[35] = 0x00; f[36] = 0x20; f[37] = 0x00; f[38] = 0; f[39] = 26; f[40] = 0; f[41] = 0;
        put(f, 24, checksum(f, 14, 20, 0));
        int pseudo = 17 + 26;
        for (int i = 26; i < 34; i += 2) {
            pseudo += (f[i] & 0xFF) << 8 | (f[i + 1] & 0xFF);
        }
        final int udp = checksum(f, 34, 26, pseudo);
        put(f, 40, badChecksum ? udp ^ 0x0101 : udp);
        return f;
    }

    private static int checksum(final byte[] f, final int from, final int length, final int initial) {
        int sum = initial;
        for (int i = 0; i < length; i += 2) {
            sum += (f[from + i] & 0xFF) << 8 | (i + 1 < length ? f[from + i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    private static void put(final byte[] f, final int at, final int value) {
        f[at] = (byte) (value >>> 8);
        f[at + 1] = (byte) value;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 14, 15, 40})
    void exactlyTheAvailableDescriptorsAreWrittenAndTheTailIsNeverTouched(final int k) {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        final int available = N - 1; // RDH = 0, RDT = N - 1
        int accepted = 0;
        for (int i = 0; i < k; i++) {
            accepted += nic.receiveFromWire(Fixture.frame(64, i)) ? 1 : 0;
        }
        final int expected = Math.min(k, available);
        assertEquals(expected, accepted);
        assertEquals(expected, regs.read(Regs.RDH(0)));
        for (int i = 0; i < N; i++) {
            final boolean written = i < expected;
            assertEquals(written, LegacyRxDescriptor.done(ring.qword1(i)), "descriptor " + i);
            if (written) {
                assertArrayEquals(Fixture.frame(64, i), ring.bytes(i, 64));
            }
        }
        assertEquals(0, ring.qword1(N - 1), "the descriptor at RDT is never written");
        assertEquals(k - expected, nic.readStatistic(Regs.QPRDC(0)), "drops with DROP_EN land in QPRDC");
        assertEquals(k, nic.readStatistic(Regs.GPRC), "GPRC counts dropped frames too (erratum)");
        assertEquals(expected, nic.readStatistic(Regs.QPRC(0)));
    }

    @Test
    void wrapsAroundTheRing() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        for (int i = 0; i < 10; i++) {
            assertTrue(nic.receiveFromWire(Fixture.frame(64, i)));
        }
        ring.rearm(N - 1, 9);
        regs.write(Regs.RDT(0), 9); // software processed 0..9 and gives them back, keeping one back
        for (int i = 10; i < 25; i++) { // descriptors 10..15 and 0..8
            assertTrue(nic.receiveFromWire(Fixture.frame(64, i)), "frame " + i);
        }
        assertFalse(nic.receiveFromWire(Fixture.frame(64, 99)), "RDH == RDT: the device owns nothing");
        assertEquals(9, regs.read(Regs.RDH(0)));
        assertArrayEquals(Fixture.frame(64, 16), ring.bytes(0, 64), "frame 16 went into descriptor 0");
    }

    @Test
    void withoutDropEnableFramesWaitInThePacketBufferAndLandInOrderWhenTheTailMoves() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, false);
        for (int i = 0; i < N + 3; i++) { // 15 descriptors are free: 4 frames find none
            nic.receiveFromWire(Fixture.frame(64, i));
        }
        assertEquals(4, nic.framesInPacketBuffer());
        assertEquals(4, nic.readStatistic(Regs.RNBC(0)), "7.1.9: no buffer, counted, still received");
        assertEquals(0, nic.readStatistic(Regs.MPC(0)), "nothing missed: the packet buffer holds them");
        assertEquals(0, nic.readStatistic(Regs.QPRDC(0)));
        ring.rearm(N - 1, 14);
        regs.write(Regs.RDT(0), 14); // the driver gives back descriptors 15 and 0..13
        assertEquals(0, nic.framesInPacketBuffer());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(Fixture.frame(64, 15 + i), ring.bytes((15 + i) % N, 64), "waiting frame " + i + " in order");
        }
        assertEquals(3, regs.read(Regs.RDH(0)));
    }

    @Test
    void withDropEnableFramesAreDroppedAtTheQueueNotBuffered() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        for (int i = 0; i < N + 3; i++) {
            nic.receiveFromWire(Fixture.frame(64, i));
        }
        assertEquals(0, nic.framesInPacketBuffer());
        assertEquals(4, nic.readStatistic(Regs.QPRDC(0)));
        assertEquals(0, nic.readStatistic(Regs.RNBC(0)));
        assertEquals(0, nic.readStatistic(Regs.MPC(0)));
        ring.rearm(N - 1, 14);
        regs.write(Regs.RDT(0), 14);
        assertEquals(15, regs.read(Regs.RDH(0)), "nothing waited to land");
    }

    @Test
    void onlyFramesThatOverflowThePacketBufferAreMissed() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, false);
        regs.write(Regs.RXPBSIZE(0), Regs.withField(0, Regs.RXPBSIZE_.SIZE, 1)); // 1 KiB: 12 frames of 80 bytes
        for (int i = 0; i < 15 + 20; i++) {
            nic.receiveFromWire(Fixture.frame(60, i));
        }
        final int fit = 1024 / ReceivePacketBuffer.occupancy(60);
        assertEquals(fit, nic.framesInPacketBuffer());
        assertEquals(20, nic.readStatistic(Regs.RNBC(0)));
        assertEquals(20 - fit, nic.readStatistic(Regs.MPC(0)));
    }

    @Test
    void theDefaultPacketBufferHolds512KiB() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, false);
        final int frames = 512 * 1024 / ReceivePacketBuffer.occupancy(60);
        for (int i = 0; i < 15 + frames + 10; i++) {
            nic.receiveFromWire(Fixture.frame(60, i));
        }
        assertEquals(frames, nic.framesInPacketBuffer());
        assertEquals(10, nic.readStatistic(Regs.MPC(0)));
    }

    @Test
    void flowControlIsOffByDefaultAndSendsXoffPastTheHighThresholdWhenConfigured() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, false);
        final java.util.List<Boolean> heard = new java.util.ArrayList<>();
        nic.flowControlListener((port, pause) -> heard.add(pause));
        int sequence = 0;
        for (; sequence < 15 + 50; sequence++) { // 50 frames wait: 4,000 bytes
            nic.receiveFromWire(Fixture.frame(60, sequence));
        }
        assertEquals(java.util.List.of(), heard, "the bring-up writes FCCFG.TFCE and FCRTH.RTH but not FCEN: no XOFF");
        // 4.6.11.3.1: XOFF past FCRTH(0).RTH (here 1 KiB), XON below FCRTL(0).RTL (256 bytes).
        regs.write(Regs.FCRTH(0), Regs.FCRTH_.FCEN | Regs.withField(0, Regs.FCRTH_.RTH, 1024 / 32));
        regs.write(Regs.FCRTL(0), Regs.FCRTL_.XONE | Regs.withField(0, Regs.FCRTL_.RTL, 256 / 32));
        nic.receiveFromWire(Fixture.frame(60, sequence++));
        assertEquals(java.util.List.of(true), heard);
        assertEquals(1, nic.xoffSent());
        while (nic.framesInPacketBuffer() > 0) { // the driver catches up, giving back every descriptor it read
            final int tail = Math.floorMod(regs.read(Regs.RDH(0)) - 1, N);
            ring.rearm(regs.read(Regs.RDT(0)), tail);
            regs.write(Regs.RDT(0), tail);
        }
        assertEquals(java.util.List.of(true, false), heard, "XON once the buffer drained below RTL");
        assertEquals(0, nic.readStatistic(Regs.MPC(0)));
    }

    @Test
    void nothingIsWrittenWithoutRxenOrWhileTheQueueIsDisabled() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        regs.write(Regs.RXCTRL, 0);
        assertFalse(nic.receiveFromWire(Fixture.frame(64, 0)));
        regs.write(Regs.RXCTRL, Regs.RXCTRL_.RXEN);
        regs.write(Regs.RXDCTL(0), 0);
        assertFalse(nic.receiveFromWire(Fixture.frame(64, 0)));
        assertEquals(0, ring.qword1(0));
        assertEquals(2, nic.droppedNotReceiving());
        nic.setLinkUp(false);
        assertEquals(0, regs.read(Regs.LINKS));
    }

    @Test
    void runtAndOversizeFramesAreCounted() {
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        assertFalse(nic.receiveFromWire(Fixture.frame(59, 0)));
        assertFalse(nic.receiveFromWire(Fixture.frame(1515, 0)));
        assertTrue(nic.receiveFromWire(Fixture.frame(1514, 0)));
        assertEquals(1, nic.readStatistic(Regs.RUC));
        assertEquals(1, nic.readStatistic(Regs.ROC));
    }

    @Test
    void crcStripOffKeepsTheFcs() {
        regs.write(Regs.HLREG0, regs.read(Regs.HLREG0) & ~Regs.HLREG0_.RXCRCSTRP);
        regs.write(Regs.RDRXCTL, regs.read(Regs.RDRXCTL) & ~Regs.RDRXCTL_.CRC_STRIP);
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        final byte[] frame = Fixture.frame(60, 3);
        nic.receiveFromWire(frame);
        assertEquals(64, LegacyRxDescriptor.length(ring.qword1(0)));
        final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(frame);
        final byte[] written = ring.bytes(0, 64);
        final long fcs = (written[60] & 0xFFL) | (written[61] & 0xFFL) << 8 | (written[62] & 0xFFL) << 16
                | (written[63] & 0xFFL) << 24;
        assertEquals(crc.getValue(), fcs, "the FCS goes out least significant byte first");
    }

    /** L2 filter truth table (datasheet 7.1.1.1). */
    @Test
    void layerTwoFilter() {
        regs.write(Regs.FCTRL, 0); // not promiscuous
        Fixture.setUpReceive(regs, 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        final long own = nic.mac();
        final long other = 0x02_11_22_33_44_55L;
        final long broadcast = 0xFF_FF_FF_FF_FF_FFL;
        final long multicast = 0x01_00_5E_00_00_01L;
        assertTrue(nic.receiveFromWire(Fixture.frame(64, own, 0)), "own unicast");
        assertFalse(nic.receiveFromWire(Fixture.frame(64, other, 0)), "other unicast");
        assertFalse(nic.receiveFromWire(Fixture.frame(64, broadcast, 0)), "broadcast without BAM");
        assertFalse(nic.receiveFromWire(Fixture.frame(64, multicast, 0)), "multicast without MPE or MTA");
        regs.write(Regs.FCTRL, Regs.FCTRL_.BAM);
        assertTrue(nic.receiveFromWire(Fixture.frame(64, broadcast, 0)), "broadcast with BAM");
        // MTA bit for 01:00:5E:00:00:01 with MO = 00b: bits 47:36 of the address = 0x010.
        regs.write(Regs.MTA(0), 1 << 0x10);
        assertTrue(nic.receiveFromWire(Fixture.frame(64, multicast, 0)), "multicast in the MTA");
        regs.write(Regs.MTA(0), 0);
        regs.write(Regs.FCTRL, Regs.FCTRL_.MPE);
        assertTrue(nic.receiveFromWire(Fixture.frame(64, multicast, 0)), "multicast with MPE");
        assertTrue(nic.receiveFromWire(Fixture.frame(64, broadcast, 0)), "broadcast with MPE");
        assertFalse(nic.receiveFromWire(Fixture.frame(64, other, 0)), "unicast still filtered");
        regs.write(Regs.FCTRL, Regs.FCTRL_.UPE);
        assertTrue(nic.receiveFromWire(Fixture.frame(64, other, 0)), "other unicast with UPE");
        regs.write(Regs.RAL(3), 0x33221102);
        regs.write(Regs.RAH(3), 0x5544 | Regs.RAH_.AV);
        regs.write(Regs.FCTRL, 0);
        assertTrue(nic.receiveFromWire(Fixture.frame(64, other, 0)), "unicast matching RAL3/RAH3");
        assertEquals(2, nic.readStatistic(Regs.BPRC));
        assertEquals(4, nic.droppedByFilter());
    }
}
