package nicharness.dpdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import nicharness.driver.DriverRegistry;
import nicharness.env.IdleStrategy;
import nicharness.ixgbe.Regs;
import nicharness.model.DrivingMode;
import nicharness.model.EngineThread;
import nicharness.model.NicModel;
import nicharness.model.RecordingSink;
import nicharness.testbed.ModelPorts;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both variants against the software 82599 on its own engine thread, as in performance runs: the
 * card writes receive descriptors and reads transmit descriptors while the driver works on the
 * others, so this exercises the acquire on DD (receive scan, transmit reclaim) and the release of
 * RDT and TDT, with strict mode and the mempool's debug checks on. Frames are injected in chunks
 * that the receive ring always has room for, so nothing may be dropped and the outcome is exact.
 */
class DpdkThreadedModelTest {
    private static final ValueLayout.OfInt SEQUENCE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Fewer than the descriptors the card owns at any time: N - 1 minus one group of 32 not yet re-armed. */
    private static final int CHUNK = 64;
    private static final int CHUNKS = 40; // 2560 frames: 16 turns of the 160-descriptor ring, 5 of the 512 one

    @ParameterizedTest
    @ValueSource(strings = {DpdkModel.NAME, DpdkBatchedModel.NAME})
    @Timeout(60)
    void everyFrameCrossesTheThreadsOnceAndInOrder(final String variant) {
        try (ModelPorts model = ModelPorts.builder(2).hostBytes(HostMemorySize.forDefaultPool(2))
                .each((port, p) -> port.mode(DrivingMode.THREADED)).build()) {
            final NicModel in = model.port(0);
            final NicModel out = model.port(1);
            final RecordingSink wire = new RecordingSink();
            out.connect(wire);
            final DpdkDriver driver = (DpdkDriver) DriverRegistry.byName(variant).open(
                    model.setup((packet, input, now) -> 1 - input).withIdle(IdleStrategy.YIELD)
                            .with(DpdkConfig.MEMPOOL_DEBUG, "1"));
            try (EngineThread engines = new EngineThread("dpdk-test-engines", IdleStrategy.YIELD, in, out)) {
                engines.start();
                final byte[] frame = new byte[60];
                frame[6] = 0x02;
                int sent = 0;
                for (int chunk = 0; chunk < CHUNKS; chunk++) {
                    for (int i = 0; i < CHUNK; i++, sent++) {
                        MemorySegment.ofArray(frame).set(SEQUENCE, 14, sent);
                        // A full injection ring means the engine thread is behind: wait for it.
                        Wait.until("room to inject frame " + sent, Wait.DEFAULT, () -> in.receiveFromWire(frame),
                                () -> "sent " + wire.count());
                    }
                    final int expected = sent;
                    Wait.until(expected + " frames sent", Wait.DEFAULT, () -> wire.count() >= expected,
                            () -> "sent " + wire.count() + ", missed " + in.readStatistic(Regs.MPC(0))
                                    + ", mbufs in use " + driver.mempool().inUseCount(),
                            () -> driver.idleStrategy().idle(driver.pollOnce()));
                }
                final List<byte[]> frames = wire.frames();
                assertEquals(sent, frames.size());
                for (int i = 0; i < sent; i++) {
                    assertEquals(i, MemorySegment.ofArray(frames.get(i)).get(SEQUENCE, 14), "frame " + i);
                }
                assertEquals(0, in.readStatistic(Regs.MPC(0)), "no frame found the receive ring full");
                int held = 0;
                for (final EthDev port : driver.ports()) {
                    held += port.rxQueue().mbufsHeld() + port.txQueue().mbufsHeld();
                }
                assertEquals(driver.mempool().inUseCount(), held, "every mbuf in use is on a ring");
            } finally {
                model.assertNoFaults();
            }
        }
    }
}
