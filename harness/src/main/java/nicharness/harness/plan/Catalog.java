package nicharness.harness.plan;

import java.util.List;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;

/**
 * What can be run: the registered driver models and NFs. The command line validates names against
 * it, and the plan takes each NF's traffic layer from it.
 */
public interface Catalog {

    /** The registered driver names. */
    List<String> drivers();

    /** The driver model called {@code name} (by default from the {@link DriverRegistry}). */
    default DriverModel driver(final String name) {
        return DriverRegistry.byName(name);
    }

    /** The registered NF names. */
    List<String> nfs();

    /**
     * The layer NF {@code nf}'s traffic varies its flows at (TinyNF osdi20
     * {@code benchmarking/bench-moongen.lua:68-94}): 2, 3 or 4.
     */
    int layer(String nf);

    /** A fixed catalog, for tests. */
    static Catalog of(final List<String> drivers, final List<String> nfs, final java.util.function.ToIntFunction<String> layer) {
        return new Catalog() {
            @Override
            public List<String> drivers() {
                return List.copyOf(drivers);
            }

            @Override
            public List<String> nfs() {
                return List.copyOf(nfs);
            }

            @Override
            public int layer(final String nf) {
                return layer.applyAsInt(nf);
            }
        };
    }
}
