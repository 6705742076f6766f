package nicharness.tinynf;

import static nicharness.tinynf.TestBed.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nicharness.nf.Packet;
import org.junit.jupiter.api.Test;

/**
 * A batch of fewer than flush-period packets leaves as soon as a receive finds nothing, through
 * the low-level pair and through the handler-style loop (the in-order, exactly-once, overload,
 * bidirectional and allocation checks are the shared {@code TinyNfContractTest}).
 */
class PartialBatchTest {

    @Test
    void aPartialBatchLeavesAsSoonAsTheInputIsIdle() {
        try (TestBed bed = new TestBed(2)) {
            bed.open(new TestBed.CrossPorts());
            assertEquals(2, bed.driver.agents().size(), "the paper's set-up: port 0 to 1, port 1 to 0");
            final Agent agent = bed.driver.agents().get(0);
            final Packet packet = new Packet();
            for (int i = 0; i < 3; i++) {
                assertTrue(bed.inject(0, i));
            }
            for (int i = 0; i < 3; i++) {
                assertTrue(agent.receive(packet));
                agent.transmit(packet.length(), 1);
            }
            assertEquals(List.of(), bed.sent(1), "3 < flush-period: not yet handed to the card");
            assertFalse(agent.receive(packet));
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
