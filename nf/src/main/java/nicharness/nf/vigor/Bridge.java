package nicharness.nf.vigor;

import java.nio.file.Path;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfCounters;
import nicharness.nf.NfPorts;
import nicharness.nf.Packet;
import nicharness.nf.RejectCounters;
import nicharness.nf.frame.Ethernet;
import nicharness.nf.libvig.Emap;

/**
 * VigBridge, a transparent learning switch after IEEE 802.1D ({@code vigbridge/bridge_main.c} at
 * vigor-nf/vigor 4979e590): a dynamic MAC table with aging, an optional static filtering table,
 * flooding of unknown
 * destinations. It looks at the Ethernet header only and never modifies the frame.
 *
 * <p>Per frame, in the original's order:
 * <ol>
 *   <li>expire stations unseen for longer than the aging time;</li>
 *   <li>learn the source MAC: a known one is only refreshed, its port is <b>not</b> updated if the
 *       station moved (it stays until it ages out, C-verified); an unknown one is stored with its
 *       input port if there is room, and otherwise simply not learned. Multicast and broadcast
 *       sources are learned like any other;</li>
 *   <li>static table, keyed by (destination, input port): filter, or the input port itself, drops;
 *       another port forwards there;</li>
 *   <li>dynamic table: the destination's port, or a drop if that is the input port;</li>
 *   <li>otherwise {@link #FLOOD}, broadcast included (unless it was learned as a source).</li>
 * </ol>
 *
 * <p>Reads: the two MACs. Writes: nothing. A frame shorter than an Ethernet header is dropped and
 * counted as malformed (Vigor's framework assumes 14 bytes). Key layout: word 0 = MAC, word 1 = 0.
 */
public final class Bridge implements NetworkFunction {
    private final BridgeConfig config;
    private final int portCount;
    private final long expirationNanos;
    private final Emap stations;
    /** libVig's {@code dyn_vals}: the port each learned station was seen on. */
    private final int[] stationPorts;
    private final BridgeStaticTable staticTable;
    private final RejectCounters counters = new RejectCounters();

    /**
     * Allocates the tables and loads the static rules, if any.
     *
     * @throws IllegalArgumentException if the static rules cannot be read or are wrong
     */
    public Bridge(final BridgeConfig config, final NfPorts ports) {
        this(config, ports, config.staticRulesFile().isEmpty() ? new BridgeStaticTable()
                : BridgeStaticTable.load(Path.of(config.staticRulesFile()), ports.count()));
    }

    /** Allocates the dynamic table, with static rules given directly (tests, tools). */
    public Bridge(final BridgeConfig config, final NfPorts ports, final BridgeStaticTable staticTable) {
        this.config = config;
        this.portCount = ports.count();
        this.expirationNanos = config.expirationNanos();
        this.stations = new Emap(config.capacity());
        this.stationPorts = new int[config.capacity()];
        this.staticTable = staticTable;
    }

    @Override
    public int process(final Packet packet, final int inputPort, final long nowNanos) {
        stations.expireAll(nowNanos - expirationNanos);

        if (packet.length() < Ethernet.HEADER_LENGTH) {
            counters.countMalformed();
            return DROP;
        }
        if (inputPort < 0 || inputPort >= portCount) {
            counters.countUnhandled();
            return DROP;
        }

        final long source = packet.getU48(Ethernet.SRC_MAC);
        final int known = stations.get(source, 0);
        if (known >= 0) {
            stations.refresh(known, nowNanos);
        } else {
            final int added = stations.add(source, 0, nowNanos);
            if (added >= 0) {
                stationPorts[added] = inputPort;
            }
        }

        final long destination = packet.getU48(Ethernet.DST_MAC);
        final int rule = staticTable.lookup(destination, inputPort);
        if (BridgeStaticTable.NO_RULE != rule) {
            return BridgeStaticTable.FILTER == rule || inputPort == rule ? DROP : rule;
        }
        final int station = stations.get(destination, 0);
        if (station >= 0) {
            final int port = stationPorts[station];
            return port == inputPort ? DROP : port;
        }
        return FLOOD;
    }

    @Override
    public NfCounters counters() {
        return counters;
    }

    /** The configuration. */
    public BridgeConfig config() {
        return config;
    }

    /** The number of learned stations. */
    public int stationCount() {
        return stations.size();
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
