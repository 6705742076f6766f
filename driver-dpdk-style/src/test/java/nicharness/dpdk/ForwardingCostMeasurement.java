package nicharness.dpdk;

import java.lang.foreign.MemorySegment;
import nicharness.driver.DriverCounters;
import nicharness.driver.DriverRegistry;
import nicharness.env.IdleStrategy;
import nicharness.model.NicModel;
import nicharness.testbed.ModelPorts;
import org.junit.jupiter.api.Test;

/**
 * Not a test (surefire skips it unless named with {@code -Dtest}): a rough cost of one forwarded
 * packet through a DPDK variant plus the synchronous model, with the counts per packet that do not
 * depend on the machine. One variant per JVM, as JIT profiles must not mix:
 *
 * <pre>
 * mvn -B -o -q -pl driver-dpdk-style -am test -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest=ForwardingCostMeasurement -Dvariant=dpdk-batched
 * </pre>
 *
 * The time includes the model's engines (receive DMA in the injection, transmit DMA inside the
 * TDT write), so it bounds the driver's cost from above; the harness's benchmarks separate them.
 */
class ForwardingCostMeasurement {
    private static final int LENGTH = 60;

    @Test
    void measure() {
        final String variant = System.getProperty("variant", "dpdk");
        final int chunk = Integer.getInteger("chunk", 32);
        try (ModelPorts model = ModelPorts.builder(2).hostBytes(HostMemorySize.forDefaultPool(2)).strict(false)
                .each((port, i) -> port.mac(0x02_00_00_00_00_20L | i)).build()) {
            final NicModel[] models = model.all();
            for (final NicModel port : models) {
                port.connect((data, offset, length) -> { });
            }
            final DpdkDriver driver = (DpdkDriver) DriverRegistry.byName(variant).open(
                    model.setup((packet, in, now) -> 1 - in).withIdle(IdleStrategy.NONE));
            final MemorySegment frame = MemorySegment.ofArray(new byte[LENGTH]);
            run(driver, models[0], frame, chunk, 1_000_000);
            models[0].counters().clear();
            models[1].counters().clear();
            final DriverCounters before = driver.counters().snapshot();
            final int packets = 4_000_000;
            final long start = System.nanoTime();
            run(driver, models[0], frame, chunk, packets);
            final long elapsed = System.nanoTime() - start;
            final DriverCounters after = driver.counters();
            System.out.printf("%s, %d frames per injection: %.1f ns per forwarded packet (driver + synchronous model)%n",
                    variant, chunk, (double) elapsed / packets);
            System.out.printf("  per packet: pool gets %.3f, pool puts %.3f, RDT writes %.4f, TDT writes %.4f, "
                            + "register reads %.4f, polls %.3f%n",
                    (double) (after.poolGets - before.poolGets) / packets,
                    (double) (after.poolPuts - before.poolPuts) / packets,
                    (double) models[0].counters().doorbellWrites() / packets,
                    (double) models[1].counters().doorbellWrites() / packets,
                    (double) (models[0].counters().registerReads() + models[1].counters().registerReads()) / packets,
                    (double) (after.polls - before.polls) / packets);
        }
    }

    private static void run(final DpdkDriver driver, final NicModel input, final MemorySegment frame, final int chunk,
                            final int packets) {
        for (int sent = 0; sent < packets; sent += chunk) {
            for (int i = 0; i < chunk; i++) {
                input.receiveFromWire(frame, 0, LENGTH);
            }
            while (driver.pollOnce() != 0) {
                // forward until the receive ring is empty
            }
        }
    }
}
