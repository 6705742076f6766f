package nicharness.harness;

import java.util.List;
import java.util.Map;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.harness.plan.Catalog;

/** The catalog of what is on the class path: drivers from {@link DriverRegistry}, and the NFs. */
public final class RegistryCatalog implements Catalog {

    /** The NFs and the layer their traffic varies at (reference 9.2: NAT, LB, FW 4; policer 3; bridge and no-ops 2). */
    private static final Map<String, Integer> NF_LAYERS = Map.of("nop", 2, "nop-write", 2, "nop-lookup", 2, "bridge", 2,
            "nat", 4, "policer", 3, "firewall", 4, "lb", 4);

    @Override
    public List<String> drivers() {
        return DriverRegistry.all().stream().map(DriverModel::name).toList();
    }

    @Override
    public List<String> nfs() {
        return NF_LAYERS.keySet().stream().sorted().toList();
    }

    @Override
    public int layer(final String nf) {
        final Integer layer = NF_LAYERS.get(nf);
        if (layer == null) {
            throw new IllegalArgumentException("unknown NF '" + nf + "'; accepted: " + String.join(", ", nfs()));
        }
        return layer;
    }
}
