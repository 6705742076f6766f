package nicharness.harness;

import java.util.List;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.harness.plan.Catalog;
import nicharness.nf.registry.NfRegistry;

/**
 * The catalog of what is on the class path: drivers from {@link DriverRegistry}, NFs and the layer
 * of their traffic from {@link NfRegistry}.
 */
public final class RegistryCatalog implements Catalog {

    @Override
    public List<String> drivers() {
        return DriverRegistry.all().stream().map(DriverModel::name).toList();
    }

    @Override
    public List<String> nfs() {
        return NfRegistry.names();
    }

    @Override
    public int layer(final String nf) {
        return NfRegistry.trafficLayer(nf);
    }
}
