package nicharness.ixy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import nicharness.driver.DriverCounters;
import nicharness.env.IdleStrategy;
import nicharness.env.SimulatedDmaMemory;
import nicharness.nf.NetworkFunction;
import nicharness.testing.BoundedList;
import nicharness.testing.Wait;
import nicharness.testbed.ScriptedNic;
import nicharness.testbed.ScriptedNic.Transmit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The ixy-fwd loop over ports whose cards are played by hand: routing by the NF's answer, drops,
 * floods, full transmit rings, and buffer conservation. End-to-end behaviour on the software
 * 82599 is checked by the driver contract tests.
 */
class IxyForwarderTest {
    private static final int RING = 64;
    private final SimulatedDmaMemory dma = new SimulatedDmaMemory(16L << 20);
    private ScriptedNic[] nics;
    private IxyForwarder forwarder;

    @AfterEach
    void close() {
        if (forwarder != null) {
            assertConserved();
        }
        dma.close();
    }

    private IxyForwarder open(final int ports, final int batch, final NetworkFunction nf) {
        final IxyParameters parameters = IxyParameters.parse("ixy", batch, Map.of(IxyParameters.RX_RING_SIZE, "" + RING,
                IxyParameters.TX_RING_SIZE, "" + RING, IxyParameters.POOL_ENTRIES, "512"), ports);
        nics = new ScriptedNic[ports];
        final BufferPool[] pools = new BufferPool[ports];
        for (int p = 0; p < ports; p++) {
            nics[p] = new ScriptedNic(dma, p, Transmit.BY_HAND);
            pools[p] = BufferPool.allocate(dma, p, parameters.poolEntries(), parameters.bufferSize(), true);
        }
        final IxyDevice[] devices = new IxyDevice[ports];
        for (int p = 0; p < ports; p++) {
            devices[p] = IxyDevice.open("port " + p, nics[p].registers(), dma, parameters, pools[p], pools);
        }
        forwarder = new IxyForwarder(nf, () -> 0L, IdleStrategy.NONE, parameters.batchSize(), devices, pools);
        return forwarder;
    }

    /** Every buffer is in a pool, a receive ring or a transmit ring: none leaked, none twice. */
    private void assertConserved() {
        int total = 0;
        int accounted = 0;
        for (int p = 0; p < forwarder.ports(); p++) {
            total += forwarder.pool(p).capacity();
            accounted += forwarder.pool(p).freeCount() + forwarder.device(p).rx().buffersHeld()
                    + forwarder.device(p).tx().buffersHeld();
        }
        assertEquals(total, accounted, "buffers in pools + receive rings + transmit rings");
    }

    private static byte[] frame(final int sequence, final int length) {
        final byte[] frame = new byte[length];
        frame[12] = 0x08; // IPv4 ethertype, for looks
        frame[14] = (byte) (sequence >>> 24);
        frame[15] = (byte) (sequence >>> 16);
        frame[16] = (byte) (sequence >>> 8);
        frame[17] = (byte) sequence;
        return frame;
    }

    private void pollUntilIdle() {
        Wait.until("an empty poll", Wait.DEFAULT, () -> forwarder.pollOnce() == 0, () -> "the forwarder still receives",
                () -> { });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32})
    void everyFrameLeavesTheOtherPortOnceInOrderWithTheNfsEdit(final int batch) {
        open(2, batch, (packet, input, now) -> {
            packet.setU8(0, 0xAA);
            return 1 - input;
        });
        final BoundedList<byte[]> out = new BoundedList<>("frames port 1 sent", 100_000);
        int injected = 0;
        while (injected < 1000) {
            while (injected < 1000 && nics[0].receive(frame(injected, 60))) {
                injected++;
            }
            // The card sends as soon as the tail moves, as the software 82599 does in synchronous mode.
            final boolean[] idle = new boolean[1];
            Wait.until("an empty poll", Wait.DEFAULT, () -> idle[0], () -> out.size() + " frames sent", () -> {
                idle[0] = forwarder.pollOnce() == 0;
                nics[1].transmit(0).forEach(out::add);
            });
        }
        assertEquals(1000, out.size());
        for (int i = 0; i < 1000; i++) {
            final byte[] expected = frame(i, 60);
            expected[0] = (byte) 0xAA;
            assertArrayEquals(expected, out.get(i), "frame " + i);
        }
        final DriverCounters counters = forwarder.counters();
        assertEquals(1000, counters.received);
        assertEquals(1000, counters.transmitted);
        assertEquals(0, counters.droppedByNf + counters.transmitFailed);
        assertEquals(counters.poolGets - counters.poolPuts, 2L * RING + forwarder.device(1).tx().buffersHeld(),
                "pool traffic: the rings' buffers plus those waiting for a clean batch");
    }

    @Test
    void droppedFramesGoBackToThePoolAndAreCounted() {
        open(2, 32, (packet, input, now) -> packet.getU8(17) % 2 == 0 ? NetworkFunction.DROP : 1);
        for (int i = 0; i < 40; i++) {
            nics[0].receive(frame(i, 60));
        }
        pollUntilIdle();
        assertEquals(20, nics[1].transmit(0).size());
        assertEquals(20, forwarder.counters().droppedByNf);
        assertEquals(20, forwarder.counters().transmitted);
    }

    @Test
    void anOutputThatDoesNotExistIsADrop() {
        open(2, 1, (packet, input, now) -> 7);
        nics[0].receive(frame(0, 60));
        pollUntilIdle();
        assertEquals(1, forwarder.counters().droppedByNf);
        assertEquals(0, nics[1].transmit(0).size());
    }

    @Test
    void theNfsNewLengthIsWhatIsSent() {
        open(2, 1, (packet, input, now) -> {
            packet.setLength(100);
            packet.setU8(99, 0x5A);
            return 1;
        });
        nics[0].receive(frame(0, 60));
        pollUntilIdle();
        final byte[] sent = nics[1].transmit(0).getFirst();
        assertEquals(100, sent.length);
        assertEquals(0x5A, sent[99]);
    }

    @Test
    void aFloodReachesEveryOtherPortWithItsOwnCopy() {
        open(3, 32, (packet, input, now) -> NetworkFunction.FLOOD);
        for (int i = 0; i < 10; i++) {
            nics[1].receive(frame(i, 64));
        }
        pollUntilIdle();
        final List<byte[]> zero = nics[0].transmit(0);
        final List<byte[]> two = nics[2].transmit(0);
        assertEquals(0, nics[1].transmit(0).size(), "never back to the input");
        assertEquals(10, zero.size());
        assertEquals(10, two.size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(frame(i, 64), zero.get(i));
            assertArrayEquals(frame(i, 64), two.get(i));
        }
        assertEquals(20, forwarder.counters().transmitted);
    }

    @Test
    void framesAFullTransmitRingRefusesAreFreedAndCounted() {
        open(2, 32, (packet, input, now) -> 1);
        int injected = 0;
        for (int round = 0; round < 4; round++) {
            while (nics[0].receive(frame(injected, 60))) {
                injected++;
            }
            pollUntilIdle(); // port 1's card never transmits: its ring fills up
        }
        final DriverCounters counters = forwarder.counters();
        assertEquals(injected, counters.received);
        assertEquals(RING - 1, counters.transmitted, "a ring holds one descriptor less than its size");
        assertEquals(injected - (RING - 1), counters.transmitFailed);
        assertEquals(RING - 1, nics[1].transmit(0).size());
    }

    @Test
    void emptyPollsAreCounted() {
        open(2, 1, (packet, input, now) -> 1);
        assertEquals(0, forwarder.pollOnce());
        nics[0].receive(frame(0, 60));
        assertEquals(1, forwarder.pollOnce());
        assertEquals(2, forwarder.counters().polls);
        assertEquals(1, forwarder.counters().emptyPolls);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32})
    void theSteadyStateAllocatesNothingPerPacket(final int batch) {
        open(2, batch, (packet, input, now) -> 1 - input);
        final Runnable work = () -> {
            for (int round = 0; round < 2_000; round++) {
                for (int i = 0; i < 32; i++) {
                    nics[0].receive(64, (byte) 0);
                }
                final long deadline = System.nanoTime() + Wait.DEFAULT.toNanos(); // no lambda: nothing allocated
                while (forwarder.pollOnce() > 0) {
                    nics[1].fetch(0);
                    nics[1].writeBack(0);
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the forwarder still receives after " + Wait.DEFAULT);
                    }
                }
            }
        };
        Allocations.assertNonePerPacket(work, 2_000L * 32);
        final DriverCounters counters = forwarder.counters();
        assertEquals(4 * 2_000 * 32, counters.received);
        assertEquals(counters.received, counters.transmitted);
    }
}
