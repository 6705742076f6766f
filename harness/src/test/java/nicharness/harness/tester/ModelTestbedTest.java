package nicharness.harness.tester;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nicharness.harness.plan.Workload;
import nicharness.harness.trial.Load;
import nicharness.harness.trial.Measurement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ModelTestbedTest {

    static final Workload NOP = Workload.of("nop", "nop", Map.of(), 2, 2, 0.003, 0, 1);

    @Test
    @Timeout(60)
    void withNoDriverEveryFrameIsDroppedByTheCardAndTheBooksBalance() {
        try (ModelTestbed testbed = ModelTestbed.withoutDriver(NOP, List.of())) {
            testbed.warmUp(Load.throughput(0.5, 0.5));
            final Measurement m = testbed.offer(Load.throughput(0.5, 0.2));
            // The pacing's precision is WireTesterTest's business (on a virtual clock); here, on a
            // busy machine, what must hold exactly is the books: every frame offered is one the
            // cards counted as dropped, since no driver enabled receive.
            for (int d = 0; d < 2; d++) {
                assertTrue(m.offered()[d] > 10_000, "offered " + m.offered()[d]);
                assertEquals(0, m.returned()[d]);
            }
            assertEquals(m.offeredTotal(), m.cardDropped());
            assertEquals(0, m.nfDropped());
            assertEquals(1.0, m.lossFraction());
            assertNull(m.latency());
            assertEquals(0, m.gcCount());
        }
    }

    @Test
    @Timeout(120)
    void theTesterAndTheModelsEnginesAllocateNothingPerPacketWhileADriverForwards() {
        final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (ModelTestbed testbed = ModelTestbed.open(NOP, "tinynf", List.of())) {
            testbed.warmUp(Load.throughput(0.2, 0.5));
            for (int i = 0; i < 2; i++) { // the probes' path too: its first use loads and compiles code
                testbed.offer(new Load(0.2, 0.3, 10_000, 0.05, 1));
            }
            final long engine = testbed.engineThreadId();
            long frames = 0;
            long allocated = 0;
            for (int i = 0; i < 3; i++) {
                final long before = threads.getThreadAllocatedBytes(engine);
                final Measurement m = testbed.offer(new Load(0.2, 0.3, 10_000, 0.05, 1));
                allocated += threads.getThreadAllocatedBytes(engine) - before;
                frames += m.offeredTotal();
                assertTrue(m.returnedTotal() > 0, "nothing came back");
            }
            // The JIT may still allocate a little now and then: after a deoptimisation, VarHandle
            // accesses run interpreted through method handles that box, until the code is compiled
            // again. What must hold is that nothing is allocated per frame: the smallest object is
            // 16 bytes, so a per-frame allocation would show as 16 bytes or more per frame, and the
            // bound here is 1,600 times smaller.
            assertTrue(allocated < frames / 100, allocated + " bytes allocated on the engine thread for " + frames + " frames");
        }
    }

    /**
     * A driver on two cores in real time: a thread per core, each direction forwarded by its own
     * core's thread; the books balance whatever the machine's CPUs.
     */
    @Test
    @Timeout(60)
    void aDriverOnTwoCoresRunsAThreadPerCoreAndForwardsBothDirections() {
        try (ModelTestbed testbed = ModelTestbed.open(NOP, "tinynf-2cores", List.of())) {
            testbed.warmUp(Load.throughput(0.05, 0.2));
            final Measurement m = testbed.offer(Load.throughput(0.05, 0.3));
            for (int d = 0; d < 2; d++) {
                assertTrue(m.returned()[d] > 1_000, "direction " + d + " forwarded: " + m);
            }
        }
    }

    @Test
    void oversubscriptionIsSaidWhenTheBusyThreadsOutnumberTheCpus() {
        assertNull(DriverThreads.oversubscription(2, 1, 3));
        final String said = DriverThreads.oversubscription(2, 1, 2);
        assertTrue(said != null && said.startsWith("oversubscribed") && said.contains("3 busy threads on 2 CPUs"), said);
    }
}
