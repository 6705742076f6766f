package nicharness.harness.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the card, the PCIe link and the wire add to a packet's trip in simulated time, and what a
 * register access costs the CPU: every number the virtual clock adds that is not the driver's own
 * measured time. Each is a named parameter with its source; the run records them in
 * {@code run.csv}, and the device-cost sweep scales them all ({@link #scaled}).
 *
 * <p>Sources:
 * <ul>
 * <li>PCIe: the pcie-bench data set of Neugebauer et al., "Understanding PCIe performance for end
 *     host networking", SIGCOMM 2018 (github.com/pcie-bench/data, directory
 *     {@code nfp6000-1.2GHz_bdw-Xeon-E5-2630v4-dell-t430-s0-s0-s0}, {@code lat_dma_sizes.txt}): a
 *     64-byte DMA read takes a median 533 ns (LAT_DMA_RD), a write followed by a read 746 ns
 *     (LAT_DMA_WRRD), so a write 213 ns.</li>
 * <li>The wire: 10 Gb/s, 0.8 ns a byte, a frame occupying its length plus 24 bytes (FCS 4,
 *     preamble 8, inter-frame gap 12).</li>
 * <li>MAC and PHY: no public per-direction figure for the 82599; the value makes the zero-load
 *     sum match the one public end-to-end anchor, the C TinyNF no-op's median zero-load latency of
 *     3.96 us (TinyNF branch icse23, commit 77abfae,
 *     {@code experiments/perf/results_example/c/latencies/0}: median 3,961 ns of 29,993 probes):
 * 3,960 ns less the wire, the DMA and doorbell
 *     latencies and about 100 ns of polling leaves about 2 x 1,070 ns for the MAC/PHY crossings of
 *     the tester's and the device's ports in each direction.</li>
 * <li>The CPU's side of a register access: a read is non-posted, so the core waits for the
 *     round trip (533 ns); a write is posted, retires into the store buffer, and costs the core
 *     what draining an uncached store costs, which no public measurement pins down: 50 ns is an
 *     estimate within an honest range of 0 (a store that costs nothing) to 213 ns (the link's
 *     write latency, the real-time model's figure); sweep it ({@link #scaled}) before trusting a
 *     comparison that hinges on doorbells.</li>
 * <li>The PCIe link: the 82599 is a PCIe 2.0 x8 device (datasheet 331520, section 1.1 and
 *     3.1: 5 GT/s per lane, eight lanes, 8b/10b encoding), 32 Gb/s of symbols a direction once
 *     encoded, so 4 GB/s: 250 ps a byte. Every transaction carries its transaction layer packet's
 *     overhead beyond its payload: a 16-byte header with 64-bit addresses, 2 bytes of sequence
 *     number, 4 of LCRC and 2 of framing, 24 bytes (Neugebauer et al., SIGCOMM 2018, section 3,
 *     which models PCIe bandwidth this way); data-link packets (acknowledgements, flow-control
 *     credits) are not counted, so the link is, if anything, a little fast. A read request is a
 *     header alone on the link towards the host; its completion carries the bytes back. The
 *     link is shared by both ports, as on the card.</li>
 * </ul>
 *
 * <p>How a transfer is timed ({@link PcieLink}): a DMA read's completion starts arriving
 * {@link #dmaReadNanos} after its request left (pcie-bench's 64-byte round trip) and occupies
 * the link towards the device for its bytes and overheads; a DMA write occupies the link towards
 * the host for its bytes and overheads and lands {@link #dmaWriteNanos} after its last byte left.
 * The latencies were measured with 64-byte transfers, whose own serialisation (16 ns) is thus
 * counted twice; that is well inside pcie-bench's spread between runs.
 *
 * @param cpuRegisterReadNanos   the CPU waits this long for a register read
 * @param cpuRegisterWriteNanos  a register write costs the CPU this long
 * @param postedWriteNanos       a register write reaches the device this long after the CPU issued it (half a read's round trip)
 * @param dmaReadNanos           a descriptor or frame fetch by the device
 * @param dmaWriteNanos          a frame, descriptor or head write-back by the device reaching host memory
 * @param macPhyNanos            the MAC/PHY crossings of one direction, tester and device together
 * @param wirePicosPerByte       serialisation: 800 ps a byte at 10 Gb/s
 * @param pciePicosPerByte       the PCIe link's serialisation per byte and direction: 250 ps (4 GB/s); 0 is an infinitely fast link
 * @param tlpOverheadBytes       what each PCIe transaction adds to its payload on the link: 24 bytes
 */
public record DeviceLatencies(long cpuRegisterReadNanos, long cpuRegisterWriteNanos, long postedWriteNanos,
                              long dmaReadNanos, long dmaWriteNanos, long macPhyNanos, long wirePicosPerByte,
                              long pciePicosPerByte, int tlpOverheadBytes) {

    /** The bytes a frame occupies on the wire beyond its own: FCS, preamble and inter-frame gap. */
    public static final int WIRE_OVERHEAD_BYTES = 24;
    /** The shortest frame on the wire without FCS (the card pads to it). */
    public static final int MIN_FRAME_BYTES = 60;

    /** PCIe 2.0 x8: 5 GT/s times 8 lanes, 8b/10b, is 32 Gb/s, 4 GB/s: 250 ps a byte. */
    public static final long PCIE_2_X8_PICOS_PER_BYTE = 8 * 10 * 1000 / (5 * 8 * 8);
    /** A TLP's header with 64-bit addresses (16), sequence number (2), LCRC (4) and framing (2). */
    public static final int TLP_OVERHEAD_BYTES = 16 + 2 + 4 + 2;
    /** A descriptor's bytes, transmit or receive, in a fetch or a write-back (datasheet 7.1.5, 7.2.3.2). */
    public static final int DESCRIPTOR_BYTES = 16;

    /** The defaults, with the sources of the class comment. */
    public static final DeviceLatencies DEFAULT = new DeviceLatencies(533, 50, 267, 533, 213, 1070, 800,
            PCIE_2_X8_PICOS_PER_BYTE, TLP_OVERHEAD_BYTES);

    /** The defaults with every other parameter as given, and the PCIe link of the defaults. */
    public DeviceLatencies(final long cpuRegisterReadNanos, final long cpuRegisterWriteNanos, final long postedWriteNanos,
                           final long dmaReadNanos, final long dmaWriteNanos, final long macPhyNanos,
                           final long wirePicosPerByte) {
        this(cpuRegisterReadNanos, cpuRegisterWriteNanos, postedWriteNanos, dmaReadNanos, dmaWriteNanos, macPhyNanos,
                wirePicosPerByte, PCIE_2_X8_PICOS_PER_BYTE, TLP_OVERHEAD_BYTES);
    }

    public DeviceLatencies {
        if (cpuRegisterReadNanos < 0 || cpuRegisterWriteNanos < 0 || postedWriteNanos < 0 || dmaReadNanos < 0
                || dmaWriteNanos < 0 || macPhyNanos < 0 || wirePicosPerByte <= 0 || pciePicosPerByte < 0
                || tlpOverheadBytes < 0) {
            throw new IllegalArgumentException("device latencies must be non-negative and the wire must take time: " + this);
        }
    }

    /**
     * Every latency and access cost times {@code factor} (the device-cost sweep: 0 is a device that
     * answers at once, 1 the defaults), the PCIe link's time per byte too (at 2, a link of half the
     * bandwidth); the wire keeps its 10 Gb/s and a TLP its bytes.
     */
    public DeviceLatencies scaled(final double factor) {
        if (!(factor >= 0)) {
            throw new IllegalArgumentException("the device-cost factor must be non-negative: factor=" + factor);
        }
        return new DeviceLatencies(Math.round(cpuRegisterReadNanos * factor), Math.round(cpuRegisterWriteNanos * factor),
                Math.round(postedWriteNanos * factor), Math.round(dmaReadNanos * factor),
                Math.round(dmaWriteNanos * factor), Math.round(macPhyNanos * factor), wirePicosPerByte,
                Math.round(pciePicosPerByte * factor), tlpOverheadBytes);
    }

    /** Picoseconds frame of {@code length} bytes (without FCS) occupies the wire, padding and overhead included. */
    public long wirePicos(final int length) {
        return (Math.max(length, MIN_FRAME_BYTES) + WIRE_OVERHEAD_BYTES) * wirePicosPerByte;
    }

    /** Picoseconds {@code transactions} transactions carrying {@code bytes} in all occupy one direction of the PCIe link. */
    public long pciePicos(final long transactions, final long bytes) {
        return (bytes + transactions * tlpOverheadBytes) * pciePicosPerByte;
    }

    /** The settings as name-value pairs, for {@code run.csv}. */
    public Map<String, String> describe() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("cpu_register_read_ns", Long.toString(cpuRegisterReadNanos));
        m.put("cpu_register_write_ns", Long.toString(cpuRegisterWriteNanos));
        m.put("posted_write_ns", Long.toString(postedWriteNanos));
        m.put("dma_read_ns", Long.toString(dmaReadNanos));
        m.put("dma_write_ns", Long.toString(dmaWriteNanos));
        m.put("mac_phy_ns", Long.toString(macPhyNanos));
        m.put("wire_ps_per_byte", Long.toString(wirePicosPerByte));
        m.put("pcie_ps_per_byte", Long.toString(pciePicosPerByte));
        m.put("pcie_tlp_overhead_bytes", Integer.toString(tlpOverheadBytes));
        return m;
    }
}
