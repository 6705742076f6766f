package nicharness.env;

import java.lang.foreign.MemorySegment;

/**
 * Memory the NIC reaches by DMA (TinyNF's environment seam: allocate, and map a physical address
 * back to memory). Implementations: {@link SimulatedDmaMemory} for the software 82599, and the
 * hugepage-backed Linux memory for a real card.
 *
 * <p>Regions are zeroed, live until the memory is closed, and may be used from any thread.
 */
public interface DmaMemory extends AutoCloseable {

    /**
     * Allocates a zeroed region whose physical address is a multiple of {@code alignment}.
     *
     * @param size      bytes, at least 1
     * @param alignment a power of two, at least 1; rings need 128, buffers 64 (one cache line)
     * @throws IllegalArgumentException for a non-positive size or an alignment that is not a power of two
     * @throws DmaException             when no memory can be had, saying why and what to do
     */
    DmaRegion allocate(long size, long alignment);

    /**
     * The argument checks every {@link #allocate} makes first.
     *
     * @throws IllegalArgumentException for a non-positive size or an alignment that is not a power of two
     */
    static void checkRequest(final long size, final long alignment) {
        if (size <= 0) {
            throw new IllegalArgumentException("DMA region size must be positive: size=" + size);
        }
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("DMA alignment must be a power of two: alignment=" + alignment);
        }
    }

    /**
     * The largest region {@link #allocate} can return. A region is physically contiguous, so on a
     * real card it must fit in one hugepage (2 MiB, or 1 GiB with gigantic pages); a larger
     * buffer pool is allocated as several regions of whole buffers. The simulated memory has no
     * such limit beyond its capacity.
     */
    default long maxRegionSize() {
        return Long.MAX_VALUE;
    }

    /**
     * The CPU's view of the physical range [physicalAddress, physicalAddress + length), which must
     * lie inside one allocated region.
     *
     * @throws DmaFaultException naming the address, the length and the nearest region otherwise
     */
    MemorySegment resolve(long physicalAddress, long length);

    /** Releases every region. Using a region afterwards fails. */
    @Override
    void close();
}
