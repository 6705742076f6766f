package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.env.DmaRegion;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two ports over one host memory, TinyNF's way: one ring is receive queue
 * 0 of port A and transmit queue 0 of port B, with head write-back; the conflict detector stays
 * silent for the right recycling and fires for a receive tail that passes the transmit head.
 */
class SharedRingTest {
    private static final int N = 16;

    /** Port A receives into the ring; port B transmits from it; returns B's head write-back slot. */
    private static DmaRegion wire(final StrictModeTest.Lab lab) {
        final DmaRegion head = lab.fixture.host.allocate(64, 64);
        Fixture.setUpReceive(lab.a.registers(), 0, lab.ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        Fixture.setUpTransmit(lab.b.registers(), 0, lab.ring, 0, head.physicalAddress());
        return head;
    }

    /** What TinyNF's agent does with received slots [from, to): turn each into a transmit descriptor. */
    private static void forward(final StrictModeTest.Lab lab, final int from, final int to) {
        for (int i = from; i != to; i = (i + 1) % N) {
            final long status = lab.ring.qword1(i);
            assertTrue(LegacyRxDescriptor.done(status), "slot " + i + " received");
            // Writing the transmit command also clears the receive DD bit (TinyNF osdi20 ixgbe.c:1348).
            lab.ring.setQword1(i, LegacyTxDescriptor.command(LegacyRxDescriptor.length(status), i % 4 == 3));
        }
    }

    @Test
    void receiveOnOnePortTransmitOnAnotherOverOneRing() {
        final StrictModeTest.Lab lab = new StrictModeTest.Lab();
        try {
            final RecordingSink out = new RecordingSink();
            lab.b.connect(out);
            final DmaRegion head = wire(lab);
            final RegisterSpace a = lab.a.registers();
            final RegisterSpace b = lab.b.registers();
            int processed = 0;
            for (int round = 0; round < 10; round++) { // many wraps
                for (int k = 0; k < 8; k++) {
                    assertTrue(lab.a.receiveFromWire(Fixture.frame(64 + k, round * 8 + k)));
                }
                forward(lab, processed, (processed + 8) % N);
                processed = (processed + 8) % N;
                b.write(Regs.TDT(0), processed);
                // Recycle up to the written-back head (icse23: RDT = head, it is at most pd - 1 here).
                final int transmitted = (int) Descriptor.DWORD.getAcquire(head.segment(), 0L);
                a.write(Regs.RDT(0), Math.floorMod(transmitted - 1, N));
            }
            assertEquals(80, out.count());
            for (int i = 0; i < 80; i++) {
                assertArrayEquals(Fixture.frame(64 + i % 8, i), out.frames().get(i), "frame " + i);
            }
            lab.a.faults().assertNone();
            lab.b.faults().assertNone();
            assertEquals(80, lab.a.readStatistic(Regs.QPRC(0)));
            assertEquals(80, lab.b.readStatistic(Regs.QPTC(0)));
        } finally {
            lab.close();
        }
    }

    /**
     * Port B's transmit engine is held back with slots 0..7 queued; the receive tail is then moved
     * past them, and the receive engine reaches slot 0 while B still owns it.
     */
    static void wrongReceiveTail(final StrictModeTest.Lab lab) {
        wire(lab);
        lab.b.holdTransmit(true);
        for (int k = 0; k < 8; k++) {
            lab.a.receiveFromWire(Fixture.frame(64, k));
        }
        forward(lab, 0, 8);
        lab.b.registers().write(Regs.TDT(0), 8);
        lab.a.registers().write(Regs.RDT(0), 7); // wrong: gives back 15 and 0..6, which B still owns
        lab.faultsAtWrongTail = lab.a.faults().count();
        for (int k = 0; k < 9; k++) {
            lab.a.receiveFromWire(Fixture.frame(64, 100 + k));
        }
    }

    @Test
    void theConflictDetectorFiresOnAWrongReceiveTail() {
        final StrictModeTest.Lab lab = new StrictModeTest.Lab();
        try {
            wrongReceiveTail(lab);
            final Fault fault = lab.a.faults().of(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER).get(0);
            assertTrue(fault.context().contains("receiveDescriptor=0") && fault.context().contains("transmitPort=1"),
                    fault.toString());
            // Named at the RDT write that made the mistake, not later when the card writes.
            assertTrue(fault.context().startsWith("register=RDT"), fault.toString());
            assertTrue(lab.faultsAtWrongTail > 0, "the RDT write itself was reported");
            lab.a.faults().clear();
        } finally {
            lab.close();
        }
    }

    @Test
    void inThreadedModeTheConflictDetectorIsOnAndNamesTheWrongReceiveTail() {
        final Fixture fixture = new Fixture();
        final NicModel a = NicModel.builder(fixture.host).instantResetAndLink().port(0).mode(DrivingMode.THREADED).build();
        final NicModel b = NicModel.builder(fixture.host).instantResetAndLink().port(1).mode(DrivingMode.THREADED).build();
        final EngineThread engine = new EngineThread("shared ring", nicharness.env.IdleStrategy.YIELD, a, b);
        try {
            Fixture.bringUp(a.registers());
            Fixture.bringUp(b.registers());
            engine.start();
            final Fixture.Ring ring = fixture.new Ring(N);
            final DmaRegion head = fixture.host.allocate(64, 64);
            Fixture.setUpReceive(a.registers(), 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
            Fixture.setUpTransmit(b.registers(), 0, ring, 0, head.physicalAddress());
            b.holdTransmit(true); // a slow output: slots 0..7 stay queued on B
            for (int k = 0; k < 8; k++) {
                assertTrue(a.receiveFromWire(Fixture.frame(64, k)));
            }
            nicharness.testing.Wait.until("slots 0..7 received", nicharness.testing.Wait.DEFAULT,
                    () -> LegacyRxDescriptor.done(ring.qword1(7)), () -> "qword1(7)=0x" + Long.toHexString(ring.qword1(7)),
                    Thread::onSpinWait);
            for (int i = 0; i < 8; i++) {
                ring.setQword1(i, LegacyTxDescriptor.command(LegacyRxDescriptor.length(ring.qword1(i)), false));
            }
            b.registers().write(Regs.TDT(0), 8);
            a.faults().assertNone(); // the right steps so far: no false alarm from the engine thread
            a.registers().write(Regs.RDT(0), 7); // wrong: gives back 15 and 0..6, which B still owns
            final List<Fault> faults = a.faults().of(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER);
            assertEquals(1, faults.size(), a.faults().report());
            assertTrue(faults.get(0).context().startsWith("register=RDT") && faults.get(0).context().contains(
                    "transmitPort=1"), faults.get(0).toString());
            a.faults().clear();
        } finally {
            engine.close();
            a.close();
            b.close();
            fixture.host.close();
        }
    }
}
