package nicharness.nf.registry;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
 * The NFs by name, for the harness. Every NF starts from the configuration of the paper's runs;
 * options override it.
 *
 * <pre>
 * name           layer  what
 * nop            2      TinyNF's no-op (MACs rewritten, to the other port): the paper's no-op
 * nop-untouched  2      measurable no-op, no byte touched (Table 4 "nop")
 * nop-write      2      measurable no-op, writes the dst MAC from a table (Table 4 "write")
 * nop-lookup     2      measurable no-op, dst MAC looked up from the src MAC (Table 4 "lookup")
 * nop-ixy        2      ixy-fwd: byte 1 incremented
 * bridge         2      VigBridge
 * nat            4      VigNAT
 * policer        3      VigPol
 * firewall       4      VigFW
 * lb             4      VigLB (with a reverse heat-up, so that backends register)
 * </pre>
 */
public final class NfRegistry {

    private static final List<NfDescriptor> ALL = List.of(
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

    private NfRegistry() {
    }

    /** Every NF, in the order of the table above. */
    public static List<NfDescriptor> all() {
        return ALL;
    }

    /** Every NF's name. */
    public static List<String> names() {
        return ALL.stream().map(NfDescriptor::name).toList();
    }

    /**
     * The NF called {@code name}.
     *
     * @throws IllegalArgumentException if there is none, listing the names there are
     */
    public static NfDescriptor get(final String name) {
        for (final NfDescriptor descriptor : ALL) {
            if (descriptor.name().equals(name)) {
                return descriptor;
            }
        }
        throw new IllegalArgumentException("unknown network function '" + name + "'; known: "
                + ALL.stream().map(NfDescriptor::name).collect(Collectors.joining(", ")));
    }

    /**
     * Makes the NF called {@code name} with the paper's configuration, {@code options} overriding it.
     *
     * @param ports   the ports and their MACs ({@link NfPorts#paper(int)} for the paper's)
     * @param options option name (without {@code --}) to value; {@code null} or empty for the paper's
     * @throws IllegalArgumentException for an unknown NF or option, or a value out of range
     */
    public static NetworkFunction create(final String name, final NfPorts ports, final Map<String, String> options) {
        return get(name).create(ports, options);
    }

    /** The layer (2, 3 or 4) of the traffic the NF called {@code name} is measured with. */
    public static int trafficLayer(final String name) {
        return get(name).trafficLayer();
    }

    private static NetworkFunction pairedPorts(final String name, final NfPorts ports, final NetworkFunction nf) {
        if (0 != ports.count() % 2) {
            throw new IllegalArgumentException(name + " pairs ports (0 with 1, 2 with 3, ...): it needs an even port count, not "
                    + ports.count());
        }
        return nf;
    }
}
