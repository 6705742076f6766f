package nicharness.nf.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;

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
 *
 * <p>NFs are found as drivers are ({@code DriverRegistry}): by {@link ServiceLoader}, each jar
 * naming its {@link NfProvider}s in {@code META-INF/services/nicharness.nf.registry.NfProvider}, so an
 * NF outside this module is measured by the harness without an edit to it. The paper's come first,
 * in the order above; others follow by name.
 */
public final class NfRegistry {

    private static volatile List<NfDescriptor> loaded;

    private NfRegistry() {
    }

    /** The providers' NFs, the paper's first; loaded once (a class path does not change while it runs). */
    private static List<NfDescriptor> loaded() {
        List<NfDescriptor> nfs = loaded;
        if (nfs == null) {
            final List<NfDescriptor> others = new ArrayList<>();
            for (final NfProvider provider : ServiceLoader.load(NfProvider.class)) {
                if (!(provider instanceof PaperNfs)) {
                    others.addAll(provider.nfs());
                }
            }
            others.sort((a, b) -> a.name().compareTo(b.name()));
            final List<NfDescriptor> all = new ArrayList<>(PaperNfs.ALL);
            for (final NfDescriptor nf : others) {
                if (all.stream().anyMatch(known -> known.name().equals(nf.name()))) {
                    throw new IllegalStateException("two NFs are registered as '" + nf.name()
                            + "': rename one in its NfProvider");
                }
                all.add(nf);
            }
            nfs = List.copyOf(all);
            loaded = nfs;
        }
        return nfs;
    }

    /** Every NF: the paper's in the order of the table above, then the other providers' by name. */
    public static List<NfDescriptor> all() {
        return loaded();
    }

    /** Every NF's name. */
    public static List<String> names() {
        return all().stream().map(NfDescriptor::name).toList();
    }

    /**
     * The NF called {@code name}.
     *
     * @throws IllegalArgumentException if there is none, listing the names there are
     */
    public static NfDescriptor get(final String name) {
        for (final NfDescriptor descriptor : all()) {
            if (descriptor.name().equals(name)) {
                return descriptor;
            }
        }
        throw new IllegalArgumentException("unknown network function '" + name + "'; known: "
                + all().stream().map(NfDescriptor::name).collect(Collectors.joining(", ")));
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
}
