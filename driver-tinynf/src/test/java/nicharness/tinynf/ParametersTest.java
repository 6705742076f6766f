package nicharness.tinynf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.driver.DriverSetup;
import nicharness.env.IdleStrategy;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Regs;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every tunable is checked at start-up, before any device is touched, and a wrong one is refused
 * with its name, its value and the accepted range.
 */
class ParametersTest {
    private final SimulatedDmaMemory memory = new SimulatedDmaMemory(8L << 20);
    private final ScriptedNic card0 = new ScriptedNic(memory, 0, Transmit.ON_TAIL_WRITE);
    private final ScriptedNic card1 = new ScriptedNic(memory, 1, Transmit.ON_TAIL_WRITE);

    @AfterEach
    void close() {
        memory.close();
    }

    private IllegalArgumentException refused(final Map<String, String> parameters) {
        final DriverSetup setup = new DriverSetup(List.of(card0.port(), card1.port()), memory,
                (packet, input, now) -> NetworkFunction.DROP, Clock.SYSTEM, IdleStrategy.NONE, parameters);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TinyNfModel().open(setup));
        for (final ScriptedNic card : new ScriptedNic[] {card0, card1}) {
            // The bring-up's first write is CTRL.MASTER_DISABLE, the queue set-up's first RDLEN/TDLEN.
            assertEquals(0, card.registers().read(Regs.CTRL), "no device was touched, not even reset");
            assertEquals(0, card.registers().read(Regs.RDLEN(0)));
            assertEquals(0, card.registers().read(Regs.TDLEN(0)));
        }
        return e;
    }

    private static void assertMentions(final Exception e, final String... words) {
        for (final String word : words) {
            assertTrue(e.getMessage().contains(word), "'" + word + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void theModelIsRegisteredAsTinynfWithThePapersDefaults() {
        final DriverModel model = DriverRegistry.byName("tinynf");
        assertEquals(TinyNfModel.class, model.getClass());
        assertEquals(List.of("ring-size=1024", "flush-period=8", "recycle-period=64", "outputs=1", "topology=auto", "cores=1"),
                model.parameters().stream().map(p -> p.name() + "=" + p.defaultValue()).toList());
        assertEquals(new AgentParameters(1024, 8, 64), AgentParameters.PAPER);
    }

    @Test
    void aRingSizeThatIsNotAPowerOfTwoIsRefused() {
        assertMentions(refused(Map.of("ring-size", "1000")), "ring-size", "power of two", "1000");
        assertMentions(refused(Map.of("ring-size", "4")), "ring-size", "4", "[8, 8192]");
        assertMentions(refused(Map.of("ring-size", "16384")), "ring-size", "16384");
        assertMentions(refused(Map.of("ring-size", "big")), "ring-size", "integer", "big");
    }

    @Test
    void aRecyclePeriodLargerThanHalfTheRingIsRefused() {
        assertMentions(refused(Map.of("ring-size", "64", "recycle-period", "128")), "recycle-period", "128", "64");
        assertMentions(refused(Map.of("ring-size", "64", "recycle-period", "64")), "recycle-period", "[1, 32]");
        assertMentions(refused(Map.of("recycle-period", "48")), "recycle-period", "power of two", "48");
        assertMentions(refused(Map.of("recycle-period", "0")), "recycle-period", "0");
    }

    @Test
    void aFlushPeriodOfAWholeRingIsRefused() {
        assertMentions(refused(Map.of("ring-size", "64", "flush-period", "64")), "flush-period", "64", "[1, 63]");
        assertMentions(refused(Map.of("flush-period", "0")), "flush-period", "0");
    }

    @Test
    void unknownNamesAndBadTopologiesAreRefused() {
        assertMentions(refused(Map.of("ring_size", "1024")), "unknown parameter", "ring_size", "ring-size");
        assertMentions(refused(Map.of("outputs", "5")), "outputs", "5", "[1, 4]");
        assertMentions(refused(Map.of("topology", "0>2")), "port 2", "2 port(s)");
        assertMentions(refused(Map.of("topology", "0>1,0>1")), "port 0", "input of two agents");
        assertMentions(refused(Map.of("topology", "0>1+1+1+1+1")), "5 outputs", "1 to 4");
        assertMentions(refused(Map.of("topology", "0-1")), "'0-1'", "input>output");
        assertMentions(refused(Map.of("topology", "0>1", "outputs", "2")), "outputs", "topology", "give one");
    }

    @Test
    void topologiesReadAsWritten() {
        assertEquals("0>1,1>0", Topology.parse("auto", 1, 2).toString());
        assertEquals("0>0", Topology.parse("auto", 1, 1).toString());
        assertEquals("0>1+2,1>2+0,2>0+1", Topology.parse("auto", 2, 3).toString());
        assertEquals("0>1+2+3", Topology.parse(" 0>1+2+3 ", 1, 4).toString());
        assertEquals("0>1+1,1>0", Topology.parse("0>1+1; 1>0", 1, 2).toString());
    }
}
