package nicharness.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import nicharness.driver.Driver;
import nicharness.driver.DriverCounters;
import nicharness.env.IdleStrategy;
import nicharness.env.SimulatedDmaMemory;
import nicharness.model.NicModel;
import nicharness.model.RecordingSink;
import nicharness.nf.Clock;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;
import nicharness.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The end-to-end contract every driver variant meets on the software 82599 (the driver contract of
 * {@code docs/design.md}), run once per registry name by a few-line subclass in each driver module,
 * as JCTools
 * runs one sanity test against every queue.
 *
 * <p>Two model ports ({@link ModelPorts}) in synchronous mode with strict checks on, each port's wire
 * recorded; a forwarding NF that stamps each frame
 * and sends it to the other port. Frames carry a sequence number so order and exactly-once delivery
 * can be checked; every test ends with no strict-mode fault on either port.
 */
@Timeout(60)
public abstract class DriverContractTest {
    /** Frames as the paper sends them: 60 bytes without FCS (64 on the wire). */
    protected static final int FRAME_LENGTH = 60;
    private static final int SEQUENCE_OFFSET = 14;
    private static final int PORT_OFFSET = 18;
    /** The NF's edit: the first destination-MAC byte becomes this marker. */
    private static final int EDIT_MARKER = 0x5A;
    private static final ValueLayout.OfInt SEQUENCE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private ModelPorts ports;
    private RecordingSink[] sinks;
    private Driver driver;
    private final CountingClock clock = new CountingClock();

    /**
     * A test that fails while the model recorded a strict-mode fault reports the fault first, with
     * its own failure (a frame not delivered, a wrong count, a timeout: usually a consequence) as
     * the cause, not as a "Suppressed" line under a delivery assertion.
     */
    @RegisterExtension
    final TestExecutionExceptionHandler faultsFirst = (context, failure) -> {
        if (ports != null) {
            for (final NicModel port : ports.all()) {
                port.faults().assertNone(failure);
            }
        }
        throw failure;
    };

    /** Where a driver reads the clock for an NF that needs time, as its original does. */
    protected enum ClockReads {
        /** Once per packet, just before the NF (TinyNF's Vigor shim). */
        PER_PACKET,
        /** Once per {@link Driver#pollOnce()}, a round over the ports, even an empty one (Vigor's DPDK {@code nf.c}). */
        PER_ROUND
    }

    /** The registry name of the variant under test. */
    protected abstract String driverName();

    /** Where the variant reads the clock for an NF that needs time. */
    protected abstract ClockReads clockReads();

    /** Parameter overrides for the variant (none: the paper's defaults). */
    protected Map<String, String> parameters() {
        return Map.of();
    }

    /** Simulated host memory for rings, buffers and pools. */
    protected long hostMemoryBytes() {
        return ModelPorts.HOST_BYTES;
    }

    @BeforeEach
    void openPorts() {
        // Synchronous and strict, on host memory aligned exactly as asked: alignment bugs show on every run.
        ports = ModelPorts.builder(2).hostBytes(hostMemoryBytes()).build();
        sinks = new RecordingSink[2];
        for (int i = 0; i < 2; i++) {
            sinks[i] = new RecordingSink();
            ports.port(i).connect(sinks[i]);
        }
    }

    /** Opens the driver under test with {@code nf} and the counting clock, and waits for the links; once per test. */
    private void open(final NetworkFunction nf) {
        if (driver != null) {
            throw new IllegalStateException("the driver is already open");
        }
        driver = ports.open(driverName(), ports.setup(nf).withClock(clock).withIdle(IdleStrategy.NONE)
                .withParameters(parameters()));
    }

    /** The driver, opened with the default NF (which needs time) on first use. */
    private Driver driver() {
        if (driver == null) {
            open(new StampAndForward(true));
        }
        return driver;
    }

    @Test
    void theDriverOpensAndForwardsOnMemoryWithTheRealEnvironmentsHugepageRules() {
        // The simulated memory refuses, as hugepages do, a region over 2 MiB or across a 2 MiB
        // boundary: the driver opened on it, so it would open on a real machine.
        assertEquals(SimulatedDmaMemory.HUGEPAGE_SIZE, ports.host().maxRegionSize());
        forwardInChunks(0, 64, 8);
        assertDelivered(1, 0, 64);
    }

    @AfterEach
    void noFaults() {
        if (driver != null) {
            driver.close();
        }
        for (final NicModel port : ports.all()) {
            port.faults().assertNone();
        }
        ports.close();
    }

    /**
     * A single frame, fewer frames than a ring, a ring's worth, and many wraps of the ring: each
     * frame leaves the other port once, in order, with the NF's edit.
     */
    @ParameterizedTest(name = "{0} frames in chunks of {1}")
    @CsvSource({"1, 1", "100, 16", "1024, 32", "20000, 32"})
    void framesLeaveTheOtherPortOnceInOrderWithTheNfEdit(final int frames, final int chunk) {
        forwardInChunks(0, frames, chunk);
        assertDelivered(1, 0, frames);
    }

    @Test
    void framesWaitingBetweenPollsAllLeave() {
        // Bursts of odd sizes, so every batch boundary and partial batch of every model is crossed.
        int sent = 0;
        for (int burst = 1; burst <= 40; burst++) {
            for (int i = 0; i < burst; i++) {
                inject(0, sent++);
            }
            drain();
        }
        assertDelivered(1, 0, sent);
    }

    @Test
    void overloadDropsAreCountedByTheCardAndForwardingRecovers() {
        // More than any model's receive ring and the 512 KiB receive packet buffer behind it hold
        // (6,553 minimum-size frames), which a driver without DROP_EN (DPDK) fills before the card drops.
        final int offered = 12_000;
        for (int i = 0; i < offered; i++) {
            inject(0, i);
        }
        drain();
        final long dropped = ports.cardDrops(0);
        final List<byte[]> out = sinks[1].frames();
        assertTrue(dropped > 0, "offering more than a ring without polling must drop at the card");
        assertEquals(offered, out.size() + dropped, "forwarded + dropped by the card must equal offered");
        int previous = -1;
        for (final byte[] frame : out) { // what survived is in order, each once
            final int sequence = sequenceOf(frame);
            assertTrue(sequence > previous, "frame " + sequence + " after " + previous);
            previous = sequence;
        }
        sinks[1].clear();
        forwardInChunks(0, 500, 16); // the load stopped: everything goes through again
        assertEquals(500, sinks[1].frames().size());
    }

    @Test
    void bidirectionalTwoPortsForwardBothWays() {
        int next = 0;
        for (int chunk = 0; chunk < 200; chunk++) {
            for (int i = 0; i < 16; i++) {
                inject(0, next);
                inject(1, next);
                next++;
            }
            drain();
        }
        assertDelivered(1, 0, next);
        assertDelivered(0, 1, next);
    }

    @Test
    void dropsAndFloodsAreCountedSoTheBooksBalanceAgainstTheWire() {
        // By sequence: DROP, FLOOD (on two ports: the other one), the other port, a port that does not exist.
        open(new DropFloodForwardOrStray());
        final int offered = 4 * 250;
        forwardInChunks(0, offered, 16);
        final List<byte[]> out = sinks[1].frames();
        final DriverCounters counters = driver.counters();
        assertEquals(offered, counters.received, "packets given to the NF");
        assertEquals(offered / 2, counters.droppedByNf, "DROP and the answer naming no port, once each: " + counters);
        assertEquals(offered / 2, out.size(), "FLOOD and the other port reach the wire");
        assertEquals(out.size(), counters.transmitted, "transmitted, once per output: " + counters);
        assertEquals(0, counters.transmitFailed, counters.toString());
        assertEquals(counters.received, counters.droppedByNf + counters.transmitFailed + counters.transmitted,
                "every packet received is dropped by the NF, refused by a ring or transmitted: " + counters);
        assertEquals(0, sinks[0].frames().size(), "a flood on two ports does not go back out of the input's port");
        assertEquals(0, ports.cardDrops(0));
        int expected = 1;
        for (final byte[] frame : out) {
            assertEquals(expected, sequenceOf(frame), "the flooded and forwarded frames, in order");
            expected += expected % 4 == 1 ? 1 : 3;
        }
    }

    @Test
    void aNoOpCostsNoClockRead() {
        open(new StampAndForward(false));
        forwardInChunks(0, 100, 7);
        assertDelivered(1, 0, 100);
        assertEquals(0, clock.reads, "clock reads for an NF that needs no time (testpmd, ixy-fwd and TinyNF's "
                + "no-op read none on the packet path)");
    }

    @Test
    void anNfThatNeedsTimeReadsTheClockWhereTheOriginalDoes() {
        final StampAndForward nf = new StampAndForward(true);
        open(nf);
        forwardInChunks(0, 100, 7);
        assertDelivered(1, 0, 100);
        final DriverCounters counters = driver.counters();
        final long expected = switch (clockReads()) {
            case PER_PACKET -> counters.received;
            case PER_ROUND -> counters.polls;
        };
        assertEquals(100, counters.received);
        assertEquals(expected, clock.reads, clockReads() + ": clock reads over " + counters.received
                + " packets in " + counters.polls + " polls");
        assertTrue(nf.lastNow > 0 && nf.lastNow <= clock.last, "the NF sees the time last read");
    }

    @Test
    void steadyStateAllocatesNothingPerPacket() {
        final var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (final NicModel port : ports.all()) {
            port.connect((data, offset, length) -> { });
        }
        final MemorySegment frame = MemorySegment.ofArray(new byte[FRAME_LENGTH]);
        final int warmUp = 50_000;
        final int measured = 100_000;
        runInjecting(frame, warmUp);
        // A late compile or deoptimisation may allocate a few bytes once; one object per packet
        // would show in every round, so judge the least allocating of up to four rounds.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 4 && allocated >= 1024; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            runInjecting(frame, measured);
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(allocated < 1024, "the data path allocated " + allocated + " bytes over " + measured + " packets");
    }

    private void runInjecting(final MemorySegment frame, final int packets) {
        driver();
        for (int i = 0; i < packets; i += 16) {
            for (int k = 0; k < 16; k++) {
                ports.port(0).receiveFromWire(frame, 0, FRAME_LENGTH);
            }
            drain();
        }
    }

    // ---- helpers ----

    private void forwardInChunks(final int inputPort, final int count, final int chunk) {
        for (int sequence = 0; sequence < count; ) {
            for (int i = 0; i < chunk && sequence < count; i++) {
                inject(inputPort, sequence++);
            }
            drain();
        }
    }

    /** Polls until the driver has been idle for a while, so partial batches are flushed. */
    protected final void drain() {
        // A deadline without a lambda: the allocation test measures this loop too.
        final long deadline = System.nanoTime() + Wait.DEFAULT.toNanos();
        int idle = 0;
        int received = 0;
        while (idle < 64) {
            final int n = driver().pollOnce();
            idle = n == 0 ? idle + 1 : 0;
            received += n;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for 64 empty polls in a row after " + Wait.DEFAULT
                        + "; the driver received " + received + " packets meanwhile");
            }
        }
    }

    private void inject(final int port, final int sequence) {
        driver(); // the driver brings the port up: a frame offered earlier would meet a card being reset
        final byte[] frame = new byte[FRAME_LENGTH];
        frame[6] = 0x02; // locally administered unicast source
        frame[12] = 0x08; // IPv4 EtherType, so the frame looks like traffic
        final MemorySegment view = MemorySegment.ofArray(frame);
        view.set(SEQUENCE, SEQUENCE_OFFSET, sequence);
        frame[PORT_OFFSET] = (byte) port;
        ports.port(port).receiveFromWire(frame);
    }

    private static int sequenceOf(final byte[] frame) {
        return MemorySegment.ofArray(frame).get(SEQUENCE, SEQUENCE_OFFSET);
    }

    private void assertDelivered(final int outputPort, final int inputPort, final int count) {
        final List<byte[]> out = sinks[outputPort].frames();
        assertEquals(count, out.size(), "frames out of port " + outputPort);
        for (int i = 0; i < count; i++) {
            final byte[] frame = out.get(i);
            assertEquals(FRAME_LENGTH, frame.length, "length of frame " + i);
            assertEquals(i, sequenceOf(frame), "order: position " + i);
            assertEquals(inputPort, frame[PORT_OFFSET], "frame " + i + " came from port " + inputPort);
            assertEquals((byte) EDIT_MARKER, frame[0], "the NF's edit on frame " + i);
        }
        assertEquals(0, ports.cardDrops(inputPort), "no drops at the card on port " + inputPort);
    }

    /**
     * Marks the frame and sends it to the other port: the edit proves the NF ran on the driver's
     * buffer. It checks that the time never goes backwards, and says whether it needs time at all.
     */
    private static final class StampAndForward implements NetworkFunction {
        private final boolean needsTime;
        long lastNow;

        StampAndForward(final boolean needsTime) {
            this.needsTime = needsTime;
        }

        @Override
        public int process(final Packet packet, final int inputPort, final long nowNanos) {
            if (nowNanos < lastNow) {
                throw new AssertionError("the time went backwards: " + nowNanos + " after " + lastNow);
            }
            lastNow = nowNanos;
            packet.setU8(0, EDIT_MARKER);
            return 1 - inputPort;
        }

        @Override
        public boolean needsTime() {
            return needsTime;
        }
    }

    /** Answers by the frame's sequence number: DROP, FLOOD, the other port, then port 7, which no driver has. */
    private static final class DropFloodForwardOrStray implements NetworkFunction {
        @Override
        public int process(final Packet packet, final int inputPort, final long nowNanos) {
            return switch ((int) (packet.getU32(SEQUENCE_OFFSET) % 4)) {
                case 0 -> DROP;
                case 1 -> FLOOD;
                case 2 -> 1 - inputPort;
                default -> 7;
            };
        }

        @Override
        public boolean needsTime() {
            return false;
        }
    }

    /** A clock that counts its reads; each read advances it by one microsecond. */
    private static final class CountingClock implements Clock {
        long reads;
        long last = 1_000_000_000L;

        @Override
        public long nanoTime() {
            reads++;
            last += 1_000;
            return last;
        }
    }
}
