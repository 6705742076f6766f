package nicharness.dpdk;

import java.util.ArrayList;
import java.util.List;
import nicharness.driver.Cores;
import nicharness.driver.Driver;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverPart;
import nicharness.driver.DriverPart.Part;
import nicharness.driver.DriverSetup;
import nicharness.driver.Parameter;
import nicharness.driver.Parameters;
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
        final List<Parameter> all = new ArrayList<>(parameters);
        all.add(Cores.PARAMETER_DEFINITION);
        this.parameters = List.copyOf(all);
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
     *
     * <p>On more than one core ({@link Cores}), each core is a run loop of its own over the inputs
     * it owns, with a transmit queue of its own on every port ({@link EthDev}) and a pool of its
     * own, sized for its inputs. [DEPARTURE] The 2-core policer shares one pool of
     * {@code MEMPOOL_BUFFER_COUNT * nb_devices} mbufs with a per-lcore cache of 128 (osdi20
     * experiments/baselines/policer/dpdk/main.c:163-170); since each lcore frees on its transmit
     * queue the mbufs its receive queue took, what crosses the shared ring is the cache's flushes
     * only, and a pool per core of the same total size, which needs no atomic operation between
     * the cores, stands for it.
     */
    @Override
    @DriverPart(Part.INIT)
    public final Driver open(final DriverSetup setup) {
        final DpdkConfig config = DpdkConfig.parse(name, parameters, setup.parameters());
        final List<Port> ports = setup.ports();
        final int cores = Cores.count(new Parameters(name, parameters, setup.parameters()), ports.size());
        final Mempool[] pools = new Mempool[cores];
        for (int core = 0; core < cores; core++) {
            pools[core] = Mempool.create(setup.memory(), core,
                    config.mempoolSize(Cores.inputsOf(core, cores, ports.size()).length),
                    config.mempoolCacheSize(), config.mempoolDebug());
        }
        final List<EthDev> started = new ArrayList<>(ports.size());
        for (final Port port : ports) {
            started.add(EthDev.start(port, setup.memory(), pools[Cores.ownerOf(port.index(), cores)], pools, config));
        }
        final List<DpdkDriver> loops = new ArrayList<>(cores);
        for (int core = 0; core < cores; core++) {
            loops.add(new DpdkDriver(started, core, Cores.inputsOf(core, cores, ports.size()), pools[core], setup.nf(),
                    setup.clock(), setup.idle(), config.burst()));
        }
        return Cores.of(loops);
    }

    @Override
    public String toString() {
        return name;
    }
}
