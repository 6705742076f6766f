package nicharness.nf.traffic;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The paper's benchmark traffic, byte for byte (TinyNF osdi20
 * {@code benchmarking/bench-moongen.lua} on libmoon's field setters): UDP/IPv4 frames of 60
 * bytes without FCS (64 on the wire), one flow field varied per packet at the layer the NF needs.
 *
 * <p>The template, per direction (direction 0 enters DUT port 0, direction 1 enters port 1):
 * <pre>
 *                 direction 0                      direction 1
 * Ethernet src    ff:ff:ff:ff:ff:ff                00:00:00:00:00:00
 * Ethernet dst    00:00:00:00:00:00                ff:ff:ff:ff:ff:ff
 * IPv4 src, dst   198.18.0.0 -&gt; 198.18.1.0        198.18.1.0 -&gt; 198.18.0.0
 * UDP src, dst    65535 -&gt; 0                       0 -&gt; 65535
 * IPv4: version 4, IHL 5, TOS 0, total length 46, ID 0, flags 0, TTL 64, protocol 17
 * UDP: length 26, checksum 0; payload: 18 zero bytes
 * </pre>
 *
 * <p>The flow field for flow counter {@code c} in libmoon's byte order:
 * <pre>
 * layer  direction 0                                    direction 1
 * 2      src MAC = [c&amp;ff, c&gt;&gt;8, 0, 0, 0, 0]            src MAC = [c&amp;ff, c&gt;&gt;8, 0, 0, 0, ff]
 *        dst MAC = [c&amp;ff, c&gt;&gt;8, 0, 0, 0, ff]           dst MAC = [c&amp;ff, c&gt;&gt;8, 0, 0, 0, 0]
 * 3      IPv4 src = 0.0.(c&gt;&gt;8).(c&amp;ff)                  IPv4 dst = 0.0.(c&gt;&gt;8).(c&amp;ff)
 * 4      UDP src port bytes = [c&amp;ff, c&gt;&gt;8]               UDP dst port bytes = [c&amp;ff, c&gt;&gt;8]
 * </pre>
 * libmoon's MAC setter stores a number least-significant byte first (so about half the layer-2
 * MACs have the multicast bit set), its IPv4 setter converts to network order, and the script
 * assigns the UDP port raw, so on x86 the port's wire bytes are little-endian.
 *
 * <p>Checksums: MoonGen offloads the IPv4 header checksum to the NIC, so the frame on the wire
 * carries a correct one, and we write it here as the NIC would; the UDP checksum stays 0. The
 * latency probe also offloads the UDP checksum, so it carries a correct one too.
 *
 * <p>Every method writes into a caller's segment and allocates nothing; arguments are checked
 * (a wrong direction, layer or flow is a bug in the caller, reported at once).
 */
public final class PaperTraffic {

    /** Length of a throughput frame without FCS (64 bytes on the wire, 84 with preamble and gap). */
    public static final int FRAME_LENGTH = 60;

    /** Length of a latency probe without FCS (MoonGen's minimum for its UDP timestamper). */
    public static final int PROBE_LENGTH = 84;

    /** The flow count of every experiment in the paper. */
    public static final int DEFAULT_FLOWS = 60_000;

    /** The script assumes at most 65536 flows: the flow counter must fit in 16 bits. */
    public static final int MAX_FLOWS = 65_536;

    /** Offset of the PTP header in a probe (after Ethernet, IPv4 and UDP). */
    public static final int PROBE_PTP_OFFSET = 42;

    /** Offset of the PTP sequence id in a probe (big-endian), what the timestamper matches on. */
    public static final int PROBE_SEQUENCE_OFFSET = PROBE_PTP_OFFSET + 30;

    private static final ValueLayout.OfShort U16_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort U16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt U32_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final int DST_MAC = 0;
    private static final int SRC_MAC = 6;
    private static final int IP_TOTAL_LENGTH = 16;
    private static final int IP_CHECKSUM = 24;
    private static final int IP_SRC = 26;
    private static final int IP_DST = 30;
    private static final int UDP_SRC = 34;
    private static final int UDP_DST = 36;
    private static final int UDP_LENGTH = 38;
    private static final int UDP_CHECKSUM = 40;

    private static final long IP_198_18_0_0 = 0xC612_0000L;
    private static final long IP_198_18_1_0 = 0xC612_0100L;

    /** The two 60-byte templates (IPv4 checksum of the template filled in). */
    private static final MemorySegment[] TEMPLATES = {template(0, FRAME_LENGTH), template(1, FRAME_LENGTH)};

    /** The two 84-byte probe templates (sequence id and UDP checksum still 0). */
    private static final MemorySegment[] PROBE_TEMPLATES = {probeTemplate(0), probeTemplate(1)};

    /**
     * Per direction, the one's-complement sum of the IPv4 header with the checksum and the
     * layer-3 flow field (source address in direction 0, destination in direction 1) left out:
     * adding the flow's address gives the layer-3 frame's checksum without re-reading the header.
     */
    private static final int[] L3_PARTIAL_SUM = {
        partialSum(TEMPLATES[0], IP_SRC), partialSum(TEMPLATES[1], IP_DST)};

    private PaperTraffic() {
    }

    /**
     * Writes one throughput frame of {@link #FRAME_LENGTH} bytes.
     *
     * @param segment   where to write
     * @param offset    the offset of the frame's first byte in {@code segment}
     * @param direction 0 (tester port 0 into DUT port 0) or 1 (the reverse)
     * @param layer     2, 3 or 4: which header carries the flow
     * @param flow      the flow counter, in [0, {@value #MAX_FLOWS})
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static void writeFrame(final MemorySegment segment, final long offset, final int direction,
                                  final int layer, final int flow) {
        check(direction, layer, flow);
        MemorySegment.copy(TEMPLATES[direction], 0, segment, offset, FRAME_LENGTH);
        writeFlowField(segment, offset, direction, layer, flow);
        if (3 == layer) {
            // Only the layer-3 field is inside the IPv4 header; at layers 2 and 4 the template's
            // checksum stands.
            segment.set(U16_BE, offset + IP_CHECKSUM, (short) ipChecksum(L3_PARTIAL_SUM[direction] + flow));
        }
    }

    /**
     * Re-points a frame that {@link #writeFrame} wrote for this direction and layer at another
     * flow, writing only what differs between flows: the flow field, and at layer 3 the IPv4
     * checksum. The result is byte for byte {@code writeFrame(segment, offset, direction, layer,
     * flow)}; a tester that sends one frame after another from one buffer writes 2 to 8 bytes per
     * frame instead of 60.
     *
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static void rewriteFlow(final MemorySegment segment, final long offset, final int direction,
                                   final int layer, final int flow) {
        check(direction, layer, flow);
        writeFlowField(segment, offset, direction, layer, flow);
        if (3 == layer) {
            segment.set(U16_BE, offset + IP_CHECKSUM, (short) ipChecksum(L3_PARTIAL_SUM[direction] + flow));
        }
    }

    /**
     * Writes one latency probe of {@link #PROBE_LENGTH} bytes: the same template with IPv4 total
     * length 70 and UDP length 50, a PTP header (IEEE 1588 v2, libmoon's defaults: a Sync message
     * of length 44, port id 1, log interval 0x7f) carrying {@code sequenceId}, 8 zero bytes after
     * it, and correct IPv4 and UDP checksums (both offloaded by the tester).
     *
     * @param sequenceId the PTP sequence id, in [0, 65535]
     * @throws IllegalArgumentException if an argument is outside its range
     */
    public static void writeProbe(final MemorySegment segment, final long offset, final int direction,
                                  final int layer, final int flow, final int sequenceId) {
        check(direction, layer, flow);
        if (sequenceId < 0 || sequenceId > 0xFFFF) {
            throw new IllegalArgumentException("PTP sequence id must be in [0, 65535]: sequenceId=" + sequenceId);
        }
        MemorySegment.copy(PROBE_TEMPLATES[direction], 0, segment, offset, PROBE_LENGTH);
        writeFlowField(segment, offset, direction, layer, flow);
        segment.set(U16_BE, offset + PROBE_SEQUENCE_OFFSET, (short) sequenceId);
        segment.set(U16_BE, offset + IP_CHECKSUM, (short) 0);
        segment.set(U16_BE, offset + IP_CHECKSUM, (short) ipChecksum(sum(segment, offset + 14, 20)));
        // UDP checksum over the pseudo-header and the 50 bytes of UDP header and payload.
        final int udpLength = PROBE_LENGTH - 34;
        long udpSum = sum(segment, offset + IP_SRC, 8) + 17 + udpLength + sum(segment, offset + UDP_SRC, udpLength);
        int udpChecksum = ~fold(udpSum) & 0xFFFF;
        if (0 == udpChecksum) {
            udpChecksum = 0xFFFF; // RFC 768: a computed zero is sent as all ones
        }
        segment.set(U16_BE, offset + UDP_CHECKSUM, (short) udpChecksum);
    }

    /**
     * The throughput frame as a new array, for tests and set-up (allocates).
     *
     * @see #writeFrame
     */
    public static byte[] frame(final int direction, final int layer, final int flow) {
        final byte[] bytes = new byte[FRAME_LENGTH];
        writeFrame(MemorySegment.ofArray(bytes), 0, direction, layer, flow);
        return bytes;
    }

    /**
     * The latency probe as a new array, for tests and set-up (allocates).
     *
     * @see #writeProbe
     */
    public static byte[] probe(final int direction, final int layer, final int flow, final int sequenceId) {
        final byte[] bytes = new byte[PROBE_LENGTH];
        writeProbe(MemorySegment.ofArray(bytes), 0, direction, layer, flow, sequenceId);
        return bytes;
    }

    private static void check(final int direction, final int layer, final int flow) {
        if (0 != direction && 1 != direction) {
            throw new IllegalArgumentException("direction must be 0 or 1: direction=" + direction);
        }
        if (layer < 2 || layer > 4) {
            throw new IllegalArgumentException("flow layer must be 2, 3 or 4: layer=" + layer);
        }
        if (flow < 0 || flow >= MAX_FLOWS) {
            throw new IllegalArgumentException("flow counter must be in [0, " + MAX_FLOWS + "): flow=" + flow);
        }
    }

    /** libmoon's per-layer, per-direction field setters (bench-moongen.lua {@code packetConfigs}). */
    private static void writeFlowField(final MemorySegment segment, final long offset, final int direction,
                                       final int layer, final int flow) {
        switch (layer) {
            case 2 -> {
                // mac:set(n) stores n least-significant byte first: [c&ff, c>>8, 0, 0, 0, 0] for n = c,
                // and [c&ff, c>>8, 0, 0, 0, ff] for n = 0xFF0000000000 + c.
                final long plain = Long.reverseBytes((long) flow) >>> 16;
                final long marked = plain | 0xFF;
                writeMac(segment, offset + SRC_MAC, 0 == direction ? plain : marked);
                writeMac(segment, offset + DST_MAC, 0 == direction ? marked : plain);
            }
            case 3 -> {
                // ip4.src:set(c) replaces the whole address with c in network order: 0.0.(c>>8).(c&ff).
                final long address = offset + (0 == direction ? IP_SRC : IP_DST);
                segment.set(U16_BE, address, (short) 0);
                segment.set(U16_BE, address + 2, (short) flow);
            }
            default -> segment.set(U16_LE, offset + (0 == direction ? UDP_SRC : UDP_DST), (short) flow);
        }
    }

    /** The 48-bit {@code mac} at {@code at}, most significant byte first: two stores, not six (the tester writes two per frame). */
    private static void writeMac(final MemorySegment segment, final long at, final long mac) {
        segment.set(U32_BE, at, (int) (mac >>> 16));
        segment.set(U16_BE, at + 4, (short) mac);
    }

    private static MemorySegment template(final int direction, final int length) {
        final MemorySegment t = MemorySegment.ofArray(new byte[length]);
        final boolean forward = 0 == direction;
        writeMac(t, DST_MAC, forward ? 0L : 0xFFFF_FFFF_FFFFL);
        writeMac(t, SRC_MAC, forward ? 0xFFFF_FFFF_FFFFL : 0L);
        t.set(U16_BE, 12, (short) 0x0800);
        t.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
        t.set(U16_BE, IP_TOTAL_LENGTH, (short) (length - 14));
        t.set(ValueLayout.JAVA_BYTE, 22, (byte) 64);
        t.set(ValueLayout.JAVA_BYTE, 23, (byte) 17);
        setU32(t, IP_SRC, forward ? IP_198_18_0_0 : IP_198_18_1_0);
        setU32(t, IP_DST, forward ? IP_198_18_1_0 : IP_198_18_0_0);
        t.set(U16_BE, UDP_SRC, (short) (forward ? 65535 : 0));
        t.set(U16_BE, UDP_DST, (short) (forward ? 0 : 65535));
        t.set(U16_BE, UDP_LENGTH, (short) (length - 34));
        t.set(U16_BE, IP_CHECKSUM, (short) ipChecksum(sum(t, 14, 20)));
        return t;
    }

    private static MemorySegment probeTemplate(final int direction) {
        final MemorySegment t = template(direction, PROBE_LENGTH);
        final long ptp = PROBE_PTP_OFFSET;
        t.set(ValueLayout.JAVA_BYTE, ptp, (byte) 0x00);          // messageType: Sync
        t.set(ValueLayout.JAVA_BYTE, ptp + 1, (byte) 0x02);      // versionPTP: 2
        t.set(U16_BE, ptp + 2, (short) 44);                      // messageLength: libmoon's default 34 + 10
        t.set(U16_BE, ptp + 28, (short) 1);                      // sourcePortIdentity port number
        t.set(ValueLayout.JAVA_BYTE, ptp + 33, (byte) 0x7F);     // logMessageInterval
        return t;
    }

    private static void setU32(final MemorySegment segment, final long at, final long value) {
        segment.set(U16_BE, at, (short) (value >>> 16));
        segment.set(U16_BE, at + 2, (short) value);
    }

    private static long sum(final MemorySegment segment, final long at, final int length) {
        long s = 0;
        for (int i = 0; i < length; i += 2) {
            s += segment.get(U16_BE, at + i) & 0xFFFF;
        }
        return s;
    }

    private static int partialSum(final MemorySegment template, final int flowAddress) {
        return (int) (sum(template, 14, 20) - (template.get(U16_BE, IP_CHECKSUM) & 0xFFFF)
                - (template.get(U16_BE, flowAddress) & 0xFFFF) - (template.get(U16_BE, flowAddress + 2) & 0xFFFF));
    }

    private static int fold(final long sum) {
        long s = sum;
        while (s >>> 16 != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }

    /** The IPv4 header checksum for a header sum taken with the checksum field at 0. */
    private static int ipChecksum(final long headerSum) {
        return ~fold(headerSum) & 0xFFFF;
    }
}
