package nicharness.nf.vigor;

import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.FrameParser;
import nicharness.nf.frame.Ipv4;
import nicharness.nf.frame.TcpUdp;
import nicharness.nf.libvig.Emap;

/**
 * A frame's flow as the flow NFs (VigNAT, VigFW, VigLB) see it: Vigor's {@code FlowId} (source and
 * destination port, source and destination address, protocol), packed into the two words of an
 * {@link Emap} key,
 * <pre>
 * addresses          = source address &lt;&lt; 32 | destination address
 * ports and protocol = source port &lt;&lt; 48 | destination port &lt;&lt; 32 | protocol
 * </pre>
 * (VigNAT also keys on the internal port, in bits 8 to 23 of the second word), and the check each of
 * those NFs makes before it reads one, {@link #tcpUdpStart}.
 *
 * <p>Static methods on primitives, so that, inlined into an NF's {@code process}, they are the same
 * loads, shifts and masks the NF would write out itself, and no object per frame.
 */
final class FlowId {

    private FlowId() {
    }

    /**
     * Where the TCP/UDP header of a frame starts, if the frame has a flow and came in on one of the
     * NF's ports. Otherwise the frame is counted in {@code counters}: by the reason
     * {@link FrameParser#tcpUdpStart} gives (Vigor drops anything but TCP or UDP over IPv4), or as
     * unhandled if the port is not one of the NF's (a driver's mistake, which the C code does not
     * check).
     *
     * @return the offset of the TCP/UDP header, or a negative value once the frame is counted: the
     *         NF drops it
     */
    static int tcpUdpStart(final Packet packet, final int inputPort, final int portCount, final RejectCounters counters) {
        final int l4 = FrameParser.tcpUdpStart(packet);
        if (l4 < 0) {
            counters.countRejected(l4);
            return l4;
        }
        if (inputPort < 0 || inputPort >= portCount) {
            counters.countUnhandled();
            return FrameParser.UNHANDLED;
        }
        return l4;
    }

    /** The first word of a frame's flow: source address &lt;&lt; 32 | destination address. */
    static long addresses(final Packet packet) {
        return packet.getU32(Ipv4.SRC_ADDR) << 32 | packet.getU32(Ipv4.DST_ADDR);
    }

    /**
     * The second word of a frame's flow: source port &lt;&lt; 48 | destination port &lt;&lt; 32 |
     * protocol.
     *
     * @param l4 where the TCP/UDP header starts, from {@link #tcpUdpStart}
     */
    static long portsAndProtocol(final Packet packet, final int l4) {
        return (long) packet.getU16(l4 + TcpUdp.SRC_PORT) << 48 | (long) packet.getU16(l4 + TcpUdp.DST_PORT) << 32
                | packet.getU8(Ipv4.PROTOCOL);
    }

    /** The source address of a first word, as a 32-bit value. */
    static long srcIp(final long addresses) {
        return addresses >>> 32;
    }

    /** The destination address of a first word, as a 32-bit value. */
    static long dstIp(final long addresses) {
        return addresses & 0xFFFF_FFFFL;
    }

    /** The source port of a second word. */
    static int srcPort(final long portsAndProtocol) {
        return (int) (portsAndProtocol >>> 48);
    }

    /** The destination port of a second word. */
    static int dstPort(final long portsAndProtocol) {
        return (int) (portsAndProtocol >>> 32) & 0xFFFF;
    }

    /** The protocol of a second word. */
    static int protocol(final long portsAndProtocol) {
        return (int) portsAndProtocol & 0xFF;
    }

    /** The first word of the flow in the other direction: the two addresses exchanged. */
    static long reversedAddresses(final long addresses) {
        return dstIp(addresses) << 32 | srcIp(addresses);
    }

    /** The second word of the flow in the other direction: the two ports exchanged, the protocol kept. */
    static long reversedPortsAndProtocol(final long portsAndProtocol) {
        return (long) dstPort(portsAndProtocol) << 48 | (long) srcPort(portsAndProtocol) << 32 | protocol(portsAndProtocol);
    }
}
