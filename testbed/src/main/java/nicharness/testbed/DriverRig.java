package nicharness.testbed;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Objects;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.env.IdleStrategy;
import nicharness.env.RegisterSpace;
import nicharness.model.AccessCost;
import nicharness.model.Cable;
import nicharness.model.DrivingMode;
import nicharness.model.EngineThread;
import nicharness.model.ModelCounters;
import nicharness.model.NicModel;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;

/**
 * Two software 82599 ports ({@link ModelPorts}) joined by a cable, one driver variant and one NF on
 * them, and a fixed population of frames that circulate: what the per-packet-cost measurements
 * (the paper's Table 4) and the sanitizer's strict pass run on.
 *
 * <p>The circulation: {@link #framesPerPort()} frames of the paper's traffic are injected into
 * each port (direction 0 into port 0, direction 1 into port 1, flows 0, 1, ..., at the layer the
 * NF is measured with). The NF sends what port 0 receives to port 1 and the reverse, and the
 * cable brings what port 1 transmits back into port 0 and the reverse, so each direction's frames
 * keep entering their own port, and the driver always has the same amount of work: the paper's
 * "tester floods both directions", without a tester thread competing for the two cores.
 *
 * <p>Two ways to run it:
 * <ul>
 * <li>{@link DrivingMode#DEFERRED}: the engines run only in {@link #refill()}, so one
 *     {@link #round()} is the driver, and only the driver, receiving every circulating frame,
 *     running the NF on it and queueing it for transmit; {@link #refill()} then transmits them,
 *     carries them over the cable and receives them into the rings again. The driver's register
 *     writes are posted ({@link PostedWrites}): held in order and delivered to the ports at the
 *     start of {@link #refill()}, so a doorbell costs the round one store, as on a card, and none
 *     of the model's code runs in a round (unless the rig is strict). Exact and repeatable: the
 *     device-access counts and the JMH benchmark use it.</li>
 * <li>{@link DrivingMode#THREADED}: one {@link EngineThread} runs both ports' engines while the
 *     driver runs on a thread of its own ({@link Driver#run}); for CPU time at saturation.</li>
 * </ul>
 *
 * <p>Not thread-safe: one thread drives the rig (and, in threaded mode, one more runs the driver).
 */
public final class DriverRig implements AutoCloseable {
    /** Two ports, as in every Table 4 configuration of the paper. */
    public static final int PORTS = 2;

    /**
     * Frames circulating per port by default: half the smallest receive ring among the variants
     * (dpdk-batched's 128, of which up to 32 wait to be re-armed), a multiple of every batching
     * period (TinyNF's flush 8 and recycle 64, DPDK's re-arm and RS 32, ixy's batch 32 and
     * write-back group 4), so that each round leaves no partial batch behind.
     */
    public static final int DEFAULT_FRAMES_PER_PORT = 64;

    /** Packets in one {@link #round()} of a rig with the default population: every circulating frame once. */
    public static final int DEFAULT_ROUND_PACKETS = PORTS * DEFAULT_FRAMES_PER_PORT;

    /**
     * Simulated host memory for rings, buffers and pools: the largest need is dpdk's two-port mempool
     * (2 x 4858 mbufs of about 2.3 KiB, 22 MiB); allocating it zeroes it, which costs time on a busy
     * machine, so it is no larger than needed.
     */
    public static final long HOST_MEMORY_BYTES = 32L << 20;

    /** Consecutive empty polls after which a deferred round is declared stuck (frames were lost). */
    private static final int STUCK_POLLS = 10_000;

    /**
     * What to run.
     *
     * @param driver           registry name of the driver variant ({@code tinynf}, {@code dpdk}, ...)
     * @param nf               registry name of the NF ({@code nop-untouched}, {@code nop-write}, ...)
     * @param mode             {@link DrivingMode#DEFERRED} or {@link DrivingMode#THREADED}
     * @param framesPerPort    frames circulating into each port
     * @param accessCost       what a register access costs the driver's thread
     * @param idle             the driver's idle strategy
     * @param strict           the model's strict checks (for tests; off for measurements)
     * @param driverParameters overrides of the driver's parameters
     */
    public record Config(String driver, String nf, DrivingMode mode, int framesPerPort, AccessCost accessCost,
                         IdleStrategy idle, boolean strict, Map<String, String> driverParameters) {
        public Config {
            Objects.requireNonNull(driver, "driver");
            Objects.requireNonNull(nf, "nf");
            Objects.requireNonNull(accessCost, "accessCost");
            Objects.requireNonNull(idle, "idle");
            driverParameters = Map.copyOf(driverParameters);
            if (mode != DrivingMode.DEFERRED && mode != DrivingMode.THREADED) {
                throw new IllegalArgumentException("the rig runs DEFERRED (exact rounds) or THREADED (saturation): mode="
                        + mode);
            }
            if (framesPerPort < 1 || framesPerPort > PaperTraffic.MAX_FLOWS) {
                throw new IllegalArgumentException("frames per port must be in [1, " + PaperTraffic.MAX_FLOWS
                        + "] (one flow each): framesPerPort=" + framesPerPort);
            }
        }

        /** Deferred mode, {@value #DEFAULT_FRAMES_PER_PORT} frames per port, free register accesses, no checks. */
        public static Config deferred(final String driver, final String nf) {
            return new Config(driver, nf, DrivingMode.DEFERRED, DEFAULT_FRAMES_PER_PORT, AccessCost.NONE,
                    IdleStrategy.NONE, false, Map.of());
        }

        /** These settings in another mode. */
        public Config withMode(final DrivingMode newMode) {
            return new Config(driver, nf, newMode, framesPerPort, accessCost, idle, strict, driverParameters);
        }

        /** These settings with another population. */
        public Config withFramesPerPort(final int frames) {
            return new Config(driver, nf, mode, frames, accessCost, idle, strict, driverParameters);
        }

        /** These settings with another register access cost. */
        public Config withAccessCost(final AccessCost cost) {
            return new Config(driver, nf, mode, framesPerPort, cost, idle, strict, driverParameters);
        }

        /** These settings with another idle strategy for the driver. */
        public Config withIdle(final IdleStrategy strategy) {
            return new Config(driver, nf, mode, framesPerPort, accessCost, strategy, strict, driverParameters);
        }

        /** These settings with the model's strict checks on or off. */
        public Config withStrict(final boolean on) {
            return new Config(driver, nf, mode, framesPerPort, accessCost, idle, on, driverParameters);
        }

        /** These settings with driver parameter overrides. */
        public Config withDriverParameters(final Map<String, String> overrides) {
            return new Config(driver, nf, mode, framesPerPort, accessCost, idle, strict, overrides);
        }
    }

    private final Config config;
    private final ModelPorts assembly;
    /** The assembly's ports, for the refill's loop. */
    private final NicModel[] ports;
    private final Driver driver;
    /** The driver's register writes, posted between refills in a deferred rig without strict checks. */
    private final PostedWrites posted;
    private final DriverCounters counters;
    private final int roundPackets;
    private EngineThread engine;

    private DriverRig(final Config config) {
        this.config = config;
        this.assembly = ModelPorts.builder(PORTS).hostBytes(HOST_MEMORY_BYTES).strict(config.strict())
                .each((port, p) -> port.mode(config.mode()).accessCost(config.accessCost())).build();
        this.ports = assembly.all();
        try {
            final RegisterSpace[] registers = new RegisterSpace[PORTS];
            for (int i = 0; i < PORTS; i++) {
                registers[i] = ports[i].registers();
            }
            posted = new PostedWrites(registers);
            Cable.connect(ports[0], ports[1]);
            final NetworkFunction nf = NfRegistry.create(config.nf(), NfPorts.paper(PORTS), Map.of());
            driver = assembly.open(config.driver(), assembly.setup(nf, posted::view).withIdle(config.idle())
                    .withParameters(config.driverParameters()));
            counters = driver.counters();
            roundPackets = PORTS * config.framesPerPort();
            seed(NfRegistry.trafficLayer(config.nf()));
            // From the first round on, a doorbell costs the driver's thread what it costs on a card:
            // one store (PostedWrites says why). Strict rigs keep every check at the moment of the
            // write, and a threaded rig's engine must see the writes at once.
            posted.post(config.mode() == DrivingMode.DEFERRED && !config.strict());
        } catch (final RuntimeException e) {
            assembly.close();
            throw e;
        }
    }

    /**
     * Builds the ports, opens the driver with the NF, and injects the circulating frames; in
     * deferred mode they are then in the receive rings, ready for the first {@link #round()}; in
     * threaded mode they wait in the injection rings until {@link #startEngine}.
     *
     * @throws IllegalArgumentException for an unknown driver, NF or parameter
     */
    public static DriverRig open(final Config config) {
        return new DriverRig(config);
    }

    private void seed(final int layer) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment frame = arena.allocate(PaperTraffic.FRAME_LENGTH);
            for (int port = 0; port < PORTS; port++) {
                for (int flow = 0; flow < config.framesPerPort(); flow++) {
                    PaperTraffic.writeFrame(frame, 0, port, layer, flow);
                    if (!ports[port].receiveFromWire(frame, 0, PaperTraffic.FRAME_LENGTH)) {
                        throw new IllegalStateException("port " + port + " refused circulating frame " + flow
                                + "; fewer frames per port (framesPerPort=" + config.framesPerPort() + ")");
                    }
                }
            }
        }
        if (config.mode() == DrivingMode.DEFERRED) {
            refill();
        }
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /** The driver under test. */
    public Driver driver() {
        return driver;
    }

    /** Port {@code i} of the model. */
    public NicModel port(final int i) {
        return ports[i];
    }

    /** The ports together: their faults, their drops. */
    public ModelPorts ports() {
        return assembly;
    }

    /** Frames circulating into each port. */
    public int framesPerPort() {
        return config.framesPerPort();
    }

    /** Packets in one {@link #round()}: every circulating frame once. */
    public int roundPackets() {
        return roundPackets;
    }

    /**
     * Deferred mode: the driver receives and processes every circulating frame once, polling until
     * it has; the engines do not run, so this is the driver's work alone (plus its register
     * accesses, which are the driver's cost). Allocation-free.
     *
     * @return the polls it took
     * @throws IllegalStateException if the frames stop arriving (a frame was lost: the rig is broken)
     */
    public int round() {
        final Driver d = driver;
        final int target = roundPackets;
        int received = 0;
        int polls = 0;
        int empty = 0;
        while (received < target) {
            final int got = d.pollOnce();
            polls++;
            received += got;
            empty = got == 0 ? empty + 1 : 0;
            if (empty == STUCK_POLLS) {
                throw stuck(received);
            }
        }
        return polls;
    }

    private IllegalStateException stuck(final int received) {
        return new IllegalStateException(config.driver() + " with " + config.nf() + " received " + received + " of "
                + roundPackets + " circulating frames and then nothing for " + STUCK_POLLS + " polls: frames were lost"
                + " (card drops: port 0 " + assembly.cardDrops(0) + ", port 1 " + assembly.cardDrops(1) + "; NF drops "
                + counters.droppedByNf + "; transmit refusals " + counters.transmitFailed + "); use fewer frames per"
                + " port than the smallest receive ring");
    }

    /**
     * Deferred mode: runs the engines until nothing moves: every frame the driver queued is
     * transmitted, crosses the cable and is received into the other port's ring, ready for the
     * next {@link #round()}. The model's work, kept out of any measured region.
     *
     * @return descriptors and frames the engines processed
     */
    public int refill() {
        posted.deliver(); // the round's register writes reach the card before its engines run
        int total = 0;
        int work;
        do {
            work = 0;
            for (final NicModel port : ports) {
                work += port.step();
            }
            total += work;
        } while (work > 0);
        return total;
    }

    /**
     * Threaded mode: starts one engine thread for both ports, which receives the seeded frames.
     * The caller then runs the driver on a thread of its own.
     */
    public void startEngine(final IdleStrategy idle) {
        if (config.mode() != DrivingMode.THREADED) {
            throw new IllegalStateException("startEngine needs a THREADED rig; this one is " + config.mode());
        }
        if (engine != null) {
            throw new IllegalStateException("the engine thread is running already");
        }
        engine = new EngineThread("nic-model-engine", idle, ports);
        engine.start();
    }

    /** Threaded mode: stops the engine thread (nothing more is received or transmitted). */
    public void stopEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    /** The engine thread in threaded mode, or null. */
    public EngineThread engine() {
        return engine;
    }

    /** The driver's counters, pool traffic brought up to date (read them on the driver's thread or after it stopped). */
    public DriverCounters driverCounters() {
        return driver.counters();
    }

    /** Both ports' device-access counters, added up. */
    public DeviceAccessCounts deviceAccesses() {
        posted.deliver();
        final DriverCounters d = driver.counters();
        long doorbellWrites = 0;
        long otherWrites = 0;
        long reads = 0;
        long descriptorsRead = 0;
        long descriptorsWritten = 0;
        long dmaRead = 0;
        long dmaWritten = 0;
        long fetches = 0;
        long pcie = 0;
        for (final NicModel port : ports) {
            final ModelCounters c = port.counters();
            fetches += c.descriptorFetches();
            pcie += c.pcieTransactions();
            doorbellWrites += c.doorbellWrites();
            otherWrites += c.otherRegisterWrites();
            reads += c.registerReads();
            descriptorsRead += c.descriptorsRead();
            descriptorsWritten += c.descriptorsWritten();
            dmaRead += c.dmaBytesRead();
            dmaWritten += c.dmaBytesWritten();
        }
        return new DeviceAccessCounts(d.received, doorbellWrites, otherWrites, reads, descriptorsRead,
                descriptorsWritten, dmaRead, dmaWritten, d.poolGets, d.poolPuts, fetches, pcie);
    }

    /** Stops the engine thread, closes the driver and the ports, and frees the host memory. */
    @Override
    public void close() {
        posted.post(false);
        stopEngine();
        driver.close();
        assembly.close();
    }

    /**
     * Stops the engine thread and leaves the rest (the driver, the ports, the host memory) to the
     * JVM's exit: for a driver thread that did not stop when told to. The drivers read and write
     * the host memory by address ({@code DmaWords}), so freeing it under a running driver would
     * crash the JVM or corrupt whatever reuses it.
     */
    public void abandon() {
        posted.post(false);
        stopEngine();
    }

    @Override
    public String toString() {
        return "DriverRig[" + config.driver() + " + " + config.nf() + ", " + config.mode() + ", " + config.framesPerPort()
                + " frames per port, access cost " + config.accessCost() + "]";
    }
}
