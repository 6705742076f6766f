package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nicharness.driver.DriverCounters;
import nicharness.driver.DriverRegistry;
import nicharness.env.IdleStrategy;
import nicharness.ixgbe.Regs;
import nicharness.model.NicModel;
import nicharness.model.RecordingSink;
import nicharness.nf.NetworkFunction;
import nicharness.testbed.ModelPorts;
import nicharness.testing.Wait;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End-to-end tests of what the shared contract does not cover, on the software 82599 in
 * synchronous strict mode, for both burst sizes: mbuf conservation with the mempool's debug
 * checks on, flooding by reference count, drops by the NF, a held transmit port, and a pool too
 * small for the rings.
 */
@Timeout(60)
class DpdkDriverTest {
    private static final int LENGTH = 60;
    private static final ValueLayout.OfInt SEQUENCE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int SEQUENCE_OFFSET = 14;

    private ModelPorts model;
    private NicModel[] ports;
    private RecordingSink[] sinks;
    private DpdkDriver driver;

    private void open(final String variant, final int portCount, final NetworkFunction nf,
                      final Map<String, String> overrides) {
        open(variant, portCount, nf, overrides, true);
    }

    private void open(final String variant, final int portCount, final NetworkFunction nf,
                      final Map<String, String> overrides, final boolean debug) {
        model = ModelPorts.builder(portCount).hostBytes(HostMemorySize.forDefaultPool(portCount))
                .each((port, i) -> port.mac(0x02_00_00_00_00_10L | i)).build();
        ports = model.all();
        sinks = new RecordingSink[portCount];
        for (int i = 0; i < portCount; i++) {
            sinks[i] = new RecordingSink();
            ports[i].connect(sinks[i]);
        }
        final Map<String, String> parameters = new HashMap<>(overrides);
        parameters.put(DpdkConfig.MEMPOOL_DEBUG, debug ? "1" : "0");
        driver = (DpdkDriver) DriverRegistry.byName(variant)
                .open(model.setup(nf).withIdle(IdleStrategy.NONE).withParameters(parameters));
    }

    @AfterEach
    void close() {
        if (driver != null && driver.mempool().debug()) {
            assertConserved();
            driver.close();
        }
        model.assertNoFaults();
        model.close();
    }

    /**
     * Every mbuf is exactly one of: free in the pool, armed or staged in a receive ring, or on a
     * transmit ring (a flooded mbuf on several); and the debug state agrees on which are allocated.
     */
    private void assertConserved() {
        final Mempool pool = driver.mempool();
        final BitSet held = new BitSet(pool.size());
        int rxHeld = 0;
        for (final EthDev port : driver.ports()) {
            port.rxQueue().forEachMbufHeld(mbuf -> {
                assertTrue(!held.get(mbuf), "mbuf " + mbuf + " held twice by receive rings");
                held.set(mbuf);
            });
            rxHeld += port.rxQueue().mbufsHeld();
        }
        assertEquals(rxHeld, held.cardinality());
        for (final EthDev port : driver.ports()) {
            port.txQueue().forEachMbufHeld(held::set);
        }
        assertEquals(pool.size(), pool.availableCount() + held.cardinality(),
                "free + held by receive rings + on transmit rings = pool size");
        for (int mbuf = 0; mbuf < pool.size(); mbuf++) {
            assertEquals(held.get(mbuf), pool.isAllocated(mbuf), "mbuf " + mbuf);
        }
    }

    private void inject(final int port, final int sequence) {
        final byte[] frame = new byte[LENGTH];
        frame[6] = 0x02;
        frame[12] = 0x08;
        MemorySegment.ofArray(frame).set(SEQUENCE, SEQUENCE_OFFSET, sequence);
        ports[port].receiveFromWire(frame);
    }

    private static int sequenceOf(final byte[] frame) {
        return MemorySegment.ofArray(frame).get(SEQUENCE, SEQUENCE_OFFSET);
    }

    private void drain() {
        // A deadline without a lambda: the allocation test measures this loop too.
        final long deadline = System.nanoTime() + Wait.DEFAULT.toNanos();
        int idle = 0;
        int received = 0;
        while (idle < 64) {
            final int n = driver.pollOnce();
            idle = n == 0 ? idle + 1 : 0;
            received += n;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for 64 empty polls in a row after " + Wait.DEFAULT
                        + "; the driver received " + received + " packets meanwhile");
            }
        }
    }

    private void assertSequences(final List<byte[]> frames, final List<Integer> expected) {
        final List<Integer> actual = new ArrayList<>();
        for (final byte[] frame : frames) {
            actual.add(sequenceOf(frame));
        }
        assertEquals(expected, actual);
    }

    private static List<Integer> range(final int from, final int to) {
        final List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void mbufsAreConservedAcrossManyRingWraps(final String variant) {
        open(variant, 2, (packet, in, now) -> 1 - in, Map.of());
        int next = 0;
        for (int chunk = 0; chunk < 150; chunk++) {
            for (int i = 0; i < 1 + chunk % 37; i++) {
                inject(0, next++);
            }
            drain();
            assertConserved();
        }
        assertSequences(sinks[1].frames(), range(0, next));
        final DriverCounters counters = driver.counters();
        assertEquals(next, counters.received);
        assertEquals(next, counters.transmitted);
        assertTrue(counters.poolGets >= next, "every received descriptor was re-armed from the pool");
        assertTrue(counters.poolPuts >= next - 2 * 544, "completed mbufs went back, except those still on a ring");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void floodSendsOneMbufToEveryOtherPortByReferenceCount(final String variant) {
        open(variant, 3, (packet, in, now) -> NetworkFunction.FLOOD, Map.of());
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 50; i++) {
                inject(0, round * 50 + i);
            }
            drain();
            assertConserved();
        }
        assertSequences(sinks[1].frames(), range(0, 2000));
        assertSequences(sinks[2].frames(), range(0, 2000));
        assertEquals(0, sinks[0].frames().size(), "never back out of the input port");
        final DriverCounters counters = driver.counters();
        assertEquals(2000, counters.received);
        assertEquals(4000, counters.transmitted, "one per output");
        // Each flooded mbuf is one pool object: far fewer puts than transmissions.
        assertTrue(counters.poolPuts <= 2000, "puts=" + counters.poolPuts);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void droppedFramesGoBackToThePoolAndTheRestLeaveInOrder(final String variant) {
        final NetworkFunction dropOdd = (packet, in, now) ->
                (packet.getU32(SEQUENCE_OFFSET) & 1) == 1 ? NetworkFunction.DROP : 1 - in;
        open(variant, 2, dropOdd, Map.of());
        for (int i = 0; i < 3000; i++) {
            inject(0, i);
            if (i % 20 == 19) {
                drain();
            }
        }
        drain();
        final List<Integer> even = new ArrayList<>();
        for (int i = 0; i < 3000; i += 2) {
            even.add(i);
        }
        assertSequences(sinks[1].frames(), even);
        assertEquals(1500, driver.counters().droppedByNf);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void anOutputOutsideThePortsIsADropAndALengthChangeIsSent(final String variant) {
        open(variant, 2, (packet, in, now) -> {
            if (packet.getU32(SEQUENCE_OFFSET) % 3 == 0) {
                return 7;
            }
            packet.setLength(packet.length() + 10); // shorter frames would be padded back to 60
            return 1 - in;
        }, Map.of());
        for (int i = 0; i < 300; i++) {
            inject(0, i);
            if (i % 20 == 19) {
                drain();
            }
        }
        assertEquals(100, driver.counters().droppedByNf);
        assertEquals(200, sinks[1].frames().size());
        for (final byte[] frame : sinks[1].frames()) {
            assertEquals(LENGTH + 10, frame.length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void aHeldTransmitPortFillsItsRingThenRefusalsAreFreedAndCounted(final String variant) {
        open(variant, 2, (packet, in, now) -> 1 - in, Map.of());
        ports[1].holdTransmit(true);
        final int txd = driver.ports().get(1).txQueue().size();
        int next = 0;
        while (next < txd + 200) {
            for (int i = 0; i < 20; i++) {
                inject(0, next++);
            }
            drain();
        }
        final DriverCounters counters = driver.counters();
        assertEquals(txd - 1, counters.transmitted, "the ring takes N - 1 and the NIC completes nothing");
        assertEquals(next - (txd - 1), counters.transmitFailed);
        assertEquals(0, sinks[1].frames().size());
        assertConserved();

        ports[1].holdTransmit(false); // the backlog leaves; the ring is reclaimed by later bursts
        assertSequences(sinks[1].frames(), range(0, txd - 1));
        sinks[1].clear();
        for (int i = 0; i < 500; i++) {
            inject(0, next + i);
            if (i % 10 == 9) {
                drain();
            }
        }
        assertSequences(sinks[1].frames(), range(next, next + 500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void aPoolSmallerThanTheRingsStopsReceiveAsDpdkDoesWithoutFaultsOrLostMbufs(final String variant) {
        // Two receive rings of 64 armed, 40 spare mbufs, transmit held: the refill fails, receive
        // stops re-arming, the card counts every frame it has no descriptor for (RNBC: without
        // DROP_EN they wait in its receive packet buffer, MPC once that is full). The mbufs parked
        // on the transmit ring come back only through tx_burst, which nothing calls any more: the
        // stall DPDK is known for when a pool is smaller than rings + cache, and why the default
        // pool is sized as testpmd sizes it.
        open(variant, 2, (packet, in, now) -> 1 - in, Map.of(DpdkConfig.NB_RXD, "64", DpdkConfig.NB_TXD, "64",
                DpdkConfig.NB_MBUF_PER_PORT, "84", DpdkConfig.MEMPOOL_CACHE_SIZE, "0"));
        ports[1].holdTransmit(true);
        for (int i = 0; i < 1000; i++) {
            inject(0, i);
            if (i % 8 == 7) {
                drain();
            }
        }
        drain();
        assertTrue(driver.ports().get(0).rxQueue().mbufAllocFailed() > 0);
        assertTrue(driver.mempool().availableCount() < 32, "the pool cannot supply a group");
        final long received = driver.counters().received;
        final long noDescriptor = ports[0].readStatistic(Regs.RNBC(0)) + ports[0].readStatistic(Regs.QPRDC(0));
        assertTrue(noDescriptor > 0);
        assertTrue(received < 200, "received=" + received);
        assertConserved();
        ports[1].holdTransmit(false);
        drain();
        assertConserved();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void theDataPathReadsNoRegisterAndRingsDoorbellsAndUsesThePoolAsDpdkDoes(final String variant) {
        open(variant, 2, (packet, in, now) -> 1 - in, Map.of(), false);
        final int burst = variant.equals("dpdk") ? 1 : 32;
        int next = 0;
        for (; next < 2048; next++) { // warm up: both rings wrap, transmit reclaim is in its steady state
            inject(0, next);
            if (next % 32 == 31) {
                drain();
            }
        }
        ports[0].counters().clear();
        ports[1].counters().clear();
        final long getsBefore = driver.counters().poolGets;
        final long putsBefore = driver.counters().poolPuts;
        final int packets = 32 * 100;
        for (int i = 0; i < packets; i++) {
            inject(0, next++);
            if (i % 32 == 31) {
                drain();
            }
        }
        assertEquals(packets / 32, ports[0].counters().doorbellWrites(), "RDT once per group of 32");
        assertEquals(packets / burst, ports[1].counters().doorbellWrites(), "TDT once per tx_burst call");
        assertEquals(0, ports[0].counters().registerReads() + ports[1].counters().registerReads(),
                "receive and transmit learn everything from descriptors");
        assertEquals(0, ports[0].counters().otherRegisterWrites() + ports[1].counters().otherRegisterWrites());
        assertEquals(packets, driver.counters().poolGets - getsBefore, "bulk gets of 32 re-arm every descriptor");
        final long puts = driver.counters().poolPuts - putsBefore;
        assertTrue(Math.abs(puts - packets) <= 32, "completed mbufs return in groups of 32: puts=" + puts);
        assertEquals(next, sinks[1].frames().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dpdk", "dpdk-batched"})
    void forwardingDroppingAndFloodingAllocateNothingPerPacket(final String variant) {
        final NetworkFunction mixed = (packet, in, now) -> switch (packet.getU8(SEQUENCE_OFFSET + 3) & 3) {
            case 0 -> NetworkFunction.DROP;
            case 1 -> NetworkFunction.FLOOD;
            default -> 1 + (packet.getU8(SEQUENCE_OFFSET + 3) & 1);
        };
        open(variant, 3, mixed, Map.of(), false);
        for (final NicModel port : ports) {
            port.connect((data, offset, length) -> { });
        }
        final var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        final byte[][] frames = new byte[4][];
        for (int k = 0; k < 4; k++) {
            frames[k] = new byte[LENGTH];
            frames[k][6] = 0x02;
            frames[k][SEQUENCE_OFFSET + 3] = (byte) k;
        }
        final MemorySegment[] views = new MemorySegment[4];
        for (int k = 0; k < 4; k++) {
            views[k] = MemorySegment.ofArray(frames[k]);
        }
        runMixed(views, 50_000);
        // The least of up to four rounds: allocation per packet shows in every round, what the JVM
        // allocates once (a late compilation on a loaded machine) in one round only.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 4 && least >= 1024; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            runMixed(views, 50_000);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertTrue(least < 1024, "the data path allocated " + least + " bytes over 50000 packets in its least "
                + "allocating round");
        assertTrue(driver.counters().droppedByNf >= 25_000);
    }

    private void runMixed(final MemorySegment[] frames, final int packets) {
        for (int i = 0; i < packets; i += 16) {
            for (int k = 0; k < 16; k++) {
                ports[0].receiveFromWire(frames[k & 3], 0, LENGTH);
            }
            drain();
        }
    }
}
