package nicharness.nf.registry;

import java.util.List;
import java.util.Map;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfOption;
import nicharness.nf.NfOptions;
import nicharness.nf.NfPorts;

/**
 * One NF as the harness sees it: its name, what it is, how the paper measured it, its options, and
 * how to make one.
 *
 * @param name          the registry name, for example {@code nat}
 * @param summary       one line on what it does and where it comes from
 * @param trafficLayer  the layer (2, 3 or 4) whose header carries the flow in the traffic it is
 *                      measured with (TinyNF osdi20
 * {@code experiments/perf-endtoend/bench-all.py:116}, {@code get_layer})
 * @param reverseHeatUp whether the measurement first sends direction-1 traffic, loss ignored, so
 *                      that the NF learns what it needs (the load balancer's backends, {@code -r})
 * @param options       the options it accepts, with the paper's values
 * @param factory       makes an instance
 */
public record NfDescriptor(String name, String summary, int trafficLayer, boolean reverseHeatUp,
                           List<NfOption> options, Factory factory) {

    /** Makes an NF from ports and checked options. */
    @FunctionalInterface
    public interface Factory {
        /**
         * Makes one instance.
         *
         * @throws IllegalArgumentException if the ports or options do not suit the NF
         */
        NetworkFunction create(NfPorts ports, NfOptions options);
    }

    /** Copies the option list. */
    public NfDescriptor {
        options = List.copyOf(options);
    }

    /**
     * Makes one instance with the paper's configuration, {@code options} overriding it.
     *
     * @param ports   the ports and their MACs
     * @param options option name (without {@code --}) to value; {@code null} or empty for the paper's
     * @throws IllegalArgumentException naming the NF, the option, the value and what is accepted
     */
    public NetworkFunction create(final NfPorts ports, final Map<String, String> options) {
        return factory.create(ports, new NfOptions(name, options, this.options));
    }

    @Override
    public String toString() {
        return name + " (layer " + trafficLayer + "): " + summary;
    }
}
