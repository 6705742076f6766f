package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import nicharness.bench.driver.DriverRig;
import nicharness.harness.cost.Table4.Variant;
import org.junit.jupiter.api.Test;

/**
 * What the cost measurements time must not allocate: a round (driver and NF) and a refill (the
 * model's engines), for every variant, measured on this thread with
 * {@code ThreadMXBean.getThreadAllocatedBytes} over 128,000 packets after warm-up.
 */
class RigAllocationTest {

    @Test
    void roundsAndRefillsAllocateNothing() {
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int d = 0; d < Table4.DRIVERS.size(); d++) {
            final String driver = Table4.DRIVERS.get(d);
            final Variant variant = Table4.VARIANTS.get(d % Table4.VARIANTS.size()); // one NF each, all four used
            try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred(driver, variant.nf()))) {
                for (int i = 0; i < 500; i++) {
                    rig.round();
                    rig.refill();
                }
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 1000; i++) {
                    rig.round();
                    rig.refill();
                }
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(allocated < 1024, driver + " with " + variant.nf() + " allocated " + allocated
                        + " bytes over 128,000 packets");
            }
        }
    }
}
