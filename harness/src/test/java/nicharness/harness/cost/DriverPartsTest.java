package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import nicharness.harness.cost.CompiledCodePrint.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Instructions grouped by their inlining chain and the drivers' own part declarations. */
class DriverPartsTest {

    private static DriverParts parts;

    @BeforeAll
    static void readTheDrivers() {
        parts = DriverParts.ofRegistry();
    }

    /** A chain from {@code Class::method} names, innermost first, {@code TinyNfDriver::pollOnce} outermost. */
    private static List<Frame> tinynf(final String... inner) {
        final List<Frame> chain = new ArrayList<>();
        for (final String name : inner) {
            final int sep = name.indexOf("::");
            chain.add(new Frame(name.substring(0, sep), name.substring(sep + 2), 0, 1));
        }
        chain.add(new Frame("nicharness.tinynf.Agent", "run", 0, 1));
        chain.add(new Frame("nicharness.tinynf.TinyNfDriver", "pollOnce", 0, 1));
        return chain;
    }

    @Test
    void tinyNfsFusedLoopCountsEachStepByThePartThatOwnsIt() {
        assertEquals(DriverParts.RECEIVE, parts.groupOf(tinynf("jdk.internal.misc.Unsafe::getLongUnaligned",
                "nicharness.ixgbe.DmaWords::qwordAcquire", "nicharness.tinynf.Agent::receiveStatus")),
                "JDK and ixgbe helpers count as the driver method that inlined them");
        assertEquals(DriverParts.TRANSMIT, parts.groupOf(tinynf("nicharness.tinynf.Agent::send")));
        assertEquals(DriverParts.TRANSMIT, parts.groupOf(tinynf("nicharness.tinynf.Agent::flush",
                "nicharness.tinynf.Agent::flushIfDue", "nicharness.tinynf.Agent::transmitted")),
                "flush is reached from receive (idle) and transmit; here transmit's flushIfDue decides");
        assertEquals(DriverParts.SHARED, parts.groupOf(List.of(new Frame("nicharness.tinynf.Agent", "flush", 0, 1))),
                "flush compiled on its own: no caller in the chain decides");
        assertEquals(DriverParts.RECEIVE, parts.groupOf(tinynf("nicharness.tinynf.Agent::flush",
                "nicharness.tinynf.Agent::idle")));
        assertEquals("NF", parts.groupOf(tinynf("nicharness.nf.Packet::length",
                "nicharness.nf.nop.UntouchedNop::process", "nicharness.tinynf.TinyNfDriver$Handler::handle")));
        assertEquals(DriverParts.LOOP, parts.groupOf(tinynf("nicharness.driver.Outputs::mask",
                "nicharness.tinynf.TinyNfDriver$Handler::send", "nicharness.tinynf.TinyNfDriver$Handler::handle")),
                "the answer as outputs and the counters are neither part");
        assertEquals(DriverParts.LOOP, parts.groupOf(tinynf()));
        assertEquals("model", parts.groupOf(tinynf("nicharness.testbed.PostedWrites::post",
                "nicharness.tinynf.Agent::flush")));
    }

    @Test
    void dpdkAndIxyBurstsAreTheirDeclaredParts() {
        final Frame loop = new Frame("nicharness.dpdk.DpdkDriver", "forward", 0, 1);
        assertEquals(DriverParts.RECEIVE, parts.groupOf(List.of(new Frame("nicharness.dpdk.RxQueue", "receiveBurst", 0, 1),
                loop)));
        assertEquals(DriverParts.TRANSMIT, parts.groupOf(List.of(new Frame("nicharness.dpdk.TxQueue", "transmitBurst", 0, 1),
                loop)));
        assertEquals(DriverParts.LOOP, parts.groupOf(List.of(loop)));
        assertEquals(DriverParts.TRANSMIT, parts.groupOf(List.of(new Frame("nicharness.ixy.TxQueue", "txBatch", 0, 1),
                new Frame("nicharness.ixy.IxyForwarder", "forward", 0, 1))));
    }

    @Test
    void chainsOutsideTheDriverAreLeftToTheCompiledMethod() {
        assertNull(parts.groupOf(List.of(new Frame("nicharness.testbed.DriverRig", "round", 0, 1))));
        assertNull(parts.groupOf(List.of()));
        assertEquals("clock", parts.groupOf(List.of(new Frame("java.lang.System", "nanoTime", 0, 1),
                new Frame("nicharness.dpdk.DpdkDriver", "forward", 0, 1))));
    }
}
