package nicharness.model;

import nicharness.env.IdleStrategy;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Regs;
import java.util.SplittableRandom;

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
    /** Frames the engine thread takes from the injection ring per pass. */
    private static final int RECEIVE_BURST = 64;
    /**
     * Descriptors per transmit queue per pass, so that queues are served round-robin ([MODEL]: the
     * datasheet's arbitration is not modelled).
     */
    private static final int TRANSMIT_BURST = 64;

    private final int port;
    private final long mac;
    private final DrivingMode mode;
    private final boolean strict;
    private final boolean audit;
    private final boolean conflictDetector;
    private final int settleReads;
    /** Seeded interleaving ({@link Builder#interleave}): when the engines act between driver accesses; null when off. */
    private final SplittableRandom interleave;
    /** Whether {@link #interleave} is running the engines now (no re-entry from their own accesses). */
    private boolean interleaving;
    private final SimulatedDmaMemory host;
    private final RegisterFile file;
    private final Statistics stats = new Statistics();
    private final Faults faults = new Faults();
    private final ModelCounters counters = new ModelCounters();
    private final ModelRegisters registers;
    private final RegisterSpace driverView;
    private final AccessCost accessCost;
    private final ReceiveEngine rx;
    private final TransmitEngine tx;
    private final FrameRing injection;
    private final HostBus bus;
    /** File-backed registers that an outside driver writes directly, looked at every pass; else null. */
    private final FileBackedRegisters fileBacked;

    /** The cable: whether the link partner is there ({@link #setLinkUp}). */
    private volatile boolean linkUp = true;
    /** How long a global reset takes, and link training after it or after AN_RESTART. */
    private final long resetNanos;
    private final long linkUpNanos;
    /** {@link System#nanoTime()} at which the reset in progress completes; meaningful while {@link #resetting}. */
    private volatile long resetDoneAt;
    private volatile boolean resetting;
    /** {@link System#nanoTime()} at which link training completes; meaningful while {@link #training}. */
    private volatile long linkTrainedAt;
    private volatile boolean training;
    private volatile boolean transmitHeld;
    /** The enabled transmit queues, copy-on-write: the engine thread iterates it without a lock. */
    private volatile TxQueue[] activeTx = new TxQueue[0];
    private volatile EngineThread engine;
    private volatile WireTap tap;
    /** Told when this port sends XOFF or XON (link flow control); null: nobody listens. */
    private volatile FlowControlListener flowControlListener;

    private NicModel(final Builder builder) {
        this.port = builder.port;
        this.mac = builder.mac;
        this.mode = builder.mode;
        this.strict = builder.strict;
        this.audit = builder.ownershipAudit != null ? builder.ownershipAudit : builder.strict;
        this.conflictDetector = builder.conflictDetector != null ? builder.conflictDetector : builder.strict;
        this.settleReads = builder.settleReads;
        if (builder.interleaveSeed != null && builder.mode != DrivingMode.DEFERRED) {
            throw new IllegalArgumentException("interleave(seed) needs DEFERRED mode (the engines run when it says); mode="
                    + builder.mode);
        }
        this.interleave = builder.interleaveSeed == null ? null : new SplittableRandom(builder.interleaveSeed);
        this.resetNanos = builder.resetNanos;
        this.linkUpNanos = builder.linkUpNanos;
        this.host = builder.host;
        this.file = builder.registerSegment != null ? new RegisterFile(builder.registerSegment) : new RegisterFile();
        this.registers = new ModelRegisters(this);
        this.accessCost = builder.accessCost;
        this.driverView = accessCost.isFree() ? registers : new CostedRegisterSpace(registers, accessCost);
        this.rx = new ReceiveEngine(this);
        this.tx = new TransmitEngine(this, builder.idleFlush,
                builder.lineRateBitsPerSecond > 0 ? new LinePacer(builder.lineRateBitsPerSecond) : null);
        this.injection = mode == DrivingMode.SYNCHRONOUS ? null
                : new FrameRing(builder.injectionCapacity, builder.maxInjectedFrame);
        for (final int[] s : builder.stuck) {
            registers.stick(s[0], s[1], s[2]);
        }
        this.bus = HostBus.of(host);
        this.fileBacked = builder.registerSegment != null ? new FileBackedRegisters(this, registers) : null;
        reset();
        registers.resetReadsLeft = builder.resetNeverCompletes ? Integer.MAX_VALUE : 0;
        bus.attach(this);
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
        if (mode == DrivingMode.SYNCHRONOUS) {
            return receiveNow(frame, offset, length, arrivalNanos);
        }
        final EngineThread e = engine;
        if (e != null && e.onEngineThread()) {
            return receiveNow(frame, offset, length, arrivalNanos);
        }
        return injection.offer(frame, offset, length, arrivalNanos);
    }

    private boolean receiveNow(final MemorySegment frame, final long offset, final int length,
                               final long arrivalNanos) {
        final WireTap t = tap;
        if (t != null) {
            t.received(frame, offset, length, arrivalNanos != 0 ? arrivalNanos : System.nanoTime());
        }
        return rx.receive(frame, offset, length);
    }

    /** Where this port's transmitted frames go; replaces the previous sink. */
    public void connect(final FrameSink sink) {
        tx.connect(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * Plugs or pulls the cable ({@code nic-model/README.md}, "Statistics and link"). While down,
     * LINKS reads 0, arriving frames are
     * lost and the transmit engine holds its descriptors; when it comes back, they are sent.
     */
    public void setLinkUp(final boolean up) {
        linkUp = up;
        file.release(Regs.LINKS, linkUp() ? linksUp() : 0);
        if (up) {
            transmitMayStart();
        }
    }

    /**
     * Whether the link is up: the cable is in and link training after the last reset or
     * AUTOC.AN_RESTART has finished ({@link Builder#linkUpNanos}).
     */
    public boolean linkUp() {
        if (training) {
            if (System.nanoTime() - linkTrainedAt < 0) {
                return false;
            }
            training = false;
            file.release(Regs.LINKS, linkUp ? linksUp() : 0);
        }
        return linkUp;
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
        while (!linkUp()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("port " + port + ": the link did not come up within " + timeoutNanos
                        + " ns (cable " + (linkUp ? "in" : "pulled") + ")");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        if (mode == DrivingMode.SYNCHRONOUS) {
            transmitMayStart();
        }
    }

    /** Whether a global reset is still in progress: CTRL.RST reads 1 and writes are lost (4.6.3.2). */
    boolean resetInProgress() {
        if (resetting) {
            if (System.nanoTime() - resetDoneAt < 0) {
                return true;
            }
            resetting = false;
        }
        return false;
    }

    /** AUTOC.AN_RESTART: the link goes down and trains again (4.6.4). */
    void restartLink() {
        startLinkTraining();
    }

    private void startLinkTraining() {
        if (linkUpNanos > 0) {
            linkTrainedAt = System.nanoTime() + resetNanos + linkUpNanos;
            training = true;
            file.release(Regs.LINKS, 0);
        }
    }

    /**
     * Holds this port's transmit engine back, even in synchronous mode (descriptors stay owned by
     * the device, as with a slow port), or lets it go, sending the backlog.
     */
    public void holdTransmit(final boolean hold) {
        transmitHeld = hold;
        if (!hold) {
            transmitMayStart();
        }
    }

    boolean transmitHeld() {
        return transmitHeld;
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
        if (mode == DrivingMode.THREADED) {
            throw new IllegalStateException("step() drives the deferred and synchronous modes; port " + port
                    + " is THREADED and its engine thread runs the engines");
        }
        if (fileBacked != null) {
            fileBacked.observe();
        }
        int work = rx.drainPacketBuffer();
        work += drainInjection(Integer.MAX_VALUE);
        if (tx.mayTransmit()) {
            final long now = System.nanoTime();
            for (final TxQueue queue : activeTx) {
                work += tx.drain(queue, Integer.MAX_VALUE, now);
            }
        }
        return work;
    }

    /**
     * Deferred mode: the transmit engine processes at most {@code descriptors} descriptors of
     * transmit queue {@code queue}, whether or not the port is held; for a testbed that times each
     * doorbell's frames by the DMA reads of their data, and holds the port otherwise.
     *
     * @return descriptors processed
     */
    public int transmit(final int queue, final int descriptors) {
        if (mode != DrivingMode.DEFERRED) {
            throw new IllegalStateException("transmit(queue, descriptors) drives the deferred mode; port " + port
                    + " is " + mode);
        }
        if ((registerFile().opaque(Regs.DMATXCTL) & Regs.DMATXCTL_.TE) == 0 || !linkUp()) {
            return 0;
        }
        return tx.drain(tx.queue(queue), descriptors, System.nanoTime());
    }

    /**
     * Whether this port learns of doorbells by looking at its file-backed registers rather than by
     * being called at each register write: then the engines serve up to the tails it has seen.
     */
    boolean observesDoorbells() {
        return fileBacked != null;
    }

    /** One pass of the engines for the engine thread: a bounded burst of each (an agent's duty cycle). */
    int doWork(final long nowNanos) {
        if (fileBacked != null) {
            fileBacked.observe();
        }
        int work = rx.drainPacketBuffer();
        work += drainInjection(RECEIVE_BURST);
        if (tx.mayTransmit()) {
            for (final TxQueue queue : activeTx) {
                work += tx.drain(queue, TRANSMIT_BURST, nowNanos);
            }
        }
        return work;
    }

    private int drainInjection(final int budget) {
        if (injection == null) {
            return 0;
        }
        int frames = 0;
        while (frames < budget) {
            final long slot = injection.peek();
            if (slot < 0) {
                break;
            }
            receiveNow(injection.segment(), FrameRing.frameOffset(slot), injection.lengthAt(slot),
                    injection.arrivalAt(slot));
            injection.release();
            frames++;
        }
        return frames;
    }

    // ---- Observation ------------------------------------------------------------------------

    /** Strict-mode faults recorded so far. */
    public Faults faults() {
        return faults;
    }

    /** Device accesses, for the per-packet-cost experiment. */
    public ModelCounters counters() {
        return counters;
    }

    /**
     * Reads a statistics register as a driver would, clearing it (8.2.3.23): for a 64-bit pair,
     * pass the low offset ({@code GORCL}, {@code QBTC_L(n)}, ...) to get the whole value.
     *
     * @throws IllegalArgumentException if {@code offset} is not a statistics register
     */
    public long readStatistic(final int offset) {
        final long value = stats.readAndClear(offset);
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
        flowControlListener = listener;
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

    /** The receive engine sent XOFF ({@code true}) or XON. */
    void flowControl(final boolean pause) {
        final FlowControlListener l = flowControlListener;
        if (l != null) {
            l.pause(port, pause);
        }
    }

    /** An RDT write: in synchronous mode, frames waiting in the packet buffer take the new descriptors. */
    void receiveTailMoved() {
        if (mode == DrivingMode.SYNCHRONOUS) {
            rx.drainPacketBuffer();
        }
    }

    /** Frames waiting in the injection ring (deferred and threaded modes). */
    public int pendingInjected() {
        return injection == null ? 0 : injection.size();
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
        return mode;
    }

    /**
     * Test hook (no driver here enables RSS or VMDq, so the card uses queue 0): steers every
     * received frame to receive queue {@code q}.
     */
    public void steerReceiveQueue(final int q) {
        Regs.RDT(q); // validates q
        rx.steer(q);
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

    void attach(final EngineThread engineThread) {
        if (mode != DrivingMode.THREADED) {
            throw new IllegalStateException("an engine thread drives THREADED ports only; port " + port + " is " + mode
                    + ": build it with mode(DrivingMode.THREADED)");
        }
        if (engine != null) {
            throw new IllegalStateException("port " + port + " already has an engine thread: " + engine);
        }
        engine = engineThread;
    }

    void detach(final EngineThread engineThread) {
        if (engine == engineThread) {
            engine = null;
        }
    }

    /** The engine thread running this port, or null. */
    public EngineThread engineThread() {
        return engine;
    }

    /** Stops this port's engine thread, if any, and detaches the port from its host memory. */
    @Override
    public void close() {
        final EngineThread e = engine;
        if (e != null) {
            e.close();
        }
        bus.detach(this);
        final WireTap t = tap;
        if (t != null) {
            t.close();
        }
    }

    // ---- Pcap -------------------------------------------------------------------------------

    /** Records frames on this port's wire (see {@link WireTap}); replaces a previous tap, closing it. */
    public void tap(final WireTap newTap) {
        final WireTap old = tap;
        tap = newTap;
        if (old != null && old != newTap) {
            old.close();
        }
    }

    // ---- Internal: device behaviour shared by the register view and the engines ------------

    /** 8.2.3.1.1 CTRL: RST and LNK_RST reset the device and self-clear; master disable drives STATUS. */
    void writeCtrl(final int value) {
        if ((value & (Regs.CTRL_.RST | Regs.CTRL_.LNK_RST)) != 0) {
            // Both reset bits (datasheet 4.2.1.6.1) reset every register here (a model simplification for
            // LNK_RST), any number of times; CTRL itself returns to 0.
            reset();
            registers.resetReadsLeft = Math.max(registers.resetReadsLeft, settleReads);
            if (resetNanos > 0) {
                resetDoneAt = System.nanoTime() + resetNanos;
                resetting = true;
            }
            startLinkTraining();
            return;
        }
        file.release(Regs.CTRL, value);
        // 5.2.5.3.2: with master disable set and no request pending, STATUS.GIO reads 0.
        final int status = file.plain(Regs.STATUS);
        file.release(Regs.STATUS, (value & Regs.CTRL_.MASTER_DISABLE) != 0
                ? status & ~Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS
                : status | Regs.STATUS_.PCIE_MASTER_ENABLE_STATUS);
    }

    /**
     * Every register to its reset value (datasheet 4.2.1.6.1), engines and statistics cleared; host
     * memory untouched.
     */
    void reset() {
        final EngineThread e = engine;
        final boolean pause = e != null && !e.onEngineThread();
        if (pause) {
            e.pause();
        }
        try {
            file.zero();
            RegisterMap.applyResetValues(file);
            file.release(Regs.STATUS, file.plain(Regs.STATUS) | (port << 2));
            // 8.2.3.7.9/10: RAL0/RAH0 are loaded from the EEPROM; the first byte is bits 7:0 of RAL.
            int low = 0;
            for (int i = 0; i < 4; i++) {
                low |= (int) ((mac >>> (40 - 8 * i)) & 0xFF) << (8 * i);
            }
            final int high = (int) ((mac >>> 8) & 0xFF) | (int) ((mac & 0xFF) << 8);
            file.release(Regs.RAL(0), low);
            file.release(Regs.RAH(0), high | Regs.RAH_.AV);
            file.release(Regs.LINKS, linkUp ? linksUp() : 0);
            if (fileBacked != null) {
                fileBacked.afterReset();
            }
            rx.reset();
            tx.reset();
            activeTx = new TxQueue[0];
            stats.clear();
            if (injection != null) {
                injection.discardAll();
            }
        } finally {
            if (pause) {
                e.resume();
            }
        }
    }

    private static int linksUp() {
        return Regs.LINKS_.LINK_UP | (Regs.LINKS_.LINK_SPEED_10G << 28);
    }

    /**
     * Seeded interleaving: before a driver's register access takes effect, the engines may run
     * ({@link #step()}), one time in {@link #INTERLEAVE_ODDS}, as a card's engines run whenever they
     * like between a driver's accesses. Deterministic for a seed.
     */
    void beforeDriverAccess() {
        if (interleave != null && !interleaving && interleave.nextInt(INTERLEAVE_ODDS) == 0) {
            interleaving = true;
            try {
                step();
            } finally {
                interleaving = false;
            }
        }
    }

    /** Under {@link Builder#interleave}, the engines run before one driver register access in this many. */
    static final int INTERLEAVE_ODDS = 4;

    /**
     * A TDT write: in synchronous mode, transmit until TDH == TDT ({@code nic-model/README.md},
     * "Driving modes").
     */
    void doorbell(final TxQueue queue) {
        if (mode == DrivingMode.SYNCHRONOUS && tx.mayTransmit()) {
            tx.drain(queue, Integer.MAX_VALUE, System.nanoTime());
        } else if (mode == DrivingMode.DEFERRED && interleave == null && tx.mayFetch()) {
            // The fetch answers the doorbell, even while the port is held (a card's fetch engine
            // does not wait for the MAC); processing waits for step(). Interleaved strict mode
            // fetches at its own seeded points instead.
            tx.fetchOnDoorbell(queue);
        }
    }

    /** TE or ENABLE went to 1, the link came up or the hold was lifted: send any backlog. */
    void transmitMayStart() {
        if (mode == DrivingMode.SYNCHRONOUS && tx.mayTransmit()) {
            final long now = System.nanoTime();
            for (final TxQueue queue : activeTx) {
                tx.drain(queue, Integer.MAX_VALUE, now);
            }
        }
    }

    /** Rebuilds the list of enabled transmit queues (configuration time only). */
    void transmitQueuesChanged() {
        final java.util.List<TxQueue> active = new java.util.ArrayList<>();
        for (int q = 0; q < Regs.QUEUE_COUNT; q++) {
            if (tx.queue(q).enabled) {
                active.add(tx.queue(q));
            }
        }
        activeTx = active.toArray(new TxQueue[0]);
    }

    /** A frame left on the wire: tell the tap. */
    void transmitted(final MemorySegment data, final long offset, final int length, final long nowNanos) {
        final WireTap t = tap;
        if (t != null) {
            t.transmitted(data, offset, length, nowNanos);
        }
    }

    /** HLREG0.LPBK: a transmitted frame comes back into this port's receive side. */
    void loopBack(final MemorySegment data, final long offset, final int length) {
        rx.receive(data, offset, length);
    }

    /**
     * {@link FaultKind#RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER}: before the receive engine writes the
     * buffer at {@code address} through
     * descriptor {@code index} of its queue, no transmit queue on any port sharing this host
     * memory may still own that buffer or that descriptor.
     */
    void checkConflict(final long address, final RxQueue queue, final int index) {
        if (!conflictDetector) {
            return;
        }
        final long descriptorAddress = queue.ringAddress + (long) index * 16;
        for (final NicModel other : bus.ports()) {
            for (final TxQueue txQueue : other.activeTx) {
                final int owner = other.tx.ownerOf(txQueue, address, descriptorAddress);
                if (owner >= 0) {
                    if (fault(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER)) {
                        detail(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER, String.format(
                            "receivePort=%d receiveQueue=%d receiveDescriptor=%d bufferAddress=0x%x RDT=%d "
                                    + "transmitPort=%d transmitQueue=%d transmitDescriptor=%d TDH=%d TDT=%d",
                            port, queue.index, index, address, file.plain(queue.rdt), other.port, txQueue.index, owner,
                            other.file.plain(txQueue.tdh), other.file.plain(txQueue.tdt)));
                    }
                    return;
                }
            }
        }
    }

    /**
     * {@link FaultKind#RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER} at the doorbell: the RDT write from
     * {@code oldTail} to {@code newTail} hands the
     * card descriptor {@code index}, whose buffer is {@code address}; no transmit queue on any port
     * sharing this host memory may still own that buffer, or the descriptor itself (a shared ring).
     * The check a driver author wants: it names RDT, the write that was wrong, however long the card
     * then takes to receive into the buffer. Sound in threaded mode too: transmit heads only move
     * forward, so the heads read here are at least those the driver read before writing RDT.
     */
    void checkConflictAtTail(final long address, final RxQueue queue, final int index, final int oldTail,
                             final int newTail) {
        if (!conflictDetector) {
            return;
        }
        final long descriptorAddress = queue.ringAddress + (long) index * 16;
        for (final NicModel other : bus.ports()) {
            for (final TxQueue txQueue : other.activeTx) {
                final int owner = other.tx.ownerOf(txQueue, address, descriptorAddress);
                if (owner >= 0) {
                    if (fault(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER)) {
                        detail(FaultKind.RECEIVE_INTO_QUEUED_TRANSMIT_BUFFER, String.format(
                                "register=RDT receivePort=%d receiveQueue=%d oldTail=%d newTail=%d receiveDescriptor=%d "
                                        + "bufferAddress=0x%x transmitPort=%d transmitQueue=%d transmitDescriptor=%d "
                                        + "TDH=%d TDT=%d",
                                port, queue.index, oldTail, newTail, index, address, other.port, txQueue.index, owner,
                                other.file.plain(txQueue.tdh), other.file.plain(txQueue.tdt)));
                    }
                    return;
                }
            }
        }
    }

    /**
     * Counts one fault of {@code kind}; true if it is the first of its kind, when the caller
     * formats its context and gives it to {@link #detail}. Only that first one allocates.
     */
    boolean fault(final FaultKind kind) {
        return faults.occurred(kind);
    }

    /** Why [address, address + length) is not DMA memory, in the host memory's words (the first fault of a kind only). */
    String notDmaMemory(final long address, final long length) {
        try {
            host.checkedOffset(address, length);
            return "allocated";
        } catch (final nicharness.env.DmaFaultException e) {
            return e.getMessage();
        }
    }

    /** The context of the first fault of {@code kind}, kept with it. */
    void detail(final FaultKind kind, final String context) {
        faults.keep(new Fault(kind, port, context));
    }

    RegisterFile registerFile() {
        return file;
    }

    SimulatedDmaMemory host() {
        return host;
    }

    Statistics statistics() {
        return stats;
    }

    boolean strict() {
        return strict;
    }

    boolean ownershipAudit() {
        return audit;
    }

    int settleReads() {
        return settleReads;
    }

    ReceiveEngine rx() {
        return rx;
    }

    TransmitEngine tx() {
        return tx;
    }

    @Override
    public String toString() {
        return String.format("NicModel[port=%d, mac=%012x, mode=%s, strict=%b]", port, mac, mode, strict);
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
         * {@value NicModel#INTERLEAVE_ODDS} of the driver's register accesses, and a doorbell no
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
