package nicharness.tinynf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import nicharness.env.SimulatedDmaMemory;
import nicharness.nf.Packet;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.Test;

/**
 * {@link Agent#run}, the data path, against the low-level pair {@link Agent#receive} /
 * {@link Agent#transmit} that {@link AgentTest} pins rule by rule: on two identical scripted set-ups
 * fed the same frames and the same answers, every tail write, every frame sent and the agent's
 * state are the same after every turn, for any budget (none, more than the ring, negative), with
 * turns of one kind and the other mixed on one agent.
 */
class AgentRunTest {
    /** A small ring, so that the script wraps it many times; flush 8, recycle 16. */
    private static final AgentParameters SMALL = new AgentParameters(64, 8, 16);

    /** One agent from port 0 to ports 1 and 2, on scripted cards that send at each tail write. */
    private static final class SetUp implements AutoCloseable {
        final SimulatedDmaMemory memory = new SimulatedDmaMemory(8L << 20);
        final ScriptedNic input = new ScriptedNic(memory, 0, Transmit.ON_TAIL_WRITE);
        final ScriptedNic output = new ScriptedNic(memory, 1, Transmit.ON_TAIL_WRITE);
        final ScriptedNic other = new ScriptedNic(memory, 2, Transmit.ON_TAIL_WRITE);
        final Agent agent;

        SetUp() {
            input.recordTailWrites();
            output.recordTailWrites();
            other.recordTailWrites();
            agent = QueueSetup.createAgent(memory, SMALL, input.port(), List.of(output.port(), other.port()));
        }

        @Override
        public void close() {
            memory.close();
        }
    }

    /** The answers, one per packet, in order: the same sequence for both set-ups. */
    private static final class Answers {
        private final Random random;

        Answers(final long seed) {
            random = new Random(seed);
        }

        int next() {
            return random.nextInt(4); // none, output 0, output 1, both
        }
    }

    /** The pair, as TinyNF's loop drove it before {@link Agent#run}: up to the budget, stopping at the first empty receive. */
    private static int pairTurn(final Agent agent, final int budget, final Answers answers) {
        final Packet packet = new Packet();
        final int limit = Math.min(Math.max(budget, 0), 63);
        int processed = 0;
        while (processed < limit && agent.receive(packet)) {
            agent.transmit(packet.length(), answers.next());
            processed++;
        }
        return processed;
    }

    @Test
    void runDoesWhatThePairDoesTurnByTurn() {
        for (long seed = 1; seed <= 20; seed++) {
            try (SetUp byRun = new SetUp(); SetUp byPair = new SetUp()) {
                final Random script = new Random(seed);
                final Answers runAnswers = new Answers(seed * 31);
                final Answers pairAnswers = new Answers(seed * 31);
                final Agent.PacketHandler handler = packet -> runAnswers.next();
                int sequence = 0;
                for (int turn = 0; turn < 400; turn++) {
                    final int frames = script.nextInt(4) == 0 ? script.nextInt(70) : script.nextInt(12);
                    for (int i = 0; i < frames; i++, sequence++) {
                        final byte[] frame = new byte[60 + sequence % 40];
                        frame[20] = (byte) (sequence >> 8);
                        frame[21] = (byte) sequence;
                        assertEquals(byPair.input.receive(frame), byRun.input.receive(frame), "seed " + seed + ": delivery");
                    }
                    final int budget = switch (script.nextInt(8)) {
                        case 0 -> 0;
                        case 1 -> -1;
                        case 2 -> 100; // more than the ring
                        default -> 1 + script.nextInt(8);
                    };
                    // Mixed on one agent too: a turn of the pair on the "run" set-up now and then.
                    final boolean pairOnRunSide = script.nextInt(10) == 0;
                    final int ran = pairOnRunSide ? pairTurn(byRun.agent, budget, runAnswers) : byRun.agent.run(handler, budget);
                    final int paired = pairTurn(byPair.agent, budget, pairAnswers);
                    final String where = "seed " + seed + ", turn " + turn + ", budget " + budget;
                    assertEquals(paired, ran, where + ": packets processed");
                    assertEquals(byPair.agent.processedDelimiter(), byRun.agent.processedDelimiter(), where + ": delimiter");
                    assertEquals(byPair.agent.receiveTail(), byRun.agent.receiveTail(), where + ": receive tail");
                    assertEquals(byPair.input.receiveTailWrites(), byRun.input.receiveTailWrites(), where + ": RDT writes");
                    assertEquals(byPair.output.transmitTailWrites(0), byRun.output.transmitTailWrites(0), where + ": TDT writes, output 0");
                    assertEquals(byPair.other.transmitTailWrites(0), byRun.other.transmitTailWrites(0), where + ": TDT writes, output 1");
                    assertEquals(byPair.output.sent(0).size(), byRun.output.sent(0).size(), where + ": frames sent, output 0");
                    assertEquals(byPair.other.sent(0).size(), byRun.other.sent(0).size(), where + ": frames sent, output 1");
                }
            }
        }
    }

    @Test
    void anNfThatThrowsLeavesTheAgentWhereTheSlotsAlreadySentPutIt() {
        try (SetUp setUp = new SetUp()) {
            for (int i = 0; i < 5; i++) {
                setUp.input.receive(new byte[60]);
            }
            final int[] calls = {0};
            final Agent.PacketHandler throwsOnThird = packet -> {
                if (++calls[0] == 3) {
                    throw new IllegalStateException("an NF bug");
                }
                return 1;
            };
            try {
                setUp.agent.run(throwsOnThird, 8);
            } catch (final IllegalStateException expected) {
                // the third packet's NF threw
            }
            assertEquals(2, setUp.agent.processedDelimiter(), "the two packets sent stay sent");
            assertEquals(3, setUp.agent.run(packet -> 1, 8), "the third is received again, then the rest");
            assertEquals(5, setUp.agent.processedDelimiter());
            assertEquals(5, setUp.output.sent(0).size(), "every frame sent once, after the idle flush");
        }
    }
}
