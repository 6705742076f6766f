package nicharness.dpdk;

import java.util.ArrayList;
import java.util.List;
import nicharness.driver.Driver;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.driver.DriverSetup;
import nicharness.driver.Parameter;
import nicharness.driver.Port;

/**
 * The DPDK driver model (paper section 2.1): separate receive and transmit rings, an mbuf pool
 * with a per-core cache, bulk receive re-arming, lazy transmit reclaim, and a burst size. The two
 * registered variants differ only in their defaults: {@link DpdkModel} ({@code dpdk}, burst 1,
 * rings 160 / 544) and {@link DpdkBatchedModel} ({@code dpdk-batched}, burst 32, rings 128 / 512).
 */
public abstract class DpdkDriverModel implements DriverModel {
    private final String name;
    private final String description;
    private final List<Parameter> parameters;

    /**
     * @param name        the registry name
     * @param description one line for {@code --help}
     * @param burst       the default burst size
     * @param nbRxd       the default receive ring size
     * @param nbTxd       the default transmit ring size
     */
    protected DpdkDriverModel(final String name, final String description, final int burst, final int nbRxd,
                              final int nbTxd) {
        this.name = name;
        this.description = description;
        this.parameters = DpdkConfig.parameters(burst, nbRxd, nbTxd);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    /**
     * Checks the parameters, creates the mempool ({@code rte_pktmbuf_pool_create}, one pool for
     * all ports), starts every port and returns the run loop.
     */
    @Override
    @DriverPart(Part.INIT)
    public final Driver open(final DriverSetup setup) {
        final DpdkConfig config = DpdkConfig.parse(name, parameters, setup.parameters());
        final List<Port> ports = setup.ports();
        final Mempool pool = Mempool.create(setup.memory(), 0, config.mempoolSize(ports.size()),
                config.mempoolCacheSize(), config.mempoolDebug());
        final List<EthDev> started = new ArrayList<>(ports.size());
        for (final Port port : ports) {
            started.add(EthDev.start(port, setup.memory(), pool, config));
        }
        return new DpdkDriver(started, pool, setup.nf(), setup.clock(), setup.idle(), config.burst());
    }

    @Override
    public String toString() {
        return name;
    }
}
