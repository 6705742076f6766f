package nicharness.env;

import java.lang.foreign.MemorySegment;

/**
 * A block of memory that a NIC can reach by DMA: the CPU sees it through {@code segment}, the card
 * through {@code physicalAddress}. The two always describe the same bytes, from the first to the
 * {@code segment.byteSize()}-th.
 *
 * @param physicalAddress the bus address of the first byte, as written into descriptors and base
 *                        registers (never 0, never the segment's virtual address)
 * @param segment         the CPU's view, little-endian accesses through {@link java.lang.foreign.ValueLayout}
 */
public record DmaRegion(long physicalAddress, MemorySegment segment) {

    /** The size of the region in bytes. */
    public long size() {
        return segment.byteSize();
    }

    /** The physical address of the byte at {@code offset} inside this region. */
    public long physicalAddress(final long offset) {
        if (offset < 0 || offset > segment.byteSize()) {
            throw new IndexOutOfBoundsException("offset=" + offset + " outside region of size=" + segment.byteSize());
        }
        return physicalAddress + offset;
    }

    /** Whether the physical range [address, address + length) lies inside this region. */
    public boolean contains(final long address, final long length) {
        return length >= 0 && address >= physicalAddress
                && address - physicalAddress <= segment.byteSize() - length;
    }

    @Override
    public String toString() {
        return String.format("DmaRegion[phys=0x%x, size=%d]", physicalAddress, segment.byteSize());
    }
}
