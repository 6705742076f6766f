package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.AdvancedTxDescriptor;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Strict mode ({@code nic-model/README.md}, "Strict mode"): for every {@link FaultKind}, a
 * deliberately broken sequence
 * produces that fault and no other. A kind without a scenario fails the test.
 */
class StrictModeTest {
    private static final int N = 16;

    /** Two ports over one host memory, brought up, and whatever else a scenario builds. */
    static final class Lab {
        final Fixture fixture = new Fixture();
        final List<NicModel> nics = new ArrayList<>();
        final NicModel a = nic(true);
        final NicModel b = nic(true);
        final RegisterSpace regs = a.registers();
        final Fixture.Ring ring = fixture.new Ring(N);
        /** Faults recorded right after a scenario's wrong tail write, before the card acted on it. */
        long faultsAtWrongTail = -1;

        NicModel nic(final boolean strict) {
            final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().port(nics.size()).strict(strict).build();
            Fixture.bringUp(nic.registers());
            nics.add(nic);
            return nic;
        }

        List<Fault> faults() {
            return nics.stream().flatMap(n -> n.faults().all().stream()).toList();
        }

        void close() {
            nics.forEach(NicModel::close);
            fixture.host.close();
        }
    }

    private static void programRing(final RegisterSpace regs, final int q, final long base, final int length) {
        regs.write(Regs.RDBAL(q), (int) base);
        regs.write(Regs.RDBAH(q), (int) (base >>> 32));
        regs.write(Regs.RDLEN(q), length);
        regs.write(Regs.RXDCTL(q), Regs.RXDCTL_.ENABLE);
    }

    private static final Map<FaultKind, Consumer<Lab>> SCENARIOS = new EnumMap<>(FaultKind.class);

    static {
        SCENARIOS.put(FaultKind.UNKNOWN_REGISTER, lab -> lab.regs.write(0x01FFC, 0));
        SCENARIOS.put(FaultKind.BAD_REGISTER_OFFSET, lab -> lab.regs.read(0x00003));
        SCENARIOS.put(FaultKind.TAIL_BEFORE_ENABLE, lab -> {
            programRing(lab.regs, 0, lab.ring.descriptors.physicalAddress(), N * 16);
            lab.regs.write(Regs.RDT(0), N - 1); // ENABLE was never read back
        });
        SCENARIOS.put(FaultKind.BAD_RING_LENGTH, lab ->
                programRing(lab.regs, 0, lab.ring.descriptors.physicalAddress(), 100));
        SCENARIOS.put(FaultKind.BAD_RING_ALIGNMENT, lab ->
                programRing(lab.regs, 0, lab.ring.descriptors.physicalAddress() + 64, 128));
        SCENARIOS.put(FaultKind.TAIL_OUT_OF_RING, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            lab.regs.write(Regs.RDT(0), N);
        });
        SCENARIOS.put(FaultKind.TAIL_PASSED_HEAD, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            lab.regs.write(Regs.RDT(0), N - 2); // takes a descriptor back
        });
        SCENARIOS.put(FaultKind.HEAD_WRITE_WHILE_OWNED, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            lab.regs.write(Regs.RDH(0), 0); // the device owns 0..N-2
        });
        SCENARIOS.put(FaultKind.DMA_OUT_OF_BOUNDS, lab -> {
            lab.ring.setQword0(0, 0); // TinyNF osdi20's hazard: a buffer address never written
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            assertFalse(lab.a.receiveFromWire(Fixture.frame(64, 0)));
        });
        SCENARIOS.put(FaultKind.MULTI_DESCRIPTOR_RECEIVE, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            lab.regs.write(Regs.SRRCTL(0), Regs.withField(lab.regs.read(Regs.SRRCTL(0)), Regs.SRRCTL_.BSIZEPACKET, 1));
            assertTrue(lab.a.receiveFromWire(Fixture.frame(1500, 0)));
        });
        SCENARIOS.put(FaultKind.NULL_DESCRIPTOR_WITHOUT_EOP, lab -> {
            Fixture.setUpTransmit(lab.regs, 0, lab.ring, 0, 0);
            lab.ring.setQword1(0, 0);
            lab.ring.setQword1(1, LegacyTxDescriptor.command(64, false));
            lab.regs.write(Regs.TDT(0), 2);
        });
        SCENARIOS.put(FaultKind.UNSUPPORTED_TX_DESCRIPTOR, lab -> {
            Fixture.setUpTransmit(lab.regs, 0, lab.ring, 0, 0);
            lab.ring.setQword1(0, AdvancedTxDescriptor.DEXT | AdvancedTxDescriptor.DTYP_CONTEXT | AdvancedTxDescriptor.EOP);
            lab.regs.write(Regs.TDT(0), 1);
        });
        SCENARIOS.put(FaultKind.UNSUPPORTED_RX_DESCRIPTOR_TYPE, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0b010, true); // header split
            assertFalse(lab.a.receiveFromWire(Fixture.frame(64, 0)));
        });
        SCENARIOS.put(FaultKind.ZERO_BUFFER_SIZE, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            lab.regs.write(Regs.SRRCTL(0), Regs.withField(lab.regs.read(Regs.SRRCTL(0)), Regs.SRRCTL_.BSIZEPACKET, 0));
            assertFalse(lab.a.receiveFromWire(Fixture.frame(64, 0)));
        });
        SCENARIOS.put(FaultKind.RESERVED_BITS_SET, lab -> {
            Fixture.setUpTransmit(lab.regs, 0, lab.ring, 0, 0);
            lab.ring.setQword1(0, LegacyTxDescriptor.command(64, false) | (1L << 28));
            lab.regs.write(Regs.TDT(0), 1);
        });
        SCENARIOS.put(FaultKind.HEAD_WRITE_BACK_MISALIGNED, lab -> {
            final DmaRegion head = lab.fixture.host.allocate(64, 64);
            Fixture.setUpTransmit(lab.regs, 0, lab.ring, 0, head.physicalAddress() + 4);
            lab.ring.setQword1(0, LegacyTxDescriptor.command(64, true));
            lab.regs.write(Regs.TDT(0), 1);
        });
        SCENARIOS.put(FaultKind.DESCRIPTOR_CHANGED_WHILE_OWNED, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            lab.ring.setQword0(0, lab.ring.bufferAddress(5)); // software rewrote a device-owned descriptor
            assertTrue(lab.a.receiveFromWire(Fixture.frame(64, 0)));
        });
        SCENARIOS.put(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER, SharedRingTest::wrongReceiveTail);
        SCENARIOS.put(FaultKind.RECEIVE_DESCRIPTOR_STILL_DONE, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            assertTrue(lab.a.receiveFromWire(Fixture.frame(64, 0)));
            assertTrue(lab.a.receiveFromWire(Fixture.frame(64, 1)));
            lab.ring.setQword1(N - 1, 0);
            lab.regs.write(Regs.RDT(0), 1); // gives back descriptor 0 with its DD still set
        });
        SCENARIOS.put(FaultKind.RECEIVE_BUFFER_GIVEN_TWICE, lab -> {
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            assertTrue(lab.a.receiveFromWire(Fixture.frame(64, 0)));
            assertTrue(lab.a.receiveFromWire(Fixture.frame(64, 1)));
            lab.ring.setQword0(0, lab.ring.bufferAddress(5)); // the buffer descriptor 5 already has
            lab.ring.setQword1(0, 0);
            lab.regs.write(Regs.RDT(0), 1);
        });
        SCENARIOS.put(FaultKind.CRC_STRIP_MISMATCH, lab -> {
            lab.regs.write(Regs.HLREG0, lab.regs.read(Regs.HLREG0) & ~Regs.HLREG0_.RXCRCSTRP);
            Fixture.setUpReceive(lab.regs, 0, lab.ring, 0, true);
            lab.a.receiveFromWire(Fixture.frame(64, 0));
        });
        SCENARIOS.put(FaultKind.FRAME_TOO_LONG, lab -> {
            Fixture.setUpTransmit(lab.regs, 0, lab.ring, 0, 0);
            for (int i = 0; i < 9; i++) { // 9 x 2000 bytes without EOP
                lab.ring.setQword1(i, 2000 | LegacyTxDescriptor.IFCS);
            }
            lab.ring.setQword1(9, LegacyTxDescriptor.command(64, false));
            lab.regs.write(Regs.TDT(0), 10);
        });
        SCENARIOS.put(FaultKind.WRITE_DURING_RESET, lab -> {
            // A card still resetting, and a driver that does not wait for it. The reset takes a minute
            // here, not the default millisecond: a pause of this thread (a collection, a compilation, a
            // busy machine) between the two writes once let the default reset end first.
            final NicModel card = NicModel.builder(lab.fixture.host).port(lab.nics.size())
                    .resetNanos(java.util.concurrent.TimeUnit.MINUTES.toNanos(1)).build();
            lab.nics.add(card);
            card.registers().write(Regs.CTRL, Regs.CTRL_.RST);
            card.registers().write(Regs.RDBAL(0), 0x1000);
            assertEquals(0, card.registers().read(Regs.RDBAL(0)), "the write was lost");
        });
        SCENARIOS.put(FaultKind.HEAD_WRITE_BACK_RELAXED_ORDERING, lab -> {
            final DmaRegion head = lab.fixture.host.allocate(64, 64);
            Fixture.setUpTransmit(lab.regs, 0, lab.ring, 0, head.physicalAddress());
            Regs.set(lab.regs, Regs.DCA_TXCTRL(0), Regs.DCA_TXCTRL_.TX_DESC_WRO_EN); // as after reset
            lab.ring.setQword1(0, LegacyTxDescriptor.command(64, true));
            lab.regs.write(Regs.TDT(0), 1);
        });
        SCENARIOS.put(FaultKind.QUEUE_MISCONFIGURED, lab -> {
            final NicModel lax = lab.nic(false);
            programRing(lax.registers(), 0, lab.ring.descriptors.physicalAddress(), 0);
        });
    }

    @ParameterizedTest
    @EnumSource(FaultKind.class)
    void aBrokenSequenceProducesExactlyItsFault(final FaultKind kind) {
        final Consumer<Lab> scenario = SCENARIOS.get(kind);
        assertNotNull(scenario, "no scenario provokes " + kind);
        final Lab lab = new Lab();
        try {
            scenario.accept(lab);
            final List<Fault> faults = lab.faults();
            assertFalse(faults.isEmpty(), kind + " was not recorded");
            for (final Fault fault : faults) {
                assertEquals(kind, fault.kind(), "unexpected fault: " + fault);
            }
            assertTrue(faults.get(0).context().contains("="), "context is name=value: " + faults.get(0));
        } finally {
            lab.close();
        }
    }

    @Test
    void assertNoneListsTheFaults() {
        final Lab lab = new Lab();
        try {
            lab.regs.write(0x01FFC, 0);
            final AssertionError error = assertThrows(AssertionError.class, () -> lab.a.faults().assertNone());
            assertTrue(error.getMessage().contains("UNKNOWN_REGISTER") && error.getMessage().contains("offset=0x01ffc"),
                    error.getMessage());
        } finally {
            lab.close();
        }
    }

    @Test
    void aSignExtendedLengthIsReportedAsReservedBitsSet() {
        final Lab lab = new Lab();
        try {
            Fixture.setUpTransmit(lab.regs, 0, lab.ring, 0, 0);
            final int negativeLength = -60; // an unmasked or underflowed int length, widened to 64 bits
            lab.ring.setQword1(0, negativeLength | LegacyTxDescriptor.EOP | LegacyTxDescriptor.IFCS);
            lab.regs.write(Regs.TDT(0), 1);
            final List<Fault> faults = lab.faults();
            assertEquals(1, faults.size(), faults.toString());
            assertEquals(FaultKind.RESERVED_BITS_SET, faults.get(0).kind(), "not UNSUPPORTED_TX_DESCRIPTOR, "
                    + "although sign extension also sets DEXT: " + faults);
            assertTrue(faults.get(0).context().contains("sign-extended length (-60)"), faults.get(0).toString());
        } finally {
            lab.close();
        }
    }

    @Test
    void aRepeatedFaultAllocatesOnlyTheFirstTime() {
        final Lab lab = new Lab();
        try {
            final com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 20_000; i++) { // compiled and warm before measuring
                lab.regs.write(0x01FFC, i);
            }
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100_000; i++) {
                lab.regs.write(0x01FFC, i);
            }
            final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(120_000, lab.a.faults().count(FaultKind.UNKNOWN_REGISTER));
            assertEquals(1, lab.a.faults().all().size(), "the first of the kind is kept");
            // Formatting the context alone would cost about 100 bytes a fault (10 MB here).
            assertTrue(allocated < 64 * 1024, "100,000 repeated faults allocated " + allocated + " bytes");
        } finally {
            lab.close();
        }
    }

    @Test
    void aFailureThatFollowsAFaultIsReportedUnderTheFault() {
        final Lab lab = new Lab();
        try {
            final AssertionError delivery = new AssertionError("expected 64 frames, was 63");
            lab.a.faults().assertNone(delivery); // no fault: nothing to say
            lab.regs.write(0x01FFC, 0);
            final AssertionError error = assertThrows(AssertionError.class, () -> lab.a.faults().assertNone(delivery));
            assertTrue(error.getMessage().startsWith("1 strict-mode fault(s)") && error.getMessage().contains(
                    "usual cause: "), error.getMessage());
            assertTrue(error.getCause() == delivery, "the test's own failure is the cause, not a suppressed line");
        } finally {
            lab.close();
        }
    }

    @Test
    void laxModeRecordsNoProtocolFaults() {
        final Lab lab = new Lab();
        try {
            final NicModel lax = lab.nic(false);
            lax.registers().write(0x01FFC, 0);
            Fixture.setUpReceive(lax.registers(), 0, lab.ring, 0, true);
            lax.registers().write(Regs.RDT(0), N - 2);
            lax.faults().assertNone();
            assertEquals(Descriptor.SIZE, 16);
        } finally {
            lab.close();
        }
    }
}
