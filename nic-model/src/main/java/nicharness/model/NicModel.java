package nicharness.model;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import nicharness.env.IdleStrategy;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Regs;

/**
 * One port of a software Intel 82599 ({@code nic-model/README.md}): a register file, a receive and a
 * transmit DMA engine, statistics, link state and a wire, behaving as the datasheet says so that
 * the drivers under test are the code that would drive the card.
 *
 * <p>Several ports share one {@link SimulatedDmaMemory} (TinyNF's receive ring on one card is the
 * transmit ring of another). Drivers see {@link #registers()}, the BAR0; the test or the tester
 * sees the wire: {@link #receiveFromWire} and {@link #connect}.
 *
 * <pre>{@code
 * var host = new SimulatedDmaMemory();
 * var nic = NicModel.builder(host).port(0).mac(0x02_00_00_00_00_01L).mode(DrivingMode.SYNCHRONOUS).strict(true).build();
 * var sink = new RecordingSink();
 * nic.connect(sink);
 * var port = new Port(0, nic.registers());   // what a driver opens
 * ...
 * nic.faults().assertNone();
 * }</pre>
 *
 * <p>This class builds the port and is its public face; it takes no part in the engines' work. The
 * parts share the port's state ({@link PortState}) and hold each other directly: the register view
 * ({@link ModelRegisters}) the engines and the {@link Scheduler}, the engines ({@link ReceiveEngine},
 * {@link TransmitEngine}) the {@link Wire}. The driving mode is the scheduler, chosen here once.
 *
 * <p>Threading: one driver thread uses {@link #registers()}; in synchronous mode the same or one
 * other thread injects frames; in threaded mode one tester thread injects through a lock-free
 * ring, and the engines run on an {@link EngineThread}.
 */
public final class NicModel implements AutoCloseable {
    /** Descriptors the receive descriptor cache of a queue holds (see {@code RxQueue.CACHE_SIZE} for the source). */
    public static final int RECEIVE_DESCRIPTOR_CACHE = RxQueue.CACHE_SIZE;

    /**
     * How long a global reset takes by default: 1 ms. The datasheet (4.6.3.2) asks the driver to
     * wait at least 10 ms after setting CTRL.RST and says the reset itself completes within about
     * 1 ms; every driver of ours sleeps 1 ms and polls (DeviceBringUp), as TinyNF sleeps 1 + 10 ms.
     */
    public static final long DEFAULT_RESET_NANOS = 1_000_000;
    /**
     * How long link training takes by default after a reset or AN restart: 10 ms, the order of
     * magnitude of an SFI link coming up (tens of milliseconds; Linux ixgbe polls LINKS every
     * 100 ms for up to IXGBE_LINK_UP_TIME, 9 s, and ixy for up to 10 s). Not a datasheet figure.
     */
    public static final long DEFAULT_LINK_UP_NANOS = 10_000_000;

    private final int port;
    private final long mac;
    private final boolean strict;
    private final PortState state;
    private final ResetAndLink link;
    private final Wire wire;
    private final ReceiveEngine rx;
    private final TransmitEngine tx;
    private final Engines engines;
    private final Scheduler scheduler;
    private final RegisterSpace driverView;
    private final AccessCost accessCost;
    private final HostBus bus;

    private NicModel(final Builder builder) {
        if (builder.interleaveSeed != null && builder.mode != DrivingMode.DEFERRED) {
            throw new IllegalArgumentException("interleave(seed) needs DEFERRED mode (the engines run when it says); mode="
                    + builder.mode);
        }
        this.port = builder.port;
        this.mac = builder.mac;
        this.strict = builder.strict;
        final RegisterFile file = builder.registerSegment != null ? new RegisterFile(builder.registerSegment)
                : new RegisterFile();
        this.link = new ResetAndLink(file, builder.resetNanos, builder.linkUpNanos);
        this.state = new PortState(port, file, builder.host, new Statistics(), new ModelCounters(), new Faults(port), link,
                strict, builder.ownershipAudit != null ? builder.ownershipAudit : strict, builder.registerSegment != null);
        this.wire = new Wire(port);
        this.bus = HostBus.of(builder.host);
        final ConflictDetector conflicts = new ConflictDetector(state, bus,
                builder.conflictDetector != null ? builder.conflictDetector : strict);
        this.rx = new ReceiveEngine(state, wire, conflicts, builder.mode == DrivingMode.THREADED);
        this.tx = new TransmitEngine(state, wire, rx, builder.idleFlush,
                builder.lineRateBitsPerSecond > 0 ? new LinePacer(builder.lineRateBitsPerSecond) : null);
        final RingRules rings = new RingRules(state, tx, conflicts, builder.settleReads);
        final FileBackedRegisters fileBacked = builder.registerSegment != null
                ? new FileBackedRegisters(state, rx, tx, rings) : null;
        // Synchronous mode receives inside receiveFromWire; the others queue frames for the engines.
        final FrameRing injection = builder.mode == DrivingMode.SYNCHRONOUS ? null
                : new FrameRing(builder.injectionCapacity, builder.maxInjectedFrame);
        final DeviceReset reset = new DeviceReset(state, mac, rx, tx, fileBacked, injection);
        this.engines = new Engines(rx, tx, wire, injection, fileBacked, reset);
        final Interleaving interleaving = builder.interleaveSeed == null ? null
                : new Interleaving(builder.interleaveSeed, engines);
        this.scheduler = switch (builder.mode) {
            case SYNCHRONOUS -> new SynchronousScheduler(port, engines, reset);
            case DEFERRED -> new DeferredScheduler(port, engines, reset, interleaving != null);
            case THREADED -> new ThreadedScheduler(port, engines, reset);
        };
        final ModelRegisters registers = new ModelRegisters(state, rx, tx, rings, scheduler, interleaving,
                builder.settleReads);
        for (final int[] s : builder.stuck) {
            registers.stick(s[0], s[1], s[2]);
        }
        this.accessCost = builder.accessCost;
        this.driverView = accessCost.isFree() ? registers : new CostedRegisterSpace(registers, accessCost);
        reset.run();
        registers.resetReadsLeft = builder.resetNeverCompletes ? Integer.MAX_VALUE : 0;
        bus.attach(tx);
    }

    /** A builder for a port whose DMA reaches {@code host}. */
    public static Builder builder(final SimulatedDmaMemory host) {
        return new Builder(host);
    }

    // ---- What the driver sees ---------------------------------------------------------------

    /**
     * The BAR0 the drivers use: {@code new Port(i, model.registers())}. With an {@link AccessCost}
     * each access busy-waits on the caller's thread as on a real card; one driver thread per port.
     */
    public RegisterSpace registers() {
        return driverView;
    }

    /** The cost of a register access this port charges its driver. */
    public AccessCost accessCost() {
        return accessCost;
    }

    // ---- The wire ---------------------------------------------------------------------------

    /** Injects a frame (without FCS) from the wire; see {@link #receiveFromWire(MemorySegment, long, int)}. */
    public boolean receiveFromWire(final byte[] frame) {
        return receiveFromWire(MemorySegment.ofArray(frame), 0, frame.length);
    }

    /**
     * Injects a frame of {@code length} bytes (without FCS) at {@code frame[offset]} from the wire.
     * In synchronous mode the receive DMA happens inside this call; in deferred and threaded mode
     * the frame is copied into the injection ring (single producer: one injecting thread per
     * port), unless the caller is this port's engine thread, which receives it at once.
     *
     * @return synchronous: whether the frame reached host memory; otherwise whether the ring took it
     */
    public boolean receiveFromWire(final MemorySegment frame, final long offset, final int length) {
        return receiveFromWire(frame, offset, length, 0L);
    }

    /**
     * Injects a frame with its scheduled arrival time in the {@link System#nanoTime()} domain, for
     * a tester that paces the wire itself; a {@link WireTap} records that time (0: the time the
     * engine takes the frame).
     */
    public boolean receiveFromWire(final MemorySegment frame, final long offset, final int length,
                                   final long arrivalNanos) {
        return scheduler.receiveFromWire(frame, offset, length, arrivalNanos);
    }

    /**
     * Receives a frame from the wire at once, for the thread that runs this port's engines: in
     * deferred mode the thread that calls {@link #step()} (the frames already waiting in the
     * injection ring are received first, so the order is the wire's), in threaded mode the engine
     * thread, in synchronous mode any thread (as {@link #receiveFromWire}). Deferred mode's
     * {@link #receiveFromWire} copies each frame into the injection ring and {@link #step()} copies
     * it again into host memory; a tester that steps the engines right after a burst anyway (the
     * simulated-time testbed) saves the first copy and the ring's bookkeeping, about 270 of the
     * model's instructions per frame ({@code callgrind-cost --model}).
     *
     * @return whether the frame reached host memory
     * @throws IllegalStateException on a threaded port, from any thread but its engine thread
     */
    public boolean receiveFromWireNow(final MemorySegment frame, final long offset, final int length) {
        return scheduler.receiveFromWireNow(frame, offset, length);
    }

    /**
     * Says that the frames this port's engine thread has just put on its wire (a tester running as
     * its idle strategy) are a burst, whose receive write-backs go now, together, rather than at
     * the start of the engine's next pass ({@code ReceiveEngine.publishWriteBacks}). Only on the
     * engine thread of a THREADED port; elsewhere a no-op: the other modes and injecting threads
     * write back per frame or in the engine's pass.
     */
    public void endOfWireBurst() {
        scheduler.endOfWireBurst();
    }

    /** Where this port's transmitted frames go; replaces the previous sink. */
    public void connect(final FrameSink sink) {
        wire.connect(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Plugs or pulls the cable ({@code nic-model/README.md}, "Statistics and link"). While down,
     * LINKS reads 0, arriving frames are
     * lost and the transmit engine holds its descriptors; when it comes back, they are sent.
     */
    public void setLinkUp(final boolean up) {
        link.cable(up);
        if (up) {
            scheduler.transmitMayStart();
        }
    }

    /**
     * Whether the link is up: the cable is in and link training after the last reset or
     * AUTOC.AN_RESTART has finished ({@link Builder#linkUpNanos}).
     */
    public boolean linkUp() {
        return link.up();
    }

    /**
     * Waits until the link is up, as a tester waits for its link partner before sending (MoonGen
     * waits for its ports' links); a driver that does not wait for the link (TinyNF) would
     * otherwise see the tester's first frames lost while the link trains, as on a card.
     *
     * @throws IllegalStateException if the link is not up within {@code timeoutNanos}
     */
    public void awaitLinkUp(final long timeoutNanos) {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (!link.up()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("port " + port + ": the link did not come up within " + timeoutNanos
                        + " ns (cable " + (link.cableIn() ? "in" : "pulled") + ")");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        scheduler.transmitMayStart();
    }

    /**
     * Holds this port's transmit engine back, even in synchronous mode (descriptors stay owned by
     * the device, as with a slow port), or lets it go, sending the backlog.
     */
    public void holdTransmit(final boolean hold) {
        tx.hold(hold);
        if (!hold) {
            scheduler.transmitMayStart();
        }
    }

    /**
     * Runs the engines once over everything pending: frames waiting in the injection ring, then
     * every enabled transmit queue until its head reaches its tail. The way time passes in
     * deferred mode; harmless in synchronous mode.
     *
     * @return descriptors and frames processed
     * @throws IllegalStateException in threaded mode, where the engine thread runs the engines
     */
    public int step() {
        return scheduler.step();
    }

    /**
     * Deferred mode: the transmit engine processes at most {@code descriptors} descriptors of
     * transmit queue {@code queue}, whether or not the port is held; for a testbed that times each
     * doorbell's frames by the DMA reads of their data, and holds the port otherwise.
     *
     * @return descriptors processed
     * @throws IllegalStateException in synchronous and threaded mode
     */
    public int transmit(final int queue, final int descriptors) {
        return scheduler.transmit(queue, descriptors);
    }

    // ---- Observation ------------------------------------------------------------------------

    /** Strict-mode faults recorded so far. */
    public Faults faults() {
        return state.faults();
    }

    /** Device accesses, for the per-packet-cost experiment. */
    public ModelCounters counters() {
        return state.counters();
    }

    /**
     * Reads a statistics register as a driver would, clearing it (8.2.3.23): for a 64-bit pair,
     * pass the low offset ({@code GORCL}, {@code QBTC_L(n)}, ...) to get the whole value.
     *
     * @throws IllegalArgumentException if {@code offset} is not a statistics register
     */
    public long readStatistic(final int offset) {
        final long value = state.stats().readAndClear(offset);
        return RegisterMap.kind(offset) == RegisterKind.STATISTIC ? value & 0xFFFFFFFFL : value;
    }

    /** Frames lost because the link was down, RXCTRL.RXEN was 0 or the receive queue was disabled. */
    public long droppedNotReceiving() {
        return rx.droppedNotReceiving;
    }

    /** Frames the L2 filter (FCTRL, RAL/RAH, MTA) did not accept. */
    public long droppedByFilter() {
        return rx.droppedByFilter;
    }

    /**
     * Frames waiting in the receive packet buffer for a receive descriptor (the queue has no
     * DROP_EN and RDT has not moved far enough yet).
     */
    public int framesInPacketBuffer() {
        return rx.framesWaiting();
    }

    /** Bytes the frames waiting in the receive packet buffer occupy (at most RXPBSIZE(0)). */
    public long bytesInPacketBuffer() {
        return rx.bytesWaiting();
    }

    /** XOFF frames this port has sent (link flow control, off unless the driver configures it). */
    public long xoffSent() {
        return rx.xoffSent;
    }

    /**
     * Who hears this port's XOFF and XON: the link partner, the tester, which should stop sending
     * to this port between the two (802.3x). Replaces the previous listener; null removes it.
     */
    public void flowControlListener(final FlowControlListener listener) {
        wire.flowControlListener(listener);
    }

    /** What the link partner of a port hears of its flow control. */
    @FunctionalInterface
    public interface FlowControlListener {
        /**
         * @param port  the port that sent the pause frame
         * @param pause true for XOFF (stop sending to the port), false for XON (go on)
         */
        void pause(int port, boolean pause);
    }

    /** Frames waiting in the injection ring (deferred and threaded modes). */
    public int pendingInjected() {
        return engines.pendingInjected();
    }

    /** The port index (STATUS.LAN_ID). */
    public int port() {
        return port;
    }

    /** The MAC address in RAL0/RAH0, first byte on the wire in bits 47:40. */
    public long mac() {
        return mac;
    }

    /** The driving mode. */
    public DrivingMode mode() {
        return scheduler.mode();
    }

    /**
     * Test hook (no driver here enables RSS or VMDq, so the card uses queue 0): steers every
     * received frame to receive queue {@code q}.
     */
    public void steerReceiveQueue(final int q) {
        Regs.RDT(q); // validates q
        rx.steer(q);
    }

    /** The statistics the engines count, for tests that set a counter directly. */
    Statistics statistics() {
        return state.stats();
    }

    // ---- Threaded mode ----------------------------------------------------------------------

    /**
     * Starts an engine thread for this port alone (busy-spinning). To run several ports on one
     * thread, build an {@link EngineThread} with all of them instead.
     *
     * @throws IllegalStateException unless the mode is THREADED and no engine thread is attached
     */
    public void start() {
        final EngineThread own = new EngineThread("nic-model-port-" + port, IdleStrategy.BUSY_SPIN, this);
        own.start();
    }

    /**
     * The scheduler an engine thread drives.
     *
     * @throws IllegalStateException unless the mode is THREADED
     */
    ThreadedScheduler threaded() {
        return scheduler.threaded();
    }

    /** The engine thread running this port, or null. */
    public EngineThread engineThread() {
        return scheduler.engineThread();
    }

    /** Stops this port's engine thread, if any, and detaches the port from its host memory. */
    @Override
    public void close() {
        final EngineThread e = scheduler.engineThread();
        if (e != null) {
            e.close();
        }
        bus.detach(tx);
        wire.close();
    }

    // ---- Pcap -------------------------------------------------------------------------------

    /** Records frames on this port's wire (see {@link WireTap}); replaces a previous tap, closing it. */
    public void tap(final WireTap newTap) {
        wire.tap(newTap);
    }

    @Override
    public String toString() {
        return String.format("NicModel[port=%d, mac=%012x, mode=%s, strict=%b]", port, mac, mode(), strict);
    }

    /** Builds a {@link NicModel}; every setting has a default suited to unit tests. */
    public static final class Builder {
        private final SimulatedDmaMemory host;
        private int port;
        private long mac = -1;
        private DrivingMode mode = DrivingMode.SYNCHRONOUS;
        private boolean strict = true;
        private Boolean ownershipAudit;
        private Boolean conflictDetector;
        private int settleReads;
        private Long interleaveSeed;
        private long resetNanos = DEFAULT_RESET_NANOS;
        private long linkUpNanos = DEFAULT_LINK_UP_NANOS;
        private boolean resetNeverCompletes;
        private boolean idleFlush;
        private long lineRateBitsPerSecond;
        private int injectionCapacity = 4096;
        private int maxInjectedFrame = 2048 - FrameRing.HEADER;
        private MemorySegment registerSegment;
        private AccessCost accessCost = AccessCost.NONE;
        private final java.util.List<int[]> stuck = new java.util.ArrayList<>();

        private Builder(final SimulatedDmaMemory host) {
            this.host = Objects.requireNonNull(host, "host");
        }

        /** The port index, reported in STATUS.LAN_ID (default 0). */
        public Builder port(final int index) {
            if (index < 0) {
                throw new IllegalArgumentException("port index must be non-negative: index=" + index);
            }
            this.port = index;
            return this;
        }

        /** The MAC address (48 bits, first byte on the wire in bits 47:40); default 02:00:00:00:00:{port}. */
        public Builder mac(final long mac48) {
            if ((mac48 >>> 48) != 0) {
                throw new IllegalArgumentException(String.format("a MAC address has 48 bits: mac=0x%x", mac48));
            }
            this.mac = mac48;
            return this;
        }

        /** When the engines run (default SYNCHRONOUS). */
        public Builder mode(final DrivingMode drivingMode) {
            this.mode = Objects.requireNonNull(drivingMode, "mode");
            return this;
        }

        /** Record driver protocol violations as {@link Fault}s (default true). */
        public Builder strict(final boolean on) {
            this.strict = on;
            return this;
        }

        /**
         * Snapshot descriptors at each doorbell and check them when the engine uses them
         * ({@link FaultKind#DESCRIPTOR_CHANGED_WHILE_OWNED}). Default: on when strict.
         */
        public Builder ownershipAudit(final boolean on) {
            this.ownershipAudit = on;
            return this;
        }

        /**
         * Check at each RDT write, and again before each receive DMA, that no transmit queue on this
         * host memory still owns the buffer
         * ({@link FaultKind#RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER}). Default: on when strict, in
         * every mode
         * (transmit heads only move forward, so a head read after the driver's is never staler).
         */
        public Builder conflictDetector(final boolean on) {
            this.conflictDetector = on;
            return this;
        }

        /**
         * Makes ordering bugs visible, deterministically for {@code seed}: in DEFERRED mode, the
         * engines (receive, descriptor fetch, transmit, write-back) run before a seeded one in
         * {@value Interleaving#ODDS} of the driver's register accesses, and a doorbell no
         * longer fetches at once. So a descriptor written after its doorbell, a buffer freed before
         * its transmit completed, or a tail computed from a stale head meets an engine that acted
         * in between, as on a card, instead of one that finished inside the doorbell.
         */
        public Builder interleave(final long seed) {
            this.interleaveSeed = seed;
            return this;
        }

        /**
         * Test hook: CTRL.RST and the queue ENABLE bits take {@code reads} reads to settle, to
         * exercise the drivers' polling loops. Default 0.
         */
        public Builder settleReads(final int reads) {
            if (reads < 0) {
                throw new IllegalArgumentException("settle reads must be non-negative: reads=" + reads);
            }
            this.settleReads = reads;
            return this;
        }

        /**
         * How long a global reset (CTRL.RST or LNK_RST) takes: CTRL.RST reads 1, EEC.AUTO_RD and
         * RDRXCTL.DMAIDONE read 0, and register writes are lost until it completes (default
         * {@link NicModel#DEFAULT_RESET_NANOS}); 0 completes it at once.
         */
        public Builder resetNanos(final long nanos) {
            if (nanos < 0) {
                throw new IllegalArgumentException("reset time must be non-negative: nanos=" + nanos);
            }
            this.resetNanos = nanos;
            return this;
        }

        /**
         * How long link training takes after a reset completes or after AUTOC.AN_RESTART: LINKS
         * reads 0, arriving frames are lost and transmit waits meanwhile (default
         * {@link NicModel#DEFAULT_LINK_UP_NANOS}); 0 keeps the link up throughout.
         */
        public Builder linkUpNanos(final long nanos) {
            if (nanos < 0) {
                throw new IllegalArgumentException("link-up time must be non-negative: nanos=" + nanos);
            }
            this.linkUpNanos = nanos;
            return this;
        }

        /** Reset and link complete at once: unit tests of other behaviours that bring the card up without sleeping. */
        public Builder instantResetAndLink() {
            return resetNanos(0).linkUpNanos(0);
        }

        /** Test hook: a card whose CTRL.RST never reads back 0. */
        public Builder resetNeverCompletes() {
            this.resetNeverCompletes = true;
            return this;
        }

        /**
         * Test hook: a card on which the bits {@code mask} of the register at {@code offset}
         * always read as {@code value} (for example EEC.AUTO_RD stuck at 0).
         */
        public Builder stuckBits(final int offset, final int mask, final int value) {
            stuck.add(new int[] {offset, mask, value});
            return this;
        }

        /**
         * Write back a partial WTHRESH group once the queue runs dry (default false). A card does
         * this only when its interrupt timer fires (7.2.3.5.1), and every driver of ours masks
         * interrupts, so a partial group waits for the next descriptors; on for tests that want the
         * old model's behaviour.
         */
        public Builder transmitIdleFlush(final boolean on) {
            this.idleFlush = on;
            return this;
        }

        /**
         * Pace the transmit side at this line rate (0 = as fast as the engine goes, the default):
         * frames leave back to back on a schedule the sink sees as their transmit times, and the
         * engine stops once it is a full transmit packet buffer (160 KiB) ahead of the wire. Meant
         * for threaded mode. 10 Gb/s is {@code 10_000_000_000L}.
         */
        public Builder lineRate(final long bitsPerSecond) {
            if (bitsPerSecond < 0) {
                throw new IllegalArgumentException("line rate must be non-negative: bitsPerSecond=" + bitsPerSecond);
            }
            this.lineRateBitsPerSecond = bitsPerSecond;
            return this;
        }

        /** Frames the injection ring holds in deferred and threaded mode (a power of two, default 4096). */
        public Builder injectionCapacity(final int frames) {
            this.injectionCapacity = frames;
            return this;
        }

        /**
         * What a register access costs the driver's thread (default {@link AccessCost#NONE}, as unit
         * tests want; performance runs pass {@link AccessCost#PCIE_MEASURED}).
         */
        public Builder accessCost(final AccessCost cost) {
            this.accessCost = Objects.requireNonNull(cost, "cost");
            return this;
        }

        /** The BAR0 storage, for a file-backed model (128 KiB), for a file-backed model. */
        public Builder registerMemory(final MemorySegment bar0) {
            this.registerSegment = bar0;
            return this;
        }

        /** The port. */
        public NicModel build() {
            if (mac < 0) {
                mac = 0x02_00_00_00_00_00L | (port & 0xFF);
            }
            return new NicModel(this);
        }
    }
}
