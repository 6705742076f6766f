package nicharness.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The driver models on the class path, by name. */
public final class DriverRegistry {
    private DriverRegistry() {
    }

    /** Every registered model, in registry-name order. */
    public static List<DriverModel> all() {
        final List<DriverModel> models = new ArrayList<>();
        ServiceLoader.load(DriverModel.class).forEach(models::add);
        models.sort((a, b) -> a.name().compareTo(b.name()));
        return models;
    }

    /**
     * The model called {@code name}, or a model on several cores: {@code tinynf-2cores} is
     * {@code tinynf} with its {@link Cores#PARAMETER} parameter at 2.
     *
     * @throws IllegalArgumentException naming the known models if there is none
     */
    public static DriverModel byName(final String name) {
        final int cores = Cores.coresOf(name);
        final String modelName = Cores.modelName(name);
        for (final DriverModel model : all()) {
            if (model.name().equals(modelName)) {
                return cores == 1 ? model : Cores.variant(model, cores);
            }
        }
        throw new IllegalArgumentException("unknown driver '" + name + "'; known drivers: "
                + all().stream().map(DriverModel::name).toList() + ", each also on N cores as <name>-N" + Cores.SUFFIX);
    }
}
