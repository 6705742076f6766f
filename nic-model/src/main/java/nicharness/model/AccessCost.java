package nicharness.model;

/**
 * What one register access costs the driver's CPU on a real card, which the model's register file
 * (a plain memory access) does not. The CPU's side and the device's side of an access differ:
 *
 * <ul>
 *   <li>A <b>read</b> is non-posted: the core waits for the PCIe round trip before the value is
 *       there, so the CPU pays the read latency in full.</li>
 *   <li>A <b>write</b> is posted: the store retires into the store buffer and the core goes on; it
 *       waits only when a later fence, uncached read or ordering rule makes it drain. What that
 *       costs per write has no public measurement we know of; {@link #DEFAULT} takes 50 ns, the
 *       same estimate as the simulated time's {@code DeviceLatencies.cpuRegisterWriteNanos}, within
 *       an honest range of 0 (a store that costs the core nothing) to 213 ns (the link's write
 *       latency, {@link #WRITE_AT_LINK_LATENCY}, the upper point of the device-cost sweep).</li>
 *   <li>What the device sees, the doorbell arriving a posted write's latency (about half a read's
 *       round trip, 267 ns) after the store, is not the CPU's cost: simulated time models it as a
 *       delay before the device acts ({@code DeviceLatencies.postedWriteNanos}); in real time the
 *       engine thread's own polling delay stands in for it.</li>
 * </ul>
 *
 * <p>Sources: the pcie-bench data set published with R. Neugebauer, G. Antichi, J. F. Zazo, Y.
 * Audzevich, S. López-Buedo and A. W. Moore, "Understanding PCIe performance for end host
 * networking", SIGCOMM 2018 (github.com/pcie-bench/data, directory
 * {@code nfp6000-1.2GHz_bdw-Xeon-E5-2630v4-dell-t430-s0-s0-s0}, file {@code lat_dma_sizes.txt}):
 * on a Xeon E5-2630 v4 without IOMMU, the median latency of a 4-byte read over PCIe (LAT_DMA_RD,
 * warm cache) is 533 ns, and a 4-byte write followed by a read (LAT_DMA_WRRD) takes 746 ns, so the
 * write adds 213 ns on the link. Those are device-initiated transactions; we take the read as the
 * cost of the CPU's reads of BAR0, which cross the same link the other way. Researchers who know
 * their machine should pass their own values.
 *
 * @param readNanos  busy-wait per register read
 * @param writeNanos busy-wait per register write
 */
public record AccessCost(long readNanos, long writeNanos) {
    /** No cost: unit tests. */
    public static final AccessCost NONE = new AccessCost(0, 0);
    /** The default for performance runs: a read stalls 533 ns, a posted write costs the CPU 50 ns (an estimate). */
    public static final AccessCost DEFAULT = new AccessCost(533, 50);
    /**
     * The upper end of the write's range: every write costs the CPU the link's 213 ns write latency,
     * as if the core waited for each posted write to cross the link. A point of the device-cost
     * sweep, not a default: it alone caps a driver with a doorbell per packet at about 4.6 Mpps.
     */
    public static final AccessCost WRITE_AT_LINK_LATENCY = new AccessCost(533, 213);
    /** The former name of {@link #DEFAULT}, kept for callers that name the measured read latency. */
    public static final AccessCost PCIE_MEASURED = DEFAULT;

    public AccessCost {
        if (readNanos < 0 || writeNanos < 0) {
            throw new IllegalArgumentException("access costs must be non-negative: readNanos=" + readNanos
                    + " writeNanos=" + writeNanos);
        }
    }

    /**
     * The cost a command-line name stands for: {@code none}, {@code pcie} ({@link #DEFAULT}) or
     * {@code pcie-write-213} ({@link #WRITE_AT_LINK_LATENCY}).
     */
    public static AccessCost named(final String name) {
        return switch (name) {
            case "none" -> NONE;
            case "pcie" -> DEFAULT;
            case "pcie-write-213" -> WRITE_AT_LINK_LATENCY;
            default -> throw new IllegalArgumentException(
                    "access cost must be none, pcie or pcie-write-213: accessCost=" + name);
        };
    }

    /** Whether accesses cost anything. */
    public boolean isFree() {
        return readNanos == 0 && writeNanos == 0;
    }
}
