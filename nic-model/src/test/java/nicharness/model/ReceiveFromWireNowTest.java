package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NicModel#receiveFromWireNow}: for the thread that runs the engines, a frame reaches host
 * memory in the call, after whatever waited in the injection ring.
 */
class ReceiveFromWireNowTest {
    private static final int N = 16;
    private final Fixture fixture = new Fixture();
    private final Fixture.Ring ring = fixture.new Ring(N);

    @AfterEach
    void close() {
        fixture.host.close();
    }

    private NicModel port(final DrivingMode mode) {
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(mode).build();
        Fixture.bringUp(nic.registers());
        Fixture.setUpReceive(nic.registers(), 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        return nic;
    }

    @Test
    void deferredReceivesInTheCallAfterTheFramesWaitingInTheRing() {
        final NicModel nic = port(DrivingMode.DEFERRED);
        final byte[] waiting = Fixture.frame(60, 1);
        final byte[] now = Fixture.frame(70, 2);
        assertTrue(nic.receiveFromWire(waiting), "the ring takes it");
        assertFalse(LegacyRxDescriptor.done(ring.qword1(0)), "deferred: nothing is received before a step");
        assertTrue(nic.receiveFromWireNow(MemorySegment.ofArray(now), 0, now.length));
        assertTrue(LegacyRxDescriptor.done(ring.qword1(0)) && LegacyRxDescriptor.done(ring.qword1(1)));
        assertArrayEquals(waiting, ring.bytes(0, 60), "the frame that waited goes first");
        assertArrayEquals(now, ring.bytes(1, 70));
        assertEquals(70, LegacyRxDescriptor.length(ring.qword1(1)));
        assertEquals(2, nic.registers().read(Regs.RDH(0)));
        assertEquals(0, nic.step(), "nothing left for the step");
        nic.faults().assertNone();
        nic.close();
    }

    @Test
    void synchronousReceivesAsReceiveFromWire() {
        final NicModel nic = port(DrivingMode.SYNCHRONOUS);
        final byte[] frame = Fixture.frame(60, 3);
        assertTrue(nic.receiveFromWireNow(MemorySegment.ofArray(frame), 0, frame.length));
        assertArrayEquals(frame, ring.bytes(0, 60));
        nic.close();
    }

    @Test
    void aThreadedPortRefusesEveryThreadButItsEngineThread() {
        final NicModel nic = port(DrivingMode.THREADED);
        final byte[] frame = Fixture.frame(60, 4);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> nic.receiveFromWireNow(MemorySegment.ofArray(frame), 0, frame.length));
        assertTrue(e.getMessage().contains("engine thread"), e.getMessage());
        nic.close();
    }
}
