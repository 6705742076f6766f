package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import nicharness.env.DmaRegion;
import nicharness.env.SimulatedDmaMemory;
import org.junit.jupiter.api.Test;

/**
 * {@link HostWindow} answers as {@link SimulatedDmaMemory#allocatedOffset} does, whichever region
 * it found last: an address in the window's region, in another region, across a region's end, in
 * a gap between regions, below or above host memory.
 */
class HostWindowTest {
    @Test
    void answersAsTheRegionTableForRandomAddresses() {
        try (SimulatedDmaMemory host = new SimulatedDmaMemory(16L << 20)) {
            final DmaRegion[] regions = {host.allocate(4096, 4096), host.allocate(100, 64), host.allocate(65536, 4096),
                host.allocate(2048, 2048)};
            final HostWindow window = new HostWindow(host);
            final SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < 100_000; i++) {
                final DmaRegion region = regions[random.nextInt(regions.length)];
                final long address = switch (random.nextInt(4)) {
                    case 0 -> region.physicalAddress() + random.nextLong(region.size()); // inside
                    case 1 -> region.physicalAddress() + region.size() - random.nextLong(1, 64); // near the end
                    case 2 -> region.physicalAddress() - random.nextLong(1, 4096); // before it
                    default -> host.physicalBase() + random.nextLong(-4096, 17L << 20); // anywhere
                };
                final long length = random.nextInt(10) == 0 ? -random.nextLong(1, 8) : random.nextLong(0, 2048);
                assertEquals(host.allocatedOffset(address, length), window.offset(address, length),
                        () -> "address 0x" + Long.toHexString(address) + " length " + length);
            }
        }
    }
}
