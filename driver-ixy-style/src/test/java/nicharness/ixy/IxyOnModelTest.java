package nicharness.ixy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What is particular to ixy's model, for both registered variants opened through the registry, on
 * two ports of the software 82599 in synchronous, strict mode: ring ownership, transmit cleaning in
 * batches, buffers returning to their pool, parameters. The shared contract (order, exactly once,
 * overload, both directions, allocation) is {@link IxyContractTest} and {@link IxyBatchedContractTest}.
 * After every test: no strict-mode fault, and every buffer accounted for.
 */
class IxyOnModelTest {
    private static final int RING = 512;
    private static final long MAC0 = 0x02_00_00_00_00_00L;
    /** The NF of most tests: rewrite the source MAC's first byte, send to the other port. */
    private static final NetworkFunction OTHER_PORT = (packet, input, now) -> {
        packet.setU8(6, 0xA0 + input);
        return 1 - input;
    };

    /** Two pools of 4096 x 2 KiB and four rings fit with room to spare; synchronous, strict. */
    private final ModelPorts model = ModelPorts.builder(2).hostBytes(24L << 20).each((port, p) -> port.mac(MAC0 + p))
            .build();
    private final NicModel[] nics = model.all();
    private final RecordingSink[] sinks = {new RecordingSink(), new RecordingSink()};
    private IxyForwarder driver;

    IxyOnModelTest() {
        for (int p = 0; p < nics.length; p++) {
            nics[p].connect(sinks[p]);
        }
    }

    private IxyForwarder open(final String name, final NetworkFunction nf, final String... overrides) {
        final Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < overrides.length; i += 2) {
            parameters.put(overrides[i], overrides[i + 1]);
        }
        // Not waiting for the links: ixy waits for them itself, or not (aLinkDownAtStartIsNotAnError).
        driver = (IxyForwarder) DriverRegistry.byName(name)
                .open(model.setup(nf).withIdle(IdleStrategy.NONE).withParameters(parameters));
        return driver;
    }

    @AfterEach
    void checkAndClose() {
        try {
            model.assertNoFaults();
            if (driver != null) {
                int total = 0;
                int accounted = 0;
                for (int p = 0; p < driver.ports(); p++) {
                    total += driver.pool(p).capacity();
                    accounted += driver.pool(p).freeCount() + driver.device(p).rx().buffersHeld()
                            + driver.device(p).tx().buffersHeld();
                }
                assertEquals(total, accounted, "buffer conservation: pools + receive rings + transmit rings");
            }
        } finally {
            model.close();
        }
    }

    private static byte[] frame(final int port, final int sequence) {
        final byte[] frame = new byte[60];
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) 0xFF; // broadcast: any filter accepts it
        }
        frame[12] = 0x08;
        frame[13] = 0x00;
        frame[14] = (byte) port;
        frame[16] = (byte) (sequence >>> 24);
        frame[17] = (byte) (sequence >>> 16);
        frame[18] = (byte) (sequence >>> 8);
        frame[19] = (byte) sequence;
        return frame;
    }

    private static byte[] forwarded(final int port, final int sequence) {
        final byte[] frame = frame(port, sequence);
        frame[6] = (byte) (0xA0 + port);
        return frame;
    }

    private void pollUntilIdle() {
        Wait.until("an empty poll", Wait.DEFAULT, () -> driver.pollOnce() == 0, () -> "the driver still receives",
                () -> { });
    }

    private void assertForwarded(final int input, final int count) {
        final List<byte[]> out = sinks[1 - input].frames();
        assertEquals(count, out.size(), "frames out of port " + (1 - input));
        for (int i = 0; i < count; i++) {
            assertArrayEquals(forwarded(input, i), out.get(i), "frame " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ixy", "ixy-batched"})
    void theCardOwnsEveryReceiveDescriptorButOne(final String name) {
        open(name, OTHER_PORT);
        int accepted = 0;
        while (nics[0].receiveFromWire(frame(0, accepted))) {
            accepted++;
        }
        assertEquals(RING - 1, accepted, "the card owns all descriptors but one");
        assertEquals(1, nics[0].readStatistic(Regs.QPRDC(0)), "the one that did not fit is dropped and counted");
        pollUntilIdle();
        assertForwarded(0, RING - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ixy", "ixy-batched"})
    void buffersAreConservedThroughOverloadWrapsAndBothDirections(final String name) {
        open(name, OTHER_PORT);
        for (int i = 0; i < 3000; i++) { // overload: nobody polls, both rings fill up and the card drops
            nics[0].receiveFromWire(frame(0, i));
            nics[1].receiveFromWire(frame(1, i));
        }
        pollUntilIdle();
        for (int i = 0; i < 5000; i++) { // then many wraps both ways, polled in uneven bursts
            nics[0].receiveFromWire(frame(0, i));
            nics[1].receiveFromWire(frame(1, i));
            if (i % 37 == 36) {
                pollUntilIdle();
            }
        }
        pollUntilIdle();
        final DriverCounters counters = driver.counters();
        assertEquals(counters.received, counters.transmitted);
        assertEquals(2 * (RING - 1) + 2 * 5000, counters.received);
        // @AfterEach: every buffer is in a pool, a receive ring or a transmit ring.
    }

    @ParameterizedTest
    @ValueSource(strings = {"ixy", "ixy-batched"})
    void transmitBuffersComeBackOnlyAfterTheCardIsDoneInBatchesOf32(final String name) {
        open(name, OTHER_PORT);
        final BufferPool pool = driver.pool(0);
        final TxQueue tx = driver.device(1).tx();
        final int free = pool.freeCount();
        nics[1].holdTransmit(true);
        for (int i = 0; i < 100; i++) {
            nics[0].receiveFromWire(frame(0, i));
        }
        pollUntilIdle();
        assertEquals(100, tx.buffersHeld());
        assertEquals(free - 100, pool.freeCount(), "the card has sent nothing: no buffer is back");
        assertEquals(0, sinks[1].count());

        nics[1].holdTransmit(false); // the card sends its backlog and writes DD back
        assertEquals(100, sinks[1].count());
        assertEquals(free - 100, pool.freeCount(), "freed only when the driver next transmits");

        nics[0].receiveFromWire(frame(0, 100));
        pollUntilIdle();
        assertEquals(100 + 1 - 3 * 32, tx.buffersHeld(), "three whole batches of 32 cleaned, the rest wait");
        assertEquals(free - (100 + 1 - 3 * 32), pool.freeCount());
        assertForwarded(0, 101);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ixy", "ixy-batched"})
    void droppedAndUnsendableFramesGoBackToTheirPool(final String name) {
        open(name, (packet, input, now) -> (packet.getU16(18) % 3 == 0 ? NetworkFunction.DROP : 1));
        nics[1].setLinkUp(false); // port 1 holds its descriptors: its ring fills up
        for (int i = 0; i < 1500; i++) {
            nics[0].receiveFromWire(frame(0, i));
            driver.pollOnce();
        }
        final DriverCounters counters = driver.counters();
        assertEquals(1500, counters.received);
        assertEquals(500, counters.droppedByNf);
        assertEquals(RING - 1, counters.transmitted);
        assertEquals(1000 - (RING - 1), counters.transmitFailed);
        nics[1].setLinkUp(true);
        assertEquals(RING - 1, sinks[1].count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ixy", "ixy-batched"})
    void parametersReachTheCard(final String name) {
        open(name, OTHER_PORT, IxyParameters.RX_RING_SIZE, "64", IxyParameters.TX_RING_SIZE, "128",
                IxyParameters.TX_WTHRESH, "0");
        assertEquals(64 * 16, nics[0].registers().read(Regs.RDLEN(0)));
        assertEquals(128 * 16, nics[1].registers().read(Regs.TDLEN(0)));
        assertEquals(0, Regs.field(nics[1].registers().read(Regs.TXDCTL(0)), Regs.TXDCTL_.WTHRESH));
        final int srrctl = nics[0].registers().read(Regs.SRRCTL(0));
        assertEquals(Regs.SRRCTL_.DESCTYPE_ADVANCED_ONE_BUFFER, Regs.field(srrctl, Regs.SRRCTL_.DESCTYPE),
                "written through the alias, read through the per-queue form");
        for (int i = 0; i < 500; i++) {
            nics[0].receiveFromWire(frame(0, i));
            driver.pollOnce();
        }
        assertForwarded(0, 500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ixy", "ixy-batched"})
    void aLinkDownAtStartIsNotAnError(final String name) {
        nics[1].setLinkUp(false);
        open(name, OTHER_PORT, IxyParameters.LINK_WAIT_MS, "0");
        // Without waiting, ixy sees port 0's link still training after the reset (as on a card) and
        // port 1's cable pulled; neither is an error.
        assertFalse(driver.device(1).linkUp());
        nics[0].awaitLinkUp(2_000_000_000L);
        nics[1].setLinkUp(true);
        nics[1].awaitLinkUp(2_000_000_000L);
        nics[0].receiveFromWire(frame(0, 0));
        pollUntilIdle();
        assertForwarded(0, 1);
    }

}
