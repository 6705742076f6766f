package nicharness.harness.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import nicharness.testbed.DriverRig;
import nicharness.harness.cost.Table4.Variant;
import org.junit.jupiter.api.Test;

/**
 * What the cost measurements time must not allocate: a round (driver and NF) and a refill (the
 * model's engines), for every variant, measured on this thread with
 * {@code ThreadMXBean.getThreadAllocatedBytes} over windows of 128,000 packets after warm-up. Until
 * C2 has compiled the loop (later on a busy machine) less optimised code may still allocate, so the
 * steady state is taken to be reached when one of up to five consecutive windows allocates nothing.
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
                final java.util.List<Long> windows = new java.util.ArrayList<>();
                for (int window = 0; window < 5 && (windows.isEmpty() || windows.getLast() >= 1024); window++) {
                    final long before = threads.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 1000; i++) {
                        rig.round();
                        rig.refill();
                    }
                    windows.add(threads.getCurrentThreadAllocatedBytes() - before);
                }
                assertTrue(windows.getLast() < 1024, driver + " with " + variant.nf() + " allocated " + windows
                        + " bytes in successive windows of 128,000 packets");
            }
        }
    }
}
