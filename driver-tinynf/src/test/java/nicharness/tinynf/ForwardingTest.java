package nicharness.tinynf;

import static nicharness.tinynf.TestBed.assertInOrderExactlyOnce;
import static nicharness.tinynf.TestBed.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nicharness.ixgbe.Regs;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Frames in on one port leave the other exactly once, in order, with the NF's edits, on the
 * software 82599 in synchronous mode with strict checks on.
 */
class ForwardingTest {

    /** Rewrites the destination MAC to 02:00:00:00:00:0p for output port p, the other port. */
    static final class RewriteAndCross implements NetworkFunction {
        @Override
        public int process(final Packet packet, final int inputPort, final long nowNanos) {
            final int output = 1 - inputPort;
            packet.setU16(0, 0x0200);
            packet.setU32(2, output);
            return output;
        }
    }

    private static byte[] expectedOnTheWire(final int inputPort, final int sequence) {
        final byte[] frame = TestBed.frame(inputPort, sequence);
        frame[0] = 0x02;
        frame[1] = 0;
        frame[2] = 0;
        frame[3] = 0;
        frame[4] = 0;
        frame[5] = (byte) (1 - inputPort);
        return frame;
    }

    /** Fewer than a ring, exactly a ring, and many wraps, in bursts the ring can take. */
    @ParameterizedTest
    @ValueSource(ints = {100, 1024, 20 * 1024 + 37})
    void framesLeaveThePeerPortExactlyOnceInOrderWithTheNfsEdits(final int count) {
        try (TestBed bed = new TestBed(2)) {
            bed.open(new RewriteAndCross());
            int injected = 0;
            while (injected < count) {
                final int burst = Math.min(200, count - injected);
                for (int i = 0; i < burst; i++) {
                    assertTrue(bed.inject(0, injected++), "the card had a descriptor for frame " + (injected - 1));
                }
                assertEquals(burst, bed.pollUntilIdle());
            }
            assertInOrderExactlyOnce(range(0, count), bed.sent(1), "port 1");
            assertEquals(List.of(), bed.sent(0), "nothing goes back out of port 0");
            final List<byte[]> frames = bed.frames(1);
            for (int i = 0; i < count; i += 97) {
                assertArrayEquals(expectedOnTheWire(0, i), frames.get(i), "frame " + i);
            }
            assertEquals(count, bed.driver.counters().received);
            assertEquals(count, bed.driver.counters().transmitted);
            assertEquals(0, bed.cards[0].readStatistic(Regs.QPRDC(0)), "no drop");
            bed.assertNoFaults();
        }
    }

    /** The paper's benchmark set-up: two agents, port 0 to port 1 and port 1 to port 0. */
    @Test
    void twoPortsTwoAgentsForwardBothWays() {
        try (TestBed bed = new TestBed(2)) {
            bed.open(new RewriteAndCross());
            assertEquals(2, bed.driver.agents().size());
            final int count = 3 * 1024 + 5;
            for (int i = 0; i < count; i++) {
                assertTrue(bed.inject(0, i));
                assertTrue(bed.inject(1, 1_000_000 + i));
                if (i % 50 == 49) {
                    bed.pollUntilIdle();
                }
            }
            bed.pollUntilIdle();
            assertInOrderExactlyOnce(range(0, count), bed.sent(1), "port 0 to port 1");
            assertInOrderExactlyOnce(range(1_000_000, 1_000_000 + count), bed.sent(0), "port 1 to port 0");
            assertArrayEquals(expectedOnTheWire(1, 1_000_000 + 7), bed.frames(0).get(7));
            assertArrayEquals(expectedOnTheWire(0, 7), bed.frames(1).get(7));
            bed.assertNoFaults();
        }
    }

    /** A batch of fewer than flush-period packets leaves as soon as a receive finds nothing. */
    @Test
    void aPartialBatchLeavesAsSoonAsTheInputIsIdle() {
        try (TestBed bed = new TestBed(2)) {
            bed.open(new RewriteAndCross());
            final Agent agent = bed.driver.agents().get(0);
            final Packet packet = new Packet();
            for (int i = 0; i < 3; i++) {
                assertTrue(bed.inject(0, i));
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(agent.receive(packet));
                agent.transmit(packet.length(), new boolean[] {true});
            }
            assertEquals(List.of(), bed.sent(1), "3 < flush-period: not yet handed to the card");
            assertTrue(!agent.receive(packet));
            assertEquals(List.of(0, 1, 2), bed.sent(1), "flushed on idle");

            // The same through the handler-style loop: one poll receives, sends and flushes.
            for (int i = 3; i < 8; i++) {
                assertTrue(bed.inject(0, i));
            }
            assertEquals(5, bed.driver.pollOnce());
            assertEquals(range(0, 8), bed.sent(1));
            bed.assertNoFaults();
        }
    }
}
