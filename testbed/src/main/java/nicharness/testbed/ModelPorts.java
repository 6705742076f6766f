package nicharness.testbed;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.ObjIntConsumer;
import nicharness.driver.Driver;
import nicharness.driver.DriverModel;
import nicharness.driver.DriverRegistry;
import nicharness.driver.DriverSetup;
import nicharness.driver.Port;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Regs;
import nicharness.model.NicModel;
import nicharness.nf.NetworkFunction;

/**
 * Software 82599 ports on one host memory, numbered 0, 1, ... as a driver numbers its ports, and a
 * driver opened on them: the assembly every testbed, benchmark and end-to-end driver test starts
 * from. What the ports' wires lead to (a cable, a tester, a recording sink) and when their engines
 * run is the caller's.
 *
 * <p>Ports in strict mode get host memory that aligns every region to exactly what the driver
 * asked ({@link SimulatedDmaMemory#exactAlignment()}), so that an alignment bug shows on every
 * strict run. Closing closes the ports, then the host memory if they allocated it; the driver is
 * the caller's to close first, since it reads and writes that memory by address.
 */
public final class ModelPorts implements AutoCloseable {
    /**
     * How long {@link #awaitLinkUp()} waits for every link after the driver's reset: the model
     * trains its link in 10 ms by default; this is for a busy machine.
     */
    public static final long LINK_WAIT_NANOS = 2_000_000_000L;

    /**
     * Host memory, by default, for rings, buffers and pools: every driver's defaults on two ports
     * fit (the largest is dpdk's two-port mempool, 2 x 4858 mbufs of about 2.3 KiB, 22 MiB).
     */
    public static final long HOST_BYTES = 64L << 20;

    private final SimulatedDmaMemory host;
    /** Whether the host memory is this assembly's to close (not when a model file owns it). */
    private final boolean ownsHost;
    private final NicModel[] ports;

    private ModelPorts(final Builder settings) {
        host = settings.host != null ? settings.host : new SimulatedDmaMemory(settings.hostBytes);
        ownsHost = settings.host == null;
        if (ownsHost && settings.strict) {
            host.exactAlignment();
        }
        ports = new NicModel[settings.count];
        try {
            for (int p = 0; p < ports.length; p++) {
                final NicModel.Builder port = NicModel.builder(host).port(p).strict(settings.strict);
                settings.each.accept(port, p);
                ports[p] = port.build();
            }
        } catch (final RuntimeException e) {
            close();
            throw e;
        }
    }

    /** {@code count} ports to set up; by default strict and synchronous, as {@link NicModel.Builder} has them. */
    public static Builder builder(final int count) {
        return new Builder(count);
    }

    /** Port {@code p}. */
    public NicModel port(final int p) {
        return ports[p];
    }

    /** How many ports there are. */
    public int count() {
        return ports.length;
    }

    /** Every port, in order (a new array: for an engine thread that runs them all). */
    public NicModel[] all() {
        return ports.clone();
    }

    /** The host memory the ports' DMA reaches and the driver allocates from. */
    public SimulatedDmaMemory host() {
        return host;
    }

    /**
     * A driver's set-up on every port ({@link DriverSetup#of}: the system clock, busy-spin idling,
     * the paper's parameters; change them with its {@code with} methods), the driver reaching port
     * {@code p}'s registers directly.
     */
    public DriverSetup setup(final NetworkFunction nf) {
        return setup(nf, p -> ports[p].registers());
    }

    /**
     * The same, the driver reaching port {@code p}'s registers through {@code registers.apply(p)}:
     * a view that posts or times the driver's accesses before they reach the port.
     */
    public DriverSetup setup(final NetworkFunction nf, final IntFunction<RegisterSpace> registers) {
        final List<Port> driverPorts = new ArrayList<>();
        for (int p = 0; p < ports.length; p++) {
            driverPorts.add(new Port(p, registers.apply(p)));
        }
        return DriverSetup.of(driverPorts, host, nf);
    }

    /** Opens the driver registered as {@code name} with {@code setup}; see {@link #open(DriverModel, DriverSetup)}. */
    public Driver open(final String name, final DriverSetup setup) {
        return open(DriverRegistry.byName(name), setup);
    }

    /**
     * Opens {@code model} with {@code setup} and waits until every link is up, as the paper's
     * tester (MoonGen) waits for its link partner: the driver's reset takes the link down, and a
     * frame offered while it trains would be lost before the driver could see it.
     */
    public Driver open(final DriverModel model, final DriverSetup setup) {
        final Driver driver = model.open(setup);
        try {
            awaitLinkUp();
        } catch (final RuntimeException e) {
            driver.close();
            throw e;
        }
        return driver;
    }

    /** Waits until every port's link is up, at most {@link #LINK_WAIT_NANOS} each. */
    public void awaitLinkUp() {
        for (final NicModel port : ports) {
            port.awaitLinkUp(LINK_WAIT_NANOS);
        }
    }

    /**
     * Frames port {@code p} dropped on receive since the last read of its statistics (which
     * clears them): no free descriptor (QPRDC of queue 0, with DROP_EN) or the receive packet
     * buffer full (MPC of packet buffer 0).
     */
    public long cardDrops(final int p) {
        return ports[p].readStatistic(Regs.QPRDC(0)) + ports[p].readStatistic(Regs.MPC(0));
    }

    /**
     * The faults the ports recorded in strict mode, for a driver author: per port, each kind's
     * first occurrence with its context, the rule and its usual cause, and how many more; empty if
     * none.
     */
    public String faultReport() {
        final StringBuilder report = new StringBuilder();
        for (final NicModel port : ports) {
            if (port.faults().count() > 0) {
                report.append(report.isEmpty() ? "" : "\n").append("port ").append(port.port()).append(": ")
                        .append(port.faults().report());
            }
        }
        return report.toString();
    }

    /**
     * Passes if no port recorded a fault.
     *
     * @throws AssertionError listing the first port's faults ({@link nicharness.model.Faults#assertNone()})
     */
    public void assertNoFaults() {
        for (final NicModel port : ports) {
            port.faults().assertNone();
        }
    }

    /** Closes the ports, then the host memory if it is theirs. */
    @Override
    public void close() {
        abandon();
        if (ownsHost) {
            host.close();
        }
    }

    /**
     * Closes the ports and leaves the host memory to the JVM's exit: for a driver that may not have
     * stopped, which reads and writes that memory by address ({@code DmaWords}), so that freeing it
     * would crash the JVM or corrupt whatever reuses it.
     */
    public void abandon() {
        for (final NicModel port : ports) {
            if (port != null) {
                port.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ModelPorts[" + ports.length + " x " + (ports.length > 0 ? ports[0] : "none") + "]";
    }

    /** The ports' settings; {@link #build()} makes them. */
    public static final class Builder {
        private final int count;
        private long hostBytes = HOST_BYTES;
        private SimulatedDmaMemory host;
        private boolean strict = true;
        private ObjIntConsumer<NicModel.Builder> each = (port, p) -> { };

        private Builder(final int count) {
            if (count < 1) {
                throw new IllegalArgumentException("at least one port: count=" + count);
            }
            this.count = count;
        }

        /** The model's strict checks on every port, and host memory aligned exactly as asked. */
        public Builder strict(final boolean on) {
            this.strict = on;
            return this;
        }

        /** Host memory of this size ({@link #HOST_BYTES} by default), allocated for the ports and closed with them. */
        public Builder hostBytes(final long bytes) {
            this.hostBytes = bytes;
            this.host = null;
            return this;
        }

        /** This host memory instead, left open when the ports close (a model file's, which the file closes). */
        public Builder host(final SimulatedDmaMemory shared) {
            this.host = Objects.requireNonNull(shared, "host");
            return this;
        }

        /**
         * The other settings of port {@code p}'s {@link NicModel.Builder}: when its engines run
         * ({@link NicModel.Builder#mode}, synchronous by default), its MAC address, what a register
         * access costs, ...
         */
        public Builder each(final ObjIntConsumer<NicModel.Builder> settings) {
            this.each = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** The ports. */
        public ModelPorts build() {
            return new ModelPorts(this);
        }
    }
}
