package nicharness.ixy;

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
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;

/**
 * ixy's driver model (Emmerich et al., ANCS'19; the paper's section 2.2 baseline): separate
 * receive and transmit rings of advanced descriptors, a LIFO buffer pool per receive queue,
 * transmit completion by DD in batches of 32. The two registered variants differ only in their
 * default batch size: {@link IxyModel} ({@code ixy}, 1) and {@link IxyBatchedModel}
 * ({@code ixy-batched}, 32).
 *
 * <p>The pools' debug mode ({@link BufferPool}) is on when the system property
 * {@value #DEBUG_PROPERTY} is {@code true}; this module's tests set it.
 */
public abstract class IxyDriverModel implements DriverModel {
    /** The system property that switches the pools' sanitizer on ({@link BufferPool#DEBUG_PROPERTY}). */
    public static final String DEBUG_PROPERTY = BufferPool.DEBUG_PROPERTY;

    private final String name;
    private final int defaultBatchSize;

    protected IxyDriverModel(final String name, final int defaultBatchSize) {
        this.name = name;
        this.defaultBatchSize = defaultBatchSize;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return "ixy: separate rings, LIFO buffer pool per receive queue, transmit cleaned in batches of 32; batch "
                + defaultBatchSize;
    }

    @Override
    public final List<Parameter> parameters() {
        return IxyParameters.declared(defaultBatchSize);
    }

    /**
     * Creates one pool per port, brings every port up (datasheet 4.6.3), then sets up ixy's queues
     * on each (4.6.7, 4.6.8).
     *
     * @throws IllegalArgumentException for a bad parameter, naming it and its value
     * @throws DeviceInitException      when a port does not come up or a queue's ENABLE bit never
     *                                  reads back, naming the port and the register bit
     */
    @Override
    @DriverPart(Part.INIT)
    public final Driver open(final DriverSetup setup) {
        final List<Port> ports = setup.ports();
        final IxyParameters parameters = IxyParameters.parse(name, defaultBatchSize, setup.parameters(), ports.size());
        if (ports.size() > BufferPool.MAX_POOLS) {
            throw new IllegalArgumentException("at most " + BufferPool.MAX_POOLS + " ports: ports=" + ports.size());
        }
        final boolean debug = Boolean.getBoolean(DEBUG_PROPERTY);
        final BufferPool[] pools = new BufferPool[ports.size()];
        for (int p = 0; p < pools.length; p++) {
            pools[p] = BufferPool.allocate(setup.memory(), p, parameters.poolEntries(), parameters.bufferSize(), debug);
        }
        final int cores = Cores.count(new Parameters(name, parameters(), setup.parameters()), ports.size());
        // devices[core][port]: the port as core sees it, with that core's transmit queue.
        final IxyDevice[][] devices = new IxyDevice[cores][ports.size()];
        for (int p = 0; p < ports.size(); p++) {
            final RegisterSpace registers = ports.get(p).registers();
            // The link wait is ixy's (IxyDevice), after the queues are up, and not fatal.
            new DeviceBringUp(registers).named("port " + p).waitForLink(false).run();
            final IxyDevice[] views = IxyDevice.open("port " + p, registers, setup.memory(), parameters, pools[p], pools, cores);
            for (int core = 0; core < cores; core++) {
                devices[core][p] = views[core];
            }
        }
        final List<IxyForwarder> loops = new java.util.ArrayList<>(cores);
        for (int core = 0; core < cores; core++) {
            loops.add(new IxyForwarder(setup.nf(), setup.clock(), setup.idle(), parameters.batchSize(), devices[core], pools,
                    Cores.inputsOf(core, cores, ports.size())));
        }
        return Cores.of(loops);
    }

    @Override
    public String toString() {
        return name;
    }
}
