package nicharness.testbed;

/**
 * Device accesses and pool operations over some stretch of packets, as totals, so that per-packet
 * figures stay exact ratios ({@link #perPacket}): what the paper's Table 4 does not list but its
 * argument rests on (the doorbells TinyNF saves by flushing every 8 packets and recycling every 64).
 *
 * @param packets            packets the driver received
 * @param doorbellWrites     RDT and TDT writes
 * @param otherRegisterWrites every other register write
 * @param registerReads      register reads (each a PCIe round trip on a card)
 * @param descriptorsRead    descriptors the engines fetched
 * @param descriptorsWritten descriptor and head write-backs by the engines
 * @param dmaBytesRead       bytes the engines read from host memory
 * @param dmaBytesWritten    bytes the engines wrote to host memory
 * @param poolGets           buffers taken from the driver's pools
 * @param poolPuts           buffers returned to the driver's pools
 * @param descriptorFetches  read requests the card made to fill its descriptor caches
 * @param pcieTransactions   every PCIe transaction: register reads and writes, descriptor fetches,
 *                           write-backs and packet data ({@code ModelCounters.pcieTransactions})
 */
public record DeviceAccessCounts(long packets, long doorbellWrites, long otherRegisterWrites, long registerReads,
                                 long descriptorsRead, long descriptorsWritten, long dmaBytesRead,
                                 long dmaBytesWritten, long poolGets, long poolPuts, long descriptorFetches,
                                 long pcieTransactions) {

    /** Counts without the card's PCIe transactions (tests of the arithmetic). */
    public DeviceAccessCounts(final long packets, final long doorbellWrites, final long otherRegisterWrites,
                              final long registerReads, final long descriptorsRead, final long descriptorsWritten,
                              final long dmaBytesRead, final long dmaBytesWritten, final long poolGets, final long poolPuts) {
        this(packets, doorbellWrites, otherRegisterWrites, registerReads, descriptorsRead, descriptorsWritten,
                dmaBytesRead, dmaBytesWritten, poolGets, poolPuts, 0, 0);
    }

    /** What happened between {@code before} and this. */
    public DeviceAccessCounts minus(final DeviceAccessCounts before) {
        return new DeviceAccessCounts(packets - before.packets, doorbellWrites - before.doorbellWrites,
                otherRegisterWrites - before.otherRegisterWrites, registerReads - before.registerReads,
                descriptorsRead - before.descriptorsRead, descriptorsWritten - before.descriptorsWritten,
                dmaBytesRead - before.dmaBytesRead, dmaBytesWritten - before.dmaBytesWritten,
                poolGets - before.poolGets, poolPuts - before.poolPuts, descriptorFetches - before.descriptorFetches,
                pcieTransactions - before.pcieTransactions);
    }

    /** {@code total} divided by the packets. */
    public double perPacket(final long total) {
        return packets == 0 ? Double.NaN : (double) total / packets;
    }

    @Override
    public String toString() {
        return String.format("per packet over %d: doorbell writes %.5f, other writes %.5f, reads %.5f, descriptors "
                        + "read %.5f written %.5f, DMA bytes read %.2f written %.2f, pool gets %.5f puts %.5f, "
                        + "descriptor fetches %.5f, PCIe transactions %.5f", packets,
                perPacket(doorbellWrites), perPacket(otherRegisterWrites), perPacket(registerReads),
                perPacket(descriptorsRead), perPacket(descriptorsWritten), perPacket(dmaBytesRead),
                perPacket(dmaBytesWritten), perPacket(poolGets), perPacket(poolPuts), perPacket(descriptorFetches),
                perPacket(pcieTransactions));
    }
}
