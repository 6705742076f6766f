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
 * registered variants differ only in their defaults, each the configuration of one program the paper
 * ran: {@link DpdkModel} ({@code dpdk}, testpmd, burst 1, rings 160 / 544), {@link DpdkBatchedModel}
 * ({@code dpdk-batched}, testpmd, burst 32, rings 128 / 512), {@link DpdkVerifiedModel}
 * ({@code dpdk-verified}, Vigor's {@code nf.c} on the verified DPDK subset: burst 1, rings 96 / 96,
 * 256 mbufs per device, no cache) and the policer baseline's two ({@link DpdkPolicerModels}).
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
        this(name, description, DpdkConfig.parameters(burst, nbRxd, nbTxd));
    }

    /**
     * A variant whose defaults differ from testpmd's beyond the burst and the rings.
     *
     * @param parameters the variant's parameters, from {@link DpdkConfig#parameters(int, int, int, int, int)}
     */
    protected DpdkDriverModel(final String name, final String description, final List<Parameter> parameters) {
        this.name = name;
        this.description = description;
        this.parameters = List.copyOf(parameters);
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
