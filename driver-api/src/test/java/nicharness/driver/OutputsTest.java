package nicharness.driver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nicharness.nf.NetworkFunction;
import org.junit.jupiter.api.Test;

/** The NF-answer-to-outputs rule, and its counting of what the NF drops. */
class OutputsTest {

    @Test
    void tinyNfAgentOutputsFollowTheNfAnswer() {
        final Outputs outputs = new Outputs(0, List.of(1, 2, 0, 2));
        final DriverCounters counters = new DriverCounters();
        final DriverCounters masked = new DriverCounters();
        assertEquals(1, outputs.route(1, counters));
        assertEquals(0b0001, outputs.mask(1, masked));
        assertEquals(Outputs.SEVERAL, outputs.route(2, counters), "both queues on port 2");
        assertArrayEquals(new int[] {2, 2}, outputs.ports(2));
        assertEquals(0b1010, outputs.mask(2, masked));
        assertEquals(Outputs.SEVERAL, outputs.route(NetworkFunction.FLOOD, counters), "every output not on the input's port");
        assertArrayEquals(new int[] {1, 2, 2}, outputs.ports(NetworkFunction.FLOOD));
        assertEquals(0b1011, outputs.mask(NetworkFunction.FLOOD, masked));
        assertEquals(0, counters.droppedByNf);
        assertEquals(0, masked.droppedByNf);
        assertEquals(0, outputs.route(0, counters), "the input's own port, when it is an output");
        assertEquals(Outputs.NOWHERE, outputs.route(NetworkFunction.DROP, counters));
        assertEquals(0, outputs.mask(NetworkFunction.DROP, masked));
        assertEquals(Outputs.NOWHERE, outputs.route(7, counters), "a port that is no output");
        assertEquals(0, outputs.mask(7, masked));
        assertEquals(Outputs.NOWHERE, outputs.route(-7, counters), "an answer that is neither a port, DROP nor FLOOD");
        assertEquals(3, counters.droppedByNf, "each answer that sends nowhere counts once");
        assertEquals(2, masked.droppedByNf, "DROP and 7, each once");
    }

    @Test
    void theMaskCountsAsRouteDoes() {
        // Port 2 is in range but no output is on it; port 3 carries two outputs.
        final Outputs outputs = new Outputs(0, List.of(1, 3, 0, 3));
        final DriverCounters byMask = new DriverCounters();
        final DriverCounters byRoute = new DriverCounters();
        for (final int answer : new int[] {0, 1, 2, 3, 7, NetworkFunction.FLOOD, NetworkFunction.DROP, -7}) {
            final int mask = outputs.mask(answer, byMask);
            final int route = outputs.route(answer, byRoute);
            assertEquals(0, mask >>> 4, "answer " + answer + ": no bit above the outputs");
            assertEquals(outputs.ports(answer).length, Integer.bitCount(mask), "answer " + answer + ": outputs sent");
            assertEquals(route == Outputs.NOWHERE, mask == 0, "answer " + answer + ": nowhere");
        }
        assertEquals(byRoute.droppedByNf, byMask.droppedByNf, "the mask counts what sends nowhere as route does");
        assertEquals(4, byMask.droppedByNf, "2 (no output on that port), 7 (no such port), DROP and -7 send nowhere");
    }

    @Test
    void everyPortSendsWhereTheNfSaysAndFloodsToEveryOtherPort() {
        final DriverCounters counters = new DriverCounters();
        final Outputs two = Outputs.everyPort(0, 2);
        assertEquals(1, two.route(NetworkFunction.FLOOD, counters), "a flood on two ports is the other port");
        assertEquals(0, two.route(0, counters), "back out of the input's port, as Vigor's nf.c allows");
        final Outputs three = Outputs.everyPort(1, 3);
        assertEquals(Outputs.SEVERAL, three.route(NetworkFunction.FLOOD, counters));
        assertArrayEquals(new int[] {0, 2}, three.ports(NetworkFunction.FLOOD));
        assertEquals(Outputs.NOWHERE, Outputs.everyPort(0, 1).route(NetworkFunction.FLOOD, counters), "nowhere to flood");
        assertEquals(Outputs.NOWHERE, three.route(3, counters), "no such port");
        assertEquals(2, counters.droppedByNf);
    }
}
