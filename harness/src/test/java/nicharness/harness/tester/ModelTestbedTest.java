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
            testbed.warmUp(0.5, 0.5);
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
    void testerLimitedRule() {
        final Period p = new Period(1, 1.0, 0b11, 100_000_000L, 0, 0, 1); // 148,809 frames per direction
        final long full = 148_809;
        assertFalse(ModelTestbed.testerLimited(p, new long[] {full, full}, 0, 0.5, 0));
        assertTrue(ModelTestbed.testerLimited(p, new long[] {full, (long) (0.98 * full)}, 0, 0.5, 0), "short of the rate");
        assertFalse(ModelTestbed.testerLimited(p, new long[] {full, full}, 0, 0.99, 1_000_000), "no loss: nothing to blame");
        assertTrue(ModelTestbed.testerLimited(p, new long[] {full, full}, 10, 0.96, 0), "loss while saturated");
        assertTrue(ModelTestbed.testerLimited(p, new long[] {full, full}, 10, 0.5, 43_100), "loss after a 64-frame burst");
        assertFalse(ModelTestbed.testerLimited(p, new long[] {full, full}, 10, 0.5, 40_000), "loss, tester on time");
    }
}
