package nicharness.nf.vigor;

import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.NfPorts;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Ethernet;
import nicharness.nf.libvig.Emap;

/**
 * VigFW, a stateful firewall ({@code vigfw/fw_main.c} at vigor-nf/vigor 4979e590): traffic from the internal
 * ports opens flows; traffic from the WAN passes only as the reverse of an open flow. Addresses are
 * not translated.
 *
 * <p>Per frame: expire idle flows (before parsing); parse Ethernet, IPv4, TCP/UDP, dropping
 * anything else; from the WAN, look up the reversed 5-tuple and send the frame to the internal port
 * that opened it (refreshing the flow), or drop it; from inside, refresh or add the flow and
 * <b>always</b> let the frame out, even when the table is full and the flow cannot be recorded
 * (then only its replies are blocked; C-verified). Finally the MACs of the output port are written.
 *
 * <p>Reads: Ethernet, IPv4 and the ports. Writes: both MACs only (IP, ports and checksums are
 * untouched). Key: the frame's {@code FlowId}, its addresses, ports and protocol.
 */
public final class Firewall implements NetworkFunction {
    private final FirewallConfig config;
    private final int portCount;
    private final int wan;
    private final long expirationNanos;
    private final long[] deviceMacs;
    private final long[] endpointMacs;
    private final Emap flows;
    /** libVig's {@code int_devices} vector: the internal port that opened each flow. */
    private final int[] internalDevices;
    private final RejectCounters counters = new RejectCounters();

    /**
     * Allocates the flow table.
     *
     * @throws IllegalArgumentException if the WAN port is not one of {@code ports}
     */
    public Firewall(final FirewallConfig config, final NfPorts ports) {
        this.config = config;
        this.portCount = ports.count();
        this.wan = ConfigChecks.device(FirewallConfig.NF, "wan", config.wanDevice(), ports.count());
        this.expirationNanos = config.expirationNanos();
        this.deviceMacs = ports.deviceMacs();
        this.endpointMacs = ports.endpointMacs();
        this.flows = new Emap(config.maxFlows());
        this.internalDevices = new int[config.maxFlows()];
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
            // A reply is the reverse of the flow its request opened.
            final int index = flows.get(FlowId.reversedAddresses(addresses), FlowId.reversedPortsAndProtocol(portsAndProtocol));
            if (index < 0) {
                return DROP;
            }
            flows.refresh(index, nowNanos);
            output = internalDevices[index];
        } else {
            int index = flows.get(addresses, portsAndProtocol);
            if (index >= 0) {
                flows.refresh(index, nowNanos);
            } else {
                index = flows.add(addresses, portsAndProtocol, nowNanos);
                if (index >= 0) {
                    internalDevices[index] = inputPort;
                }
            }
            output = wan;
        }

        packet.setU48(Ethernet.SRC_MAC, deviceMacs[output]);
        packet.setU48(Ethernet.DST_MAC, endpointMacs[output]);
        return output;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    /** The configuration. */
    public FirewallConfig config() {
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
