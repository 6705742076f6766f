package nicharness.ixy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import nicharness.driver.Driver;
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
 * The driver against the software 82599 running on its own thread, as in performance runs: the
 * card writes descriptors while the driver reads them, so this exercises the acquire on DD and the
 * release on the tails. Injection is paced by chunks so that nothing is dropped and the outcome is
 * deterministic.
 */
class IxyThreadedModelTest {

    @ParameterizedTest
    @ValueSource(strings = {"ixy", "ixy-batched"})
    @Timeout(60)
    void framesCrossTheThreadsOnceInOrder(final String name) {
        try (ModelPorts model = ModelPorts.builder(2).hostBytes(24L << 20)
                .each((port, p) -> port.mode(DrivingMode.THREADED)).build()) {
            final NicModel[] nics = model.all();
            final RecordingSink sink = new RecordingSink();
            nics[1].connect(sink);
            final Driver driver = DriverRegistry.byName(name).open(
                    model.setup((packet, input, now) -> 1 - input).withIdle(IdleStrategy.YIELD));
            try (EngineThread engines = new EngineThread("ixy-test-engines", IdleStrategy.YIELD, nics)) {
                engines.start();
                final int total = 100 * 64;
                final byte[] frame = new byte[60];
                for (int sent = 0; sent < total; ) {
                    for (int i = 0; i < 64; i++, sent++) {
                        frame[14] = (byte) (sent >>> 8);
                        frame[15] = (byte) sent;
                        // A full injection ring means the engine is behind: wait for it.
                        Wait.until("room to inject frame " + sent, Wait.DEFAULT, () -> nics[0].receiveFromWire(frame),
                                () -> "sent " + sink.count());
                    }
                    final int expected = sent;
                    Wait.until(expected + " frames sent", Wait.DEFAULT, () -> sink.count() >= expected,
                            () -> "sent " + sink.count() + ", dropped " + nics[0].readStatistic(Regs.QPRDC(0))
                                    + ", faults " + nics[0].faults().count() + " and " + nics[1].faults().count(),
                            () -> driver.idleStrategy().idle(driver.pollOnce()));
                }
                final List<byte[]> out = sink.frames();
                assertEquals(total, out.size());
                for (int i = 0; i < total; i++) {
                    assertEquals((byte) (i >>> 8), out.get(i)[14], "frame " + i);
                    assertEquals((byte) i, out.get(i)[15], "frame " + i);
                }
                assertEquals(0, nics[0].readStatistic(Regs.QPRDC(0)));
            } finally {
                model.assertNoFaults();
            }
        }
    }
}
