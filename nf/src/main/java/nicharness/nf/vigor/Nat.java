package nicharness.nf.vigor;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.NfPorts;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Checksums;
import nicharness.nf.frame.Ethernet;
import nicharness.nf.frame.Ipv4;
import nicharness.nf.frame.TcpUdp;
import nicharness.nf.libvig.Emap;

/**
 * VigNAT, a NAPT after RFC 3022 ({@code vignat/nat_main.c} and
 * {@code vignat/nat_flowmanager.c} at vigor-nf/vigor 4979e590). Hosts behind the
 * internal ports share one external address; each flow, identified by its 5-tuple and internal
 * port, gets its own external port, {@code startingPort + index} where index is the flow's slot in
 * the table. Replies from the WAN are translated back; flows expire when idle.
 *
 * <p>Per frame, in the original's order:
 * <ol>
 *   <li>expire idle flows, before any parsing, so every frame ages the table;</li>
 *   <li>parse Ethernet, IPv4, TCP/UDP; anything else is dropped;</li>
 *   <li>from the WAN: the destination port names the flow's index; refresh it <b>before</b>
 *       checking that the source address, source port and protocol match the flow's remote end
 *       (a spoofed reply keeps the flow alive, C-verified), then rewrite the destination address
 *       and port back to the internal host's;</li>
 *   <li>from inside: refresh the flow or add it (a full table drops the frame), rewrite the source
 *       to the external address and port; there is no TCP state, any packet opens a flow;</li>
 *   <li>recompute both checksums ({@link Checksums}), write the MACs of the output port.</li>
 * </ol>
 *
 * <p><b>Byte order, as Vigor by default.</b> The C code writes the external address and port as
 * host-order integers, so on x86 they reach the wire byte-swapped, and reads a reply's destination
 * port the same way ({@code vignat/nat_flowmanager.c:47} at vigor-nf/vigor 4979e590). That is the default
 * here ({@link NatConfig.ByteOrder#VIGOR}), because it is what the paper measured: MoonGen writes
 * its ports raw too, so with the paper's traffic the port rewrite is the identity on the wire and
 * every reply finds its flow. {@link NatConfig.ByteOrder#NETWORK} ({@code byte-order=network})
 * writes network order instead, as a capture reader expects, at the price that the paper's
 * two-way traffic no longer round-trips (nf/README.md has the numbers).
 *
 * <p>Reads: Ethernet, IPv4 and the ports. Writes: both MACs, one address, one port, both
 * checksums. Key in the table: the outgoing frame's {@code FlowId}, with the internal port it came
 * from in word 1: source port &lt;&lt; 48 | destination port &lt;&lt; 32 | internal port &lt;&lt; 8 |
 * protocol.
 */
public final class Nat implements NetworkFunction {
    /** Where the internal port sits in the second key word, between the destination port and the protocol. */
    private static final int INTERNAL_PORT_SHIFT = 8;

    private final NatConfig config;
    private final int portCount;
    private final int wan;
    private final long expirationNanos;
    private final int startingPort;
    /** The external address as it goes on the wire (byte-reversed in Vigor's order). */
    private final long externalIpOnWire;
    /** Vigor's byte order: external ports are written and read back byte-swapped. */
    private final boolean swapPorts;
    private final long[] deviceMacs;
    private final long[] endpointMacs;
    private final Emap flows;
    private final RejectCounters counters = new RejectCounters();

    /**
     * Allocates the flow table.
     *
     * @throws IllegalArgumentException if the WAN port is not one of {@code ports}
     */
    public Nat(final NatConfig config, final NfPorts ports) {
        this.config = config;
        this.portCount = ports.count();
        this.wan = ConfigChecks.device(NatConfig.NF, "wan", config.wanDevice(), ports.count());
        this.expirationNanos = config.expirationNanos();
        this.startingPort = config.startingPort();
        this.swapPorts = config.byteOrder() == NatConfig.ByteOrder.VIGOR;
        this.externalIpOnWire = swapPorts
                ? Integer.reverseBytes((int) config.externalIp()) & 0xFFFF_FFFFL : config.externalIp();
        this.deviceMacs = ports.deviceMacs();
        this.endpointMacs = ports.endpointMacs();
        this.flows = new Emap(config.maxFlows());
    }

    @Override
    public int process(final Packet packet, final int inputPort, final long nowNanos) {
        flows.expireAll(nowNanos - expirationNanos);

        final int l4 = FlowId.tcpUdpStart(packet, inputPort, portCount, counters);
        if (l4 < 0) {
            return DROP;
        }
        final long addresses = FlowId.addresses(packet);
        final long portsAndProtocol = FlowId.portsAndProtocol(packet, l4);

        final int output;
        if (inputPort == wan) {
            final int dstPort = FlowId.dstPort(portsAndProtocol);
            final int index = (swapPorts ? swap16(dstPort) : dstPort) - startingPort;
            // The C code does no bounds check here; an index outside the table is simply unknown.
            if (!flows.hasIndex(index)) {
                return DROP;
            }
            flows.refresh(index, nowNanos);
            final long flowAddresses = flows.key0(index);
            final long flowPorts = flows.key1(index);
            // A reply comes from where its flow went, over the flow's protocol.
            if (FlowId.srcIp(addresses) != FlowId.dstIp(flowAddresses)
                    || FlowId.srcPort(portsAndProtocol) != FlowId.dstPort(flowPorts)
                    || FlowId.protocol(portsAndProtocol) != FlowId.protocol(flowPorts)) {
                return DROP;
            }
            packet.setU32(Ipv4.DST_ADDR, FlowId.srcIp(flowAddresses));
            packet.setU16(l4 + TcpUdp.DST_PORT, FlowId.srcPort(flowPorts));
            output = internalPort(flowPorts);
        } else {
            final long key1 = portsAndProtocol | (long) inputPort << INTERNAL_PORT_SHIFT;
            int index = flows.get(addresses, key1);
            if (index >= 0) {
                flows.refresh(index, nowNanos);
            } else {
                index = flows.add(addresses, key1, nowNanos);
                if (index < 0) {
                    return DROP;
                }
            }
            packet.setU32(Ipv4.SRC_ADDR, externalIpOnWire);
            packet.setU16(l4 + TcpUdp.SRC_PORT, swapPorts ? swap16(startingPort + index) : startingPort + index);
            output = wan;
        }

        Checksums.setIpv4TcpUdpChecksums(packet, l4);
        packet.setU48(Ethernet.SRC_MAC, deviceMacs[output]);
        packet.setU48(Ethernet.DST_MAC, endpointMacs[output]);
        return output;
    }

    /** The internal port a flow's second key word holds (VigNAT's {@code FlowId} has one). */
    private static int internalPort(final long key1) {
        return (int) (key1 >>> INTERNAL_PORT_SHIFT) & 0xFFFF;
    }

    /** The 16-bit value with its two bytes exchanged: a host-order (x86) port as network order reads it. */
    private static int swap16(final int value) {
        return (value & 0xFF) << 8 | (value >>> 8) & 0xFF;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    /** The configuration. */
    public NatConfig config() {
        return config;
    }

    /** The number of flows in the table. */
    public int flowCount() {
        return flows.size();
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
