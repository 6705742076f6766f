package nicharness.model;

/**
 * What one register access costs the driver's thread on a real card, which the model's register
 * file (a plain memory access) does not: a read is non-posted, so the CPU waits for a PCIe round
 * trip; a write is posted and waits less.
 *
 * <p>The default for performance runs, {@link #PCIE_MEASURED}, comes from the pcie-bench data set
 * published with R. Neugebauer, G. Antichi, J. F. Zazo, Y. Audzevich, S. López-Buedo and A. W.
 * Moore, "Understanding PCIe performance for end host networking", SIGCOMM 2018
 * (github.com/pcie-bench/data, directory
 * {@code nfp6000-1.2GHz_bdw-Xeon-E5-2630v4-dell-t430-s0-s0-s0}, file {@code lat_dma_sizes.txt}):
 * on a Xeon E5-2630 v4 without IOMMU, the median latency of a 4-byte read over PCIe (LAT_DMA_RD,
 * warm cache) is 533 ns, and a 4-byte write followed by a read (LAT_DMA_WRRD) takes 746 ns, so
 * the write adds 213 ns. Those are device-initiated transactions; we take them as the cost of the
 * CPU's reads and writes of BAR0, which cross the same link the other way. For a posted write the
 * CPU may wait less than the 213 ns the link needs, so that value is an upper bound; researchers
 * who know their machine should pass their own.
 *
 * @param readNanos  busy-wait per register read
 * @param writeNanos busy-wait per register write
 */
public record AccessCost(long readNanos, long writeNanos) {
    /** No cost: unit tests. */
    public static final AccessCost NONE = new AccessCost(0, 0);
    /** Read 533 ns, write 213 ns (see the class comment for the source). */
    public static final AccessCost PCIE_MEASURED = new AccessCost(533, 213);

    public AccessCost {
        if (readNanos < 0 || writeNanos < 0) {
            throw new IllegalArgumentException("access costs must be non-negative: readNanos=" + readNanos
                    + " writeNanos=" + writeNanos);
        }
    }

    /** Whether accesses cost anything. */
    public boolean isFree() {
        return readNanos == 0 && writeNanos == 0;
    }
}
