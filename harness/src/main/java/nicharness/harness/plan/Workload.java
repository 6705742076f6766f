package nicharness.harness.plan;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What traffic a trial offers and to which NF, independent of the driver: the NF and its options,
 * the directions, the layer the 60,000 flows vary at, the loss threshold, the slow no-op's extra
 * work and the model's device-access cost. Trials of different experiments that share a workload
 * share their measurements (Figures 6, 7 and 8 are three views of the same policer runs).
 *
 * @param id               a readable, unique name such as {@code policer-2way} or {@code nop-2way-cost4}
 * @param nf               the NF registry name
 * @param nfOptions        option overrides for the NF (empty: the paper's preset)
 * @param directions       1 (direction 0 only, the paper's {@code standard-single}) or 2 ({@code standard})
 * @param layer            the layer the flows vary at: 2, 3 or 4 ({@code bench-moongen.lua:68-94})
 * @param lossThreshold    the highest loss fraction a search step may show and still pass
 * @param extraWorkNs      extra work per packet in nanoseconds (the slow no-op); 0 for none
 * @param deviceCostFactor the multiple of the model's default device-access cost (1: the default)
 */
public record Workload(String id, String nf, Map<String, String> nfOptions, int directions, int layer,
                       double lossThreshold, double extraWorkNs, double deviceCostFactor) {

    public Workload {
        nfOptions = Map.copyOf(new TreeMap<>(nfOptions));
        if (directions != 1 && directions != 2) {
            throw new IllegalArgumentException("directions must be 1 or 2: directions=" + directions);
        }
        if (layer < 2 || layer > 4) {
            throw new IllegalArgumentException("the flow layer must be 2, 3 or 4: layer=" + layer);
        }
        if (!(lossThreshold >= 0 && lossThreshold < 1)) {
            throw new IllegalArgumentException("the loss threshold must be a fraction in [0, 1): lossThreshold=" + lossThreshold);
        }
        if (!(extraWorkNs >= 0)) {
            throw new IllegalArgumentException("extra work per packet must be non-negative: extraWorkNs=" + extraWorkNs);
        }
        if (!(deviceCostFactor >= 0)) {
            throw new IllegalArgumentException("the device-cost factor must be non-negative: deviceCostFactor=" + deviceCostFactor);
        }
    }

    /**
     * A workload named after its content: {@code <name>-<n>way}, with {@code -cost<f>} when the
     * device cost is not the default.
     */
    public static Workload of(final String name, final String nf, final Map<String, String> nfOptions,
                              final int directions, final int layer, final double lossThreshold,
                              final double extraWorkNs, final double deviceCostFactor) {
        String id = name + "-" + directions + "way";
        if (deviceCostFactor != 1) {
            id += "-cost" + LoadLevel.trim(deviceCostFactor).replace('.', '_');
        }
        return new Workload(id.toLowerCase(Locale.ROOT), nf, nfOptions, directions, layer, lossThreshold,
                extraWorkNs, deviceCostFactor);
    }
}
