package nicharness.model;

import nicharness.env.SimulatedDmaMemory;

/**
 * The region of host memory an engine's last DMA fell in, so that the next address is checked
 * against two fields before the region table: an engine reads and writes buffer after buffer of
 * one pool, and the table's hint check ({@link SimulatedDmaMemory#allocatedOffset}) cost 24 to 28
 * instructions per frame and direction (array loads and their bounds checks), this one a few.
 * One per engine, used on the engine's thread only.
 */
final class HostWindow {
    private final SimulatedDmaMemory host;
    private final long physicalBase;
    /** The region found last, as offsets into host memory: [start, end); empty at first. */
    private long start;
    private long end = -1;
    private final long[] bounds = new long[2];

    HostWindow(final SimulatedDmaMemory host) {
        this.host = host;
        this.physicalBase = host.physicalBase();
    }

    /**
     * The offset in host memory of physical address {@code address} if [address, address +
     * length) lies inside one allocated region, else -1 ({@link SimulatedDmaMemory#allocatedOffset}).
     */
    long offset(final long address, final long length) {
        final long offset = address - physicalBase;
        // end - offset cannot overflow once offset >= start >= 0, and a length past it misses.
        if (offset >= start && length >= 0 && length <= end - offset) {
            return offset;
        }
        final long found = host.allocatedOffset(address, length);
        if (found >= 0 && host.regionOf(found, bounds)) {
            start = bounds[0];
            end = bounds[1];
        }
        return found;
    }
}
