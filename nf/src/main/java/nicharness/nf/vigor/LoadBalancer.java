package nicharness.nf.vigor;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.NfPorts;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Checksums;
import nicharness.nf.frame.Ethernet;
import nicharness.nf.frame.Ipv4;
import nicharness.nf.libvig.ConsistentHashTable;
import nicharness.nf.libvig.Crc32c;
import nicharness.nf.libvig.Emap;

/**
 * VigLB, a "Maglev-like" L4 load balancer ({@code viglb/lb_main.c} and
 * {@code viglb/lb_balancer.c} at vigor-nf/vigor 4979e590). Clients
 * arrive on the WAN port; backends sit behind the other ports and announce themselves with
 * heartbeats (any valid TCP/UDP frame arriving there). A new client flow gets a backend by
 * consistent hashing over the live backends ({@link ConsistentHashTable}, hash {@link #flowHash});
 * the choice is remembered in a flow table for affinity; frames go out with the destination
 * address and MACs rewritten. There is no return path (direct server return).
 *
 * <p>Per frame, in the original's order:
 * <ol>
 *   <li>expire idle flows, then backends without heartbeat, before parsing. A flow whose backend
 *       expired is not removed here but when it is next seen;</li>
 *   <li>parse Ethernet, IPv4, TCP/UDP, else drop;</li>
 *   <li>not from the WAN, a heartbeat: refresh a known backend (its MAC and port are <b>not</b>
 *       updated) or add a new one {port, source MAC, source address} if there is room; the
 *       heartbeat itself is always dropped;</li>
 *   <li>from the WAN: a known flow whose backend index is alive is refreshed and goes there. If
 *       the backend expired and its index was reused by another backend, the flow silently moves
 *       to the newcomer (C-verified). If the index is free, the flow is erased and handled as new.
 *       A new flow takes the first live backend of its CHT row; it is remembered if the flow table
 *       has room and forwarded anyway if not. With no live backend at all, the frame is dropped;</li>
 *   <li>rewrite the destination address to the backend's, the source MAC to the backend port's own
 *       and the destination MAC to the backend's; recompute both checksums; output the backend's
 *       port.</li>
 * </ol>
 *
 * <p>Where no backend is found, the C code of some Vigor versions returns port 0 ("the wan
 * interface") rather than the WAN port; with the paper's WAN = 0 both are a drop, and we drop
 * whatever the WAN port is (a departure listed in {@code nf/README.md}).
 *
 * <p>Reads: Ethernet, IPv4 and the ports. Writes: both MACs, the destination address, both
 * checksums. Keys: flows, the frame's {@code FlowId}, its addresses, ports and protocol;
 * backends, word 0 = address.
 */
public final class LoadBalancer implements NetworkFunction {
    private final LoadBalancerConfig config;
    private final int portCount;
    private final int wan;
    private final long flowExpirationNanos;
    private final long backendExpirationNanos;
    private final long[] deviceMacs;

    private final Emap flows;
    /** libVig's {@code flow_id_to_backend_id}. */
    private final int[] flowBackend;

    private final Emap backends;
    /** libVig's {@code backends} vector, as three arrays: port, MAC, address. */
    private final int[] backendPort;
    private final long[] backendMac;
    private final long[] backendIp;

    private final ConsistentHashTable cht;
    private final RejectCounters counters = new RejectCounters();

    /**
     * Allocates the tables and fills the CHT.
     *
     * @throws IllegalArgumentException if the WAN port is not one of {@code ports}
     */
    public LoadBalancer(final LoadBalancerConfig config, final NfPorts ports) {
        this.config = config;
        this.portCount = ports.count();
        this.wan = ConfigChecks.device(LoadBalancerConfig.NF, "wan", config.wanDevice(), ports.count());
        this.flowExpirationNanos = config.flowExpirationNanos();
        this.backendExpirationNanos = config.backendExpirationNanos();
        this.deviceMacs = ports.deviceMacs();
        this.flows = new Emap(config.flowCapacity());
        this.flowBackend = new int[config.flowCapacity()];
        this.backends = new Emap(config.backendCapacity());
        this.backendPort = new int[config.backendCapacity()];
        this.backendMac = new long[config.backendCapacity()];
        this.backendIp = new long[config.backendCapacity()];
        this.cht = new ConsistentHashTable(config.chtHeight(), config.backendCapacity());
    }

    /**
     * The hash of a {@code LoadBalancedFlow}: the raw CRC32C chain over its fields, each
     * zero-extended to 32 bits and loaded in x86 order, i.e. the CRC of the bytes
     * {@code srcIP[4] dstIP[4] srcPort[2] 00 00 dstPort[2] 00 00 proto 00 00 00} as they are on
     * the wire ({@code viglb/lb_flow.h.gen.c:85-89}).
     *
     * @param srcIp   the source address as read big-endian
     * @param dstIp   the destination address as read big-endian
     * @param srcPort the source port as read big-endian
     * @param dstPort the destination port as read big-endian
     */
    public static int flowHash(final long srcIp, final long dstIp, final int srcPort, final int dstPort, final int protocol) {
        int hash = Crc32c.updateInt(0, Integer.reverseBytes((int) srcIp));
        hash = Crc32c.updateInt(hash, Integer.reverseBytes((int) dstIp));
        hash = Crc32c.updateInt(hash, Short.reverseBytes((short) srcPort) & 0xFFFF);
        hash = Crc32c.updateInt(hash, Short.reverseBytes((short) dstPort) & 0xFFFF);
        return Crc32c.updateInt(hash, protocol);
    }

    /** {@link #flowHash(long, long, int, int, int)} of a frame's {@code FlowId}. */
    private static int flowHash(final long addresses, final long portsAndProtocol) {
        return flowHash(FlowId.srcIp(addresses), FlowId.dstIp(addresses), FlowId.srcPort(portsAndProtocol),
                FlowId.dstPort(portsAndProtocol), FlowId.protocol(portsAndProtocol));
    }

    @Override
    public int process(final Packet packet, final int inputPort, final long nowNanos) {
        flows.expireAll(nowNanos - flowExpirationNanos);
        backends.expireAll(nowNanos - backendExpirationNanos);

        final int l4 = FlowId.tcpUdpStart(packet, inputPort, portCount, counters);
        if (l4 < 0) {
            return DROP;
        }
        if (inputPort != wan) {
            heartbeat(packet.getU32(Ipv4.SRC_ADDR), packet.getU48(Ethernet.SRC_MAC), inputPort, nowNanos);
            return DROP;
        }

        final long addresses = FlowId.addresses(packet);
        final long portsAndProtocol = FlowId.portsAndProtocol(packet, l4);

        int backend = -1;
        final int flow = flows.get(addresses, portsAndProtocol);
        if (flow >= 0) {
            final int assigned = flowBackend[flow];
            if (backends.hasIndex(assigned)) {
                flows.refresh(flow, nowNanos);
                backend = assigned;
            } else {
                // Its backend is gone: forget the flow and place it again, as a new one.
                flows.erase(flow);
            }
        }
        if (backend < 0) {
            backend = cht.findPreferredAvailableBackend(flowHash(addresses, portsAndProtocol), backends.chain());
            if (backend < 0) {
                return DROP;
            }
            final int added = flows.add(addresses, portsAndProtocol, nowNanos);
            if (added >= 0) {
                flowBackend[added] = backend;
            }
            // A full flow table only means the flow is not remembered: the frame still goes.
        }

        final int output = backendPort[backend];
        packet.setU32(Ipv4.DST_ADDR, backendIp[backend]);
        packet.setU48(Ethernet.SRC_MAC, deviceMacs[output]);
        packet.setU48(Ethernet.DST_MAC, backendMac[backend]);
        Checksums.setIpv4TcpUdpChecksums(packet, l4);
        return output;
    }

    private void heartbeat(final long ip, final long mac, final int port, final long nowNanos) {
        final int known = backends.get(ip, 0);
        if (known >= 0) {
            backends.refresh(known, nowNanos);
            return;
        }
        final int added = backends.add(ip, 0, nowNanos);
        if (added >= 0) {
            backendPort[added] = port;
            backendMac[added] = mac;
            backendIp[added] = ip;
        }
        // Otherwise the backend table is full and this one is ignored.
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    /** The configuration. */
    public LoadBalancerConfig config() {
        return config;
    }

    /** The consistent-hashing table. */
    public ConsistentHashTable cht() {
        return cht;
    }

    /** The number of client flows remembered. */
    public int flowCount() {
        return flows.size();
    }

    /** The number of live backends. */
    public int backendCount() {
        return backends.size();
    }

    /**
     * The backend index holding an address, or -1 (for tests).
     *
     * @param ip the backend's address as a 32-bit value
     */
    public int backendIndex(final long ip) {
        return backends.get(ip, 0);
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
