package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;

/**
 * The paced wire: frames leave back to back at the line rate, and the transmit engine may run
 * ahead of the wire by what the transmit packet buffer holds, no further.
 */
class LinePacerTest {
    private static final long TEN_GIGABITS = 10_000_000_000L;

    @Test
    void backToBackMinimumFramesEndEvery67Point2Nanoseconds() {
        final LinePacer pacer = new LinePacer(TEN_GIGABITS);
        // 60 bytes + FCS + preamble + gap = 84 bytes = 672 bits = 67.2 ns; the remainder carries.
        assertEquals(1_000_067, pacer.send(60, 1_000_000));
        assertEquals(1_000_134, pacer.send(60, 1_000_000));
        assertEquals(1_000_201, pacer.send(60, 1_000_000));
        assertEquals(1_000_268, pacer.send(60, 1_000_000));
        assertEquals(1_000_336, pacer.send(60, 1_000_000), "five frames: exactly 336 ns");
        assertEquals(2_000_067, pacer.send(60, 2_000_000), "an idle wire starts at once");
    }

    @Test
    void theEngineRunsAheadOfTheWireByThePacketBufferAndNoFurther() {
        final LinePacer pacer = new LinePacer(TEN_GIGABITS);
        final long now = 5_000_000;
        int frames = 0;
        while (pacer.mayStart(now)) {
            pacer.send(60, now);
            frames++;
        }
        // 160 KiB drains in 131,072 ns at 10 Gb/s: 1951 frames of 84 bytes fit in that time.
        assertEquals(131_072, pacer.bufferNanos());
        assertEquals(1 + 131_072 * 10 / 672, frames);
        // The schedule now ends at now + 131,107 ns: room again once 35 ns have drained.
        assertFalse(pacer.mayStart(now + 34));
        assertTrue(pacer.mayStart(now + 35));
    }

    @Test
    void aPacedPortSendsAWholeBurstInOneStep() {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().mode(DrivingMode.DEFERRED).lineRate(TEN_GIGABITS).build();
        final CountingSink sink = new CountingSink();
        nic.connect(sink);
        Fixture.bringUp(nic.registers());
        final Fixture.Ring ring = fixture.new Ring(64);
        Fixture.setUpTransmit(nic.registers(), 0, ring, 0, 0);
        for (int i = 0; i < 32; i++) {
            final byte[] frame = Fixture.frame(60, i);
            frame[14] = 0;
            frame[15] = 0;
            frame[16] = 0;
            frame[17] = (byte) i;
            ring.fill(i, frame);
            ring.setQword1(i, LegacyTxDescriptor.command(60, i == 31));
        }
        nic.registers().write(Regs.TDT(0), 32);
        assertEquals(32, nic.step(), "32 descriptors processed in one step");
        assertEquals(32, sink.count());
        assertEquals(0, sink.outOfOrder());
        assertTrue(sink.smallestGap() >= 67, "spaced at the line rate: smallest gap " + sink.smallestGap() + " ns");
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }
}
