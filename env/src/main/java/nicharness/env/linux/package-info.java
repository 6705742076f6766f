/**
 * The environment on Linux for a real 82599, taken from the kernel as ixy does
 * ({@code src/pci.c} and {@code src/memory.c} at emmericp/ixy 2359e5b):
 * {@link nicharness.env.linux.PciDevice} finds the port in
 * sysfs, checks its IDs, unbinds the kernel driver, enables DMA and maps BAR0;
 * {@link nicharness.env.linux.HugepageDmaMemory} gives DMA memory in hugepages with physical
 * addresses from {@link nicharness.env.linux.Pagemap}; {@link nicharness.env.linux.ThreadAffinity}
 * pins threads; {@link nicharness.env.linux.HardwareCounters} reads perf counters.
 *
 * <p>What the host needs, and what each class says when it is missing: root (physical addresses,
 * config space writes, unbinding), hugepages reserved ({@code echo 512 > /proc/sys/vm/nr_hugepages}),
 * the IOMMU off or in pass-through, the card and the memory on the same NUMA node. A wrong physical
 * address makes the card DMA over arbitrary memory, so run every driver on the software 82599 first.
 *
 * <p>System calls go through JNA ({@link nicharness.env.linux.LibC}), never on a data path; device
 * and packet memory is reached through {@link java.lang.foreign.MemorySegment}s.
 */
package nicharness.env.linux;
