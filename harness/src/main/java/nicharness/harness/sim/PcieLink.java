package nicharness.harness.sim;

/**
 * The 82599's PCIe link in simulated time: one direction towards the host (DMA writes and read
 * requests) and one towards the device (read completions), each carrying one transaction at a time
 * at {@link DeviceLatencies#pciePicosPerByte()}, every transaction with its
 * {@link DeviceLatencies#tlpOverheadBytes()}. Both ports share it, as on the card.
 *
 * <p>A read's completions start {@link DeviceLatencies#dmaReadNanos()} after it was issued and
 * occupy the link towards the device for their bytes and headers. A write occupies the link
 * towards the host for its bytes and headers and lands {@link DeviceLatencies#dmaWriteNanos()}
 * after its last byte left. So a descriptor fetch per packet costs a completion header per packet
 * on the link that carries the frames' data to the device, where a fetch of 32 descriptors
 * shares one among 32 packets: invisible while the link has room, the limit once it has not.
 *
 * <p>[MODEL] Read requests (a 24-byte header each towards the host) are not counted against the
 * link: they would be reserved ahead of the frames' writes that reach the device before them
 * (the testbed handles a request when it is issued, a frame's write when the frame is injected),
 * and the link's queue cannot place a transfer in a gap before one already reserved. They are at
 * most a sixth of what a forwarded 60-byte frame puts on that link (its data and descriptor
 * write-back, 124 bytes, plus two requests). Transfers are otherwise reserved in the order the
 * testbed handles the device's events. Times in picoseconds. One thread; allocation-free.
 */
final class PcieLink {
    private final DeviceLatencies latencies;
    /** When the link towards the host is free again. */
    private long towardsHostFree = Long.MIN_VALUE / 2;
    /** When the link towards the device is free again. */
    private long towardsDeviceFree = Long.MIN_VALUE / 2;
    /** Bytes, overheads included, carried each way; for tests and reports. */
    private long bytesTowardsHost;
    private long bytesTowardsDevice;

    PcieLink(final DeviceLatencies latencies) {
        this.latencies = latencies;
    }

    /**
     * A DMA read of {@code bytes} in {@code transactions} read requests, issued at {@code issuedPicos}.
     *
     * @return when its last byte has reached the device, in ps
     */
    long read(final long issuedPicos, final long transactions, final long bytes) {
        final long completions = Math.max(issuedPicos + latencies.dmaReadNanos() * 1000, towardsDeviceFree);
        towardsDeviceFree = completions + latencies.pciePicos(transactions, bytes);
        bytesTowardsDevice += bytes + transactions * latencies.tlpOverheadBytes();
        return towardsDeviceFree;
    }

    /**
     * A DMA write of {@code bytes} in {@code transactions} posted writes, ready at {@code readyPicos}.
     *
     * @return when its last byte has landed in host memory, in ps
     */
    long write(final long readyPicos, final long transactions, final long bytes) {
        towardsHostFree = Math.max(readyPicos, towardsHostFree) + latencies.pciePicos(transactions, bytes);
        bytesTowardsHost += bytes + transactions * latencies.tlpOverheadBytes();
        return towardsHostFree + latencies.dmaWriteNanos() * 1000;
    }

    /** What {@link #write} would return now, without reserving the link. */
    long peekWrite(final long readyPicos, final long transactions, final long bytes) {
        return Math.max(readyPicos, towardsHostFree) + latencies.pciePicos(transactions, bytes)
                + latencies.dmaWriteNanos() * 1000;
    }

    /** When the link towards the host is free again, in ps: what {@link #peekWrite} depends on besides its arguments. */
    long towardsHostFree() {
        return towardsHostFree;
    }

    /** Bytes carried towards the host so far, overheads included. */
    long bytesTowardsHost() {
        return bytesTowardsHost;
    }

    /** Bytes carried towards the device so far, overheads included. */
    long bytesTowardsDevice() {
        return bytesTowardsDevice;
    }

    @Override
    public String toString() {
        return "PcieLink[towardsHostFree=" + towardsHostFree + ", towardsDeviceFree=" + towardsDeviceFree + "]";
    }

    /** The first nanosecond at or after {@code picos}. */
    static long nanosAtOrAfter(final long picos) {
        return Math.floorDiv(picos + 999, 1000);
    }
}
