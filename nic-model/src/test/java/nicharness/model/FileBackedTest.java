package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import nicharness.env.RegisterSpace;
import nicharness.ixgbe.DeviceBringUp;
import nicharness.ixgbe.DeviceInitException;
import nicharness.ixgbe.LegacyRxDescriptor;
import nicharness.ixgbe.LegacyTxDescriptor;
import nicharness.ixgbe.Regs;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-backed mode: the model maps the file one way, and a driver maps it again (as another
 * process would) and drives the card through plain memory, knowing only the documented layout.
 */
class FileBackedTest {
    @TempDir
    Path folder;

    @Test
    void aDriverOnASecondMappingBringsUpReceivesAndTransmits() throws DeviceInitException {
        final Path path = folder.resolve("nic.model");
        try (ModelFiles modelSide = ModelFiles.create(path, 2, 4L << 20);
             ModelFiles driverSide = ModelFiles.attach(path)) {
            final NicModel nic = NicModel.builder(modelSide.host()).port(1).mode(DrivingMode.DEFERRED)
                    .registerMemory(modelSide.bar0(1)).build();
            final RecordingSink sink = new RecordingSink();
            nic.connect(sink);

            // The driver knows the file, not the model: its registers are plain words in its mapping.
            final RegisterSpace regs = driverSide.driverRegisters(1);
            assertEquals(1 << 2, regs.read(Regs.STATUS) & Regs.STATUS_.LAN_ID, "port 1's BAR0 at its documented place");
            // Each wait of the bring-up gives the model's engine a pass, as time would.
            new DeviceBringUp(regs, 1_000, nanos -> nic.step()).run();
            nic.step();
            final Fixture fixture = new Fixture(driverSide.driverHost());
            final Fixture.Ring rxRing = fixture.new Ring(16);
            final Fixture.Ring txRing = fixture.new Ring(16);
            Fixture.setUpReceive(regs, 0, rxRing, Regs.SRRCTL_.DESCTYPE_LEGACY, true);
            Fixture.setUpTransmit(regs, 0, txRing, 0, 0);
            nic.step(); // the engine sees the enabled queues

            final byte[] frame = Fixture.frame(64, 7);
            assertTrue(nic.receiveFromWire(frame));
            nic.step();
            assertTrue(LegacyRxDescriptor.done(rxRing.qword1(0)), "written back into the driver's mapping");
            assertArrayEquals(frame, rxRing.bytes(0, 64));

            txRing.fill(0, frame);
            txRing.setQword1(0, LegacyTxDescriptor.command(64, true));
            regs.write(Regs.TDT(0), 1);
            assertEquals(0, sink.count(), "deferred: nothing before the engine's pass");
            nic.step();
            assertEquals(1, sink.count());
            assertArrayEquals(frame, sink.frames().get(0));
            assertTrue(LegacyTxDescriptor.done(txRing.qword1(0)));
            assertEquals(1, regs.read(Regs.TDH(0)));

            regs.write(Regs.TDT(0), 16); // beyond the ring of 16
            nic.step();
            assertEquals(1, nic.faults().of(FaultKind.TAIL_OUT_OF_RING).size(), "strict checks see file writes");
            nic.faults().clear();
            nic.close();
        }
    }

    @Test
    void theHeaderDescribesTheLayout() {
        final Path path = folder.resolve("layout.model");
        try (ModelFiles files = ModelFiles.create(path, 3, 1L << 20)) {
            assertEquals(Regs.BAR0_SIZE, files.bar0(2).byteSize());
            assertThrows(IllegalArgumentException.class, () -> files.bar0(3));
        }
        try (ModelFiles files = ModelFiles.attach(path)) {
            assertEquals(3, files.ports());
            assertEquals(0x1_0000_0000L, files.physicalBase());
            assertEquals(1L << 20, files.hostSegment().byteSize());
            assertThrows(IllegalStateException.class, files::host);
        }
        final byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(path);
        } catch (final java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals("NICMODL1", new String(bytes, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        final var le = java.nio.ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(ModelFiles.HEADER_SIZE + 3L * Regs.BAR0_SIZE, le.getLong(32), "host offset");
        assertEquals(ModelFiles.HEADER_SIZE + 3L * Regs.BAR0_SIZE + (1L << 20), bytes.length);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void anEngineThreadServesAFileBackedPort() throws Exception {
        final Path path = folder.resolve("threaded.model");
        try (ModelFiles modelSide = ModelFiles.create(path, 1, 4L << 20);
             ModelFiles driverSide = ModelFiles.attach(path)) {
            final NicModel nic = NicModel.builder(modelSide.host()).mode(DrivingMode.THREADED)
                    .registerMemory(modelSide.bar0(0)).build();
            final CountingSink sink = new CountingSink();
            nic.connect(sink);
            nic.start();
            try {
                serveFromAnotherMapping(nic, sink, driverSide);
            } finally {
                nic.close(); // before the files are unmapped
            }
        }
    }

    private static void serveFromAnotherMapping(final NicModel nic, final CountingSink sink, final ModelFiles driverSide)
            throws DeviceInitException {
        {
            final RegisterSpace regs = driverSide.driverRegisters(0);
            new DeviceBringUp(regs, 1_000_000_000L, DeviceBringUp.Sleeper.PARK).run();
            final Fixture fixture = new Fixture(driverSide.driverHost());
            final Fixture.Ring ring = fixture.new Ring(16);
            Fixture.setUpTransmit(regs, 0, ring, 0, 0);
            for (int i = 0; i < 15; i++) {
                final byte[] frame = Fixture.frame(64, i);
                ring.fill(i, frame);
                ring.buffer(i).set(CountingSink.SEQUENCE, 14, i);
                ring.setQword1(i, LegacyTxDescriptor.command(64, true));
            }
            regs.write(Regs.TDT(0), 15);
            Wait.until("15 frames on the wire", Wait.DEFAULT, () -> sink.count() >= 15,
                    () -> sink.count() + " frames, TDH " + regs.read(Regs.TDH(0)), Thread::onSpinWait);
            assertEquals(0, sink.outOfOrder());
            Wait.until("DD on transmit descriptor 14", Wait.DEFAULT, () -> LegacyTxDescriptor.done(ring.qword1(14)),
                    () -> "qword1 = 0x" + Long.toHexString(ring.qword1(14)), Thread::onSpinWait);
            nic.faults().assertNone();
        }
    }

    static {
        // The frame layout the sinks check: the sequence number is a big-endian int at byte 14.
        assertEquals(ByteOrder.BIG_ENDIAN, CountingSink.SEQUENCE.order());
        assertEquals(4, ValueLayout.JAVA_INT.byteSize());
    }
}
