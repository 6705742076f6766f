package nicharness.tinynf;

import static nicharness.tinynf.TestBed.assertInOrderExactlyOnce;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nicharness.ixgbe.Regs;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One input, one to four outputs: every output gets a descriptor for every packet, so all stay in
 * step; each sends exactly the packets meant for it, in order; nothing is lost.
 */
class MultiOutputTest {

    private static String topology(final int outputs) {
        final StringBuilder text = new StringBuilder("topology=0>1");
        for (int n = 2; n <= outputs; n++) {
            text.append('+').append(n);
        }
        return text.toString();
    }

    /** Each packet to a random subset of the outputs (seeded), including none, via the low-level pair. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void everyOutputSendsExactlyItsPacketsInOrderAndAllStayInStep(final int outputs) {
        try (TestBed bed = new TestBed(outputs + 1)) {
            bed.open((packet, input, now) -> NetworkFunction.DROP, topology(outputs));
            final Agent agent = bed.driver.agents().get(0);
            assertEquals(outputs, agent.outputCount());
            final Random random = new Random(42 + outputs);
            final List<List<Integer>> expected = new ArrayList<>();
            for (int n = 0; n < outputs; n++) {
                expected.add(new ArrayList<>());
            }
            final Packet packet = new Packet();
            final int count = 5 * 1024 + 11;
            int sequence = 0;
            while (sequence < count) {
                final int burst = Math.min(1 + random.nextInt(100), count - sequence);
                for (int i = 0; i < burst; i++) {
                    assertTrue(bed.inject(0, sequence + i));
                }
                for (int i = 0; i < burst; i++, sequence++) {
                    assertTrue(agent.receive(packet));
                    assertEquals(sequence, TestBed.sequence(frameBytes(packet)));
                    int send = 0;
                    for (int n = 0; n < outputs; n++) {
                        if (random.nextBoolean()) {
                            send |= 1 << n;
                            expected.get(n).add(sequence);
                        }
                    }
                    agent.transmit(packet.length(), send);
                }
                assertTrue(!agent.receive(packet)); // idle: flush
                // Lock-step: every output's tail is the delimiter and, in synchronous mode, its head too.
                for (int n = 0; n < outputs; n++) {
                    final var regs = bed.cards[n + 1].registers();
                    assertEquals(agent.processedDelimiter(), regs.read(Regs.TDT(0)), "TDT of output " + n);
                    assertEquals(agent.processedDelimiter(), regs.read(Regs.TDH(0)), "TDH of output " + n);
                }
            }
            for (int n = 0; n < outputs; n++) {
                assertInOrderExactlyOnce(expected.get(n), bed.sent(n + 1), "output " + n);
            }
            assertEquals(List.of(), bed.sent(0));
            assertEquals(0, bed.cards[0].readStatistic(Regs.QPRDC(0)), "nothing lost");
            bed.assertNoFaults();
        }
    }

    private static byte[] frameBytes(final Packet packet) {
        final byte[] bytes = new byte[packet.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) packet.getU8(i);
        }
        return bytes;
    }

    /** The NF's answers, through the handler-style loop: a port, FLOOD, DROP, or no output's port. */
    @Test
    void theNfsAnswerSelectsTheOutputs() {
        final int[] answers = {1, 2, 3, 4, NetworkFunction.FLOOD, NetworkFunction.DROP, 0, 9, 2, 2};
        try (TestBed bed = new TestBed(5)) {
            bed.open((packet, input, now) -> answers[(int) (packet.getU32(TestBed.SEQUENCE_OFFSET) % answers.length)],
                    "topology=0>1+2+3+4");
            final Map<Integer, List<Integer>> expected = new HashMap<>();
            for (int port = 1; port <= 4; port++) {
                expected.put(port, new ArrayList<>());
            }
            int dropped = 0;
            final int count = 3000;
            for (int i = 0; i < count; i++) {
                assertTrue(bed.inject(0, i));
                final int answer = answers[i % answers.length];
                if (answer == NetworkFunction.FLOOD) {
                    for (int port = 1; port <= 4; port++) {
                        expected.get(port).add(i);
                    }
                } else if (expected.containsKey(answer)) {
                    expected.get(answer).add(i);
                } else {
                    dropped++;
                }
                if (i % 64 == 63) {
                    bed.pollUntilIdle();
                }
            }
            bed.pollUntilIdle();
            for (int port = 1; port <= 4; port++) {
                assertInOrderExactlyOnce(expected.get(port), bed.sent(port), "port " + port);
            }
            assertEquals(count, bed.driver.counters().received);
            assertEquals(dropped, bed.driver.counters().droppedByNf);
            bed.assertNoFaults();
        }
    }

    /** Two outputs on the same card are two transmit queues of it: each sends its copy. */
    @Test
    void twoOutputsOnOneCardUseTwoQueues() {
        try (TestBed bed = new TestBed(2)) {
            bed.open((packet, input, now) -> 1, "topology=0>1+1");
            final int count = 2500;
            for (int i = 0; i < count; i++) {
                assertTrue(bed.inject(0, i));
                if (i % 100 == 99) {
                    bed.pollUntilIdle();
                }
            }
            bed.pollUntilIdle();
            final var regs = bed.cards[1].registers();
            assertTrue((regs.read(Regs.TXDCTL(0)) & Regs.TXDCTL_.ENABLE) != 0);
            assertTrue((regs.read(Regs.TXDCTL(1)) & Regs.TXDCTL_.ENABLE) != 0);
            final List<Integer> sent = bed.sent(1);
            assertEquals(2 * count, sent.size());
            final int[] copies = new int[count];
            sent.forEach(s -> copies[s]++);
            for (int i = 0; i < count; i++) {
                assertEquals(2, copies[i], "copies of frame " + i);
            }
            bed.assertNoFaults();
        }
    }
}
