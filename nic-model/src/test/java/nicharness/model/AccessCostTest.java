package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.Regs;
import org.junit.jupiter.api.Test;

/** The cost of device access, and the counts of device accesses (deterministic parts only). */
class AccessCostTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void freeAccessIsTheRegisterFileItself() {
        final Fixture fixture = new Fixture();
        final NicModel nic = fixture.nic(0);
        assertEquals(AccessCost.NONE, nic.accessCost());
        assertTrue(!(nic.registers() instanceof CostedRegisterSpace));
        nic.close();
        fixture.host.close();
    }

    @Test
    void costedAccessDelegatesCountsAndAllocatesNothing() throws InterruptedException {
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().accessCost(new AccessCost(2, 1)).build();
        final RegisterSpace regs = nic.registers();
        assertTrue(regs instanceof CostedRegisterSpace);
        regs.write(Regs.FCTRL, Regs.FCTRL_.UPE);
        assertEquals(Regs.FCTRL_.UPE, regs.read(Regs.FCTRL));
        for (int i = 0; i < 200_000; i++) { // warm up until compiled
            regs.write(Regs.FCTRL, i);
            regs.read(Regs.FCTRL);
        }
        final long[] accesses = {0};
        nic.counters().clear();
        final long allocated = AllocationTest.leastAllocated(THREADS::getCurrentThreadAllocatedBytes, () -> {
            for (int i = 0; i < 100_000; i++) {
                regs.write(Regs.FCTRL, i);
                regs.read(Regs.FCTRL);
            }
            accesses[0] += 100_000;
        });
        AllocationTest.assertNothingPerPacket(allocated, 100_000);
        assertEquals(accesses[0], nic.counters().otherRegisterWrites());
        assertEquals(accesses[0], nic.counters().otherRegisterReads());
        assertEquals(0, nic.counters().doorbellWrites());
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    @Test
    void doorbellsAreCountedApart() {
        final Fixture fixture = new Fixture();
        final NicModel nic = fixture.nic(0);
        Fixture.bringUp(nic.registers());
        final Fixture.Ring ring = fixture.new Ring(16);
        Fixture.setUpReceive(nic.registers(), 0, ring, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
        nic.counters().clear();
        nic.registers().write(Regs.RDT(0), 15); // the value it has: a doorbell all the same
        nic.registers().write(Regs.RDT(0), 15);
        nic.registers().read(Regs.RDH(0));
        assertEquals(2, nic.counters().doorbellWrites());
        assertEquals(1, nic.counters().otherRegisterReads());
        assertEquals(3, nic.counters().registerWrites() + nic.counters().registerReads());
        nic.faults().assertNone();
        nic.close();
        fixture.host.close();
    }

    @Test
    void theMeasuredDefaultsAndTheirLimits() {
        assertEquals(533, AccessCost.DEFAULT.readNanos());
        assertEquals(50, AccessCost.DEFAULT.writeNanos(), "a posted write costs the CPU an estimate, not the link's 213 ns");
        assertEquals(213, AccessCost.WRITE_AT_LINK_LATENCY.writeNanos());
        assertSame(AccessCost.WRITE_AT_LINK_LATENCY, AccessCost.named("pcie-write-213"));
        assertThrows(IllegalArgumentException.class, () -> new AccessCost(-1, 0));
        assertTrue(BusyWait.iterationsPerMicrosecond() > 0);
        final Fixture fixture = new Fixture();
        final NicModel nic = NicModel.builder(fixture.host).instantResetAndLink().accessCost(AccessCost.NONE).build();
        assertSame(AccessCost.NONE, nic.accessCost());
        nic.close();
        fixture.host.close();
    }
}
