package nicharness.bench.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nicharness.driver.Driver;
import nicharness.env.DmaRegion;
import nicharness.env.IdleStrategy;
import nicharness.env.RegisterSpace;
import nicharness.env.SimulatedDmaMemory;
import nicharness.ixgbe.Descriptor;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.model.DrivingMode;
import nicharness.model.EngineThread;
import nicharness.model.FrameSink;
import nicharness.model.NicModel;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import nicharness.testbed.ModelPorts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many packets per microsecond do two ports of the model and a tester forward when they
 * share one core (the engine thread) and a driver has the other? Throughput in operations per
 * microsecond is Mpps forwarded, both directions together; both ports at line rate with
 * minimum-size frames is 29.76.
 *
 * <p>The engine thread runs both ports' engines and, as its idle strategy, a flooding tester: after
 * every pass it injects up to {@link #BURST} 60-byte frames of the paper's traffic into each port,
 * as the harness's tester does on the same thread, with no pacing (the offered load is whatever the
 * thread can inject, so the engine thread is always the limit), and it counts what the ports
 * transmit. The benchmark thread is the driver:
 * <ul>
 * <li>{@code stand-in}: the least a driver can do, TinyNF's merged ring without an NF. Port d's
 *     receive ring is port 1 - d's transmit ring (legacy descriptors, transmit head write-back);
 *     each received descriptor is handed straight back by rewriting its qword1 as a transmit
 *     command, TDT moves once per burst, and RDT follows the transmit head.</li>
 * <li>{@code tinynf}: the TinyNF driver with the no-op NF, as the harness runs it.</li>
 * </ul>
 * An operation is one packet the driver forwarded; in a steady state that is what the ports
 * transmit (printed at the end of each trial as the tester's count, with the card's drops).
 *
 * <p>On a 2-core machine the two threads, JMH and the JIT share two cores: repeat with several
 * forks and read the spread.
 *
 * <p>HOW TO RUN: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/classes:<dependencies>
 * org.openjdk.jmh.Main ForwardingBenchmark -f 3 -wi 2 -w 1 -i 3 -r 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC"})
@State(Scope.Benchmark)
public class ForwardingBenchmark {
    /** Packets per benchmark operation group: the driver's burst. */
    static final int BATCH = 32;
    /** Frames the tester injects per port per pass of the engines, as the harness's tester does. */
    static final int BURST = 32;
    static final int RING = 1024;
    static final int LAYER = 2;

    @Param({"stand-in", "tinynf"})
    public String driver;

    private ModelPorts assembly;
    private NicModel[] ports;
    private FloodTester tester;
    private EngineThread engine;
    private StandIn standIn;
    private Driver tinynf;
    private long carry;

    @Setup(Level.Trial)
    public void setUp() {
        assembly = ModelPorts.builder(2).hostBytes(32L << 20).strict(false)
                .each((port, p) -> port.mode(DrivingMode.THREADED).injectionCapacity(2)).build();
        ports = assembly.all();
        tester = new FloodTester(ports);
        engine = new EngineThread("model-engine", tester, ports);
        engine.start();
        if (driver.equals("tinynf")) {
            tinynf = assembly.open("tinynf", assembly.setup(NfRegistry.create("nop", NfPorts.paper(2), Map.of()))
                    .withIdle(IdleStrategy.NONE));
        } else if (driver.equals("stand-in")) {
            standIn = new StandIn(assembly.host(), ports);
            assembly.awaitLinkUp();
        } else {
            throw new IllegalArgumentException("driver must be stand-in or tinynf: driver=" + driver);
        }
        tester.flooding = true;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long forward() {
        long forwarded = carry;
        if (standIn != null) {
            while (forwarded < BATCH) {
                forwarded += standIn.poll(0) + standIn.poll(1);
            }
        } else {
            while (forwarded < BATCH) {
                forwarded += tinynf.pollOnce();
            }
        }
        carry = forwarded - BATCH;
        return forwarded;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tester.flooding = false;
        System.out.printf("%ntester: offered %d, returned %d; card drops %d (QPRDC) + %d (MPC); engine passes busy %d, idle %d%n",
                tester.offered, tester.returned, drops(Regs.QPRDC(0)), drops(Regs.MPC(0)), engine.busyPasses(),
                engine.idlePasses());
        engine.close();
        if (tinynf != null) {
            tinynf.close();
        }
        assembly.close();
    }

    private long drops(final int register) {
        return ports[0].readStatistic(register) + ports[1].readStatistic(register);
    }

    /**
     * The tester, reduced to its work on the engine thread: inject a burst per port per pass from
     * one prepared frame per direction, count what comes back.
     */
    static final class FloodTester implements IdleStrategy {
        private final NicModel[] ports;
        private final MemorySegment[] frames = new MemorySegment[2];
        volatile boolean flooding;
        long offered;
        long returned;

        FloodTester(final NicModel[] ports) {
            this.ports = ports;
            for (int d = 0; d < 2; d++) {
                frames[d] = Arena.ofAuto().allocate(PaperTraffic.FRAME_LENGTH, 64);
                PaperTraffic.writeFrame(frames[d], 0, d, LAYER, 0);
                ports[d].connect(new FrameSink() {
                    @Override
                    public void frame(final MemorySegment data, final long offset, final int length) {
                        returned++;
                    }
                });
            }
        }

        @Override
        public void idle(final int workCount) {
            if (!flooding) {
                Thread.onSpinWait();
                return;
            }
            for (int d = 0; d < 2; d++) {
                final NicModel port = ports[d];
                final MemorySegment frame = frames[d];
                for (int i = 0; i < BURST; i++) {
                    port.receiveFromWire(frame, 0, PaperTraffic.FRAME_LENGTH);
                }
                offered += BURST;
            }
        }
    }

    /**
     * The least a driver can do: TinyNF's merged ring, one per direction, each received descriptor
     * handed straight back as a transmit descriptor of the other port.
     */
    static final class StandIn {
        private final RegisterSpace[] regs = new RegisterSpace[2];
        /** Ring d: port d's receive ring and port 1 - d's transmit ring. */
        private final MemorySegment[] rings = new MemorySegment[2];
        /** Transmit head write-back of port d, at 64 * d. */
        private final MemorySegment heads;
        private final int[] processed = new int[2];
        private final int[] receiveTail = new int[2];

        StandIn(final SimulatedDmaMemory host, final NicModel[] ports) {
            final DmaRegion head = host.allocate(128, 64);
            heads = head.segment();
            for (int p = 0; p < 2; p++) {
                regs[p] = ports[p].registers();
                try {
                    new DeviceBringUp(regs[p]).run();
                } catch (final DeviceInitException e) {
                    throw new IllegalStateException(e);
                }
                regs[p].write(Regs.FCTRL, regs[p].read(Regs.FCTRL) | Regs.FCTRL_.UPE | Regs.FCTRL_.MPE
                        | Regs.FCTRL_.BAM);
            }
            for (int d = 0; d < 2; d++) {
                final DmaRegion buffers = host.allocate((long) RING * 2048, 4096);
                final DmaRegion ring = host.allocate((long) RING * Descriptor.SIZE, 128);
                rings[d] = ring.segment();
                for (int i = 0; i < RING; i++) {
                    Descriptor.QWORD.set(rings[d], Descriptor.offset(i), buffers.physicalAddress((long) i * 2048));
                }
                final RegisterSpace tx = regs[1 - d];
                // 4.6.8 transmit queue 0 of port 1 - d on ring d, head write-back, WTHRESH 0.
                tx.write(Regs.TDBAL(0), (int) ring.physicalAddress());
                tx.write(Regs.TDBAH(0), (int) (ring.physicalAddress() >>> 32));
                tx.write(Regs.TDLEN(0), RING * Descriptor.SIZE);
                final long headAddress = head.physicalAddress() + 64L * (1 - d);
                tx.write(Regs.TDWBAH(0), (int) (headAddress >>> 32));
                tx.write(Regs.TDWBAL(0), (int) headAddress | Regs.TDWBAL_.HEAD_WB_EN);
                tx.write(Regs.DCA_TXCTRL(0), 0);
                tx.write(Regs.DMATXCTL, Regs.DMATXCTL_.TE);
                tx.write(Regs.TXDCTL(0), Regs.TXDCTL_.ENABLE);
                awaitEnabled(tx, Regs.TXDCTL(0), Regs.TXDCTL_.ENABLE);
                // 4.6.7.1 receive queue 0 of port d on ring d, 2 KiB buffers, DROP_EN.
                final RegisterSpace rx = regs[d];
                rx.write(Regs.RDBAL(0), (int) ring.physicalAddress());
                rx.write(Regs.RDBAH(0), (int) (ring.physicalAddress() >>> 32));
                rx.write(Regs.RDLEN(0), RING * Descriptor.SIZE);
                rx.write(Regs.SRRCTL(0), Regs.withField(rx.read(Regs.SRRCTL(0)), Regs.SRRCTL_.BSIZEPACKET, 2)
                        | Regs.SRRCTL_.DROP_EN);
                rx.write(Regs.RXDCTL(0), Regs.RXDCTL_.ENABLE);
                awaitEnabled(rx, Regs.RXDCTL(0), Regs.RXDCTL_.ENABLE);
                receiveTail[d] = RING - 1;
                rx.write(Regs.RDT(0), RING - 1);
                rx.write(Regs.RXCTRL, Regs.RXCTRL_.RXEN);
            }
        }

        private static void awaitEnabled(final RegisterSpace regs, final int register, final int bit) {
            while ((regs.read(register) & bit) == 0) {
                Thread.onSpinWait();
            }
        }

        /** Forwards what port d received, up to a burst; returns the packets forwarded. */
        int poll(final int d) {
            final MemorySegment ring = rings[d];
            int index = processed[d];
            int n = 0;
            while (n < BATCH) {
                final long offset = Descriptor.offset(index) + Descriptor.QWORD1;
                final long status = (long) Descriptor.QWORD.getAcquire(ring, offset);
                if (!LegacyRxDescriptor.done(status)) {
                    break;
                }
                Descriptor.QWORD.set(ring, offset,
                        LegacyTxDescriptor.command(LegacyRxDescriptor.length(status), (index & (BATCH - 1)) == BATCH - 1));
                index = (index + 1) & (RING - 1);
                n++;
            }
            if (n > 0) {
                processed[d] = index;
                regs[1 - d].write(Regs.TDT(0), index);
            }
            // Give the receive side every descriptor the transmit side has finished with, keeping one back.
            final int head = (int) Descriptor.DWORD.getAcquire(heads, 64L * (1 - d));
            final int tail = (head - 1) & (RING - 1);
            if (tail != receiveTail[d]) {
                receiveTail[d] = tail;
                regs[d].write(Regs.RDT(0), tail);
            }
            return n;
        }
    }
}
