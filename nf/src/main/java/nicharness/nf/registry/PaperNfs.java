package nicharness.nf.registry;

import java.util.List;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.nop.IxyNop;
import nicharness.nf.nop.LookupNop;
import nicharness.nf.nop.TinyNfNop;
import nicharness.nf.nop.UntouchedNop;
import nicharness.nf.nop.WriteNop;
import nicharness.nf.vigor.Bridge;
import nicharness.nf.vigor.BridgeConfig;
import nicharness.nf.vigor.Firewall;
import nicharness.nf.vigor.FirewallConfig;
import nicharness.nf.vigor.LoadBalancer;
import nicharness.nf.vigor.LoadBalancerConfig;
import nicharness.nf.vigor.Nat;
import nicharness.nf.vigor.NatConfig;
import nicharness.nf.vigor.Policer;
import nicharness.nf.vigor.PolicerConfig;

/**
 * The paper's NFs and the measurable no-ops of its Table 4, as one {@link NfProvider}: the table in
 * {@link NfRegistry}'s comment.
 */
public final class PaperNfs implements NfProvider {

    static final List<NfDescriptor> ALL = List.of(
            new NfDescriptor("nop", "TinyNF's no-op: dst MAC 00:00:00:00:00:01, src MAC 0, to the other port (ports paired 0-1, 2-3, ...)",
                    2, false, List.of(), (ports, options) -> pairedPorts("nop", ports, new TinyNfNop())),
            new NfDescriptor("nop-untouched", "measurable no-op (Table 4 'nop'): no byte touched, to the other port",
                    2, false, List.of(), (ports, options) -> pairedPorts("nop-untouched", ports, new UntouchedNop())),
            new NfDescriptor("nop-write", "measurable no-op (Table 4 'write'): dst MAC := T[0..5], T[n] = (n*123) & 0xFF",
                    2, false, List.of(), (ports, options) -> pairedPorts("nop-write", ports, new WriteNop())),
            new NfDescriptor("nop-lookup", "measurable no-op (Table 4 'lookup'): dst MAC := T[pairs of src MAC bytes]",
                    2, false, List.of(), (ports, options) -> pairedPorts("nop-lookup", ports, new LookupNop())),
            new NfDescriptor("nop-ixy", "ixy-fwd: byte 1 incremented, to the other port",
                    2, false, List.of(), (ports, options) -> pairedPorts("nop-ixy", ports, new IxyNop())),
            new NfDescriptor("bridge", "VigBridge: MAC learning with aging, static filtering, flooding of unknowns",
                    2, false, BridgeConfig.OPTIONS, (ports, options) -> new Bridge(BridgeConfig.fromOptions(options), ports)),
            new NfDescriptor("nat", "VigNAT: NAPT (RFC 3022), flows expire, replies translated back",
                    4, false, NatConfig.OPTIONS,
                    (ports, options) -> new Nat(NatConfig.fromOptions(options), options.endpointMacs("eth-dest", ports))),
            new NfDescriptor("policer", "VigPol: per-destination token bucket on WAN-to-LAN traffic",
                    3, false, PolicerConfig.OPTIONS, (ports, options) -> new Policer(PolicerConfig.fromOptions(options), ports)),
            new NfDescriptor("firewall", "VigFW: LAN-to-WAN flows open the way for their replies",
                    4, false, FirewallConfig.OPTIONS,
                    (ports, options) -> new Firewall(FirewallConfig.fromOptions(options), options.endpointMacs("eth-dest", ports))),
            new NfDescriptor("lb", "VigLB: Maglev-like load balancer, CRC32C consistent hashing over heartbeating backends",
                    4, true, LoadBalancerConfig.OPTIONS,
                    (ports, options) -> new LoadBalancer(LoadBalancerConfig.fromOptions(options), ports)));

    @Override
    public List<NfDescriptor> nfs() {
        return ALL;
    }

    private static NetworkFunction pairedPorts(final String name, final NfPorts ports, final NetworkFunction nf) {
        if (0 != ports.count() % 2) {
            throw new IllegalArgumentException(name + " pairs ports (0 with 1, 2 with 3, ...): it needs an even port count, not "
                    + ports.count());
        }
        return nf;
    }
}
