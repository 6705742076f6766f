package nicharness.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pcap files a port records, read back. An independent decoder (tshark) reads the paper's NAT and
 * load-balancer output in the harness module's {@code TsharkCaptureTest}, where a driver and the
 * NFs are at hand.
 */
class PcapTest {
    @TempDir
    Path folder;

    /** A frame as read back from a pcap file. */
    record Record(long seconds, long fraction, int capturedLength, int wireLength, byte[] bytes) {
    }

    static int readHeader(final ByteBuffer file) {
        file.order(ByteOrder.LITTLE_ENDIAN);
        final int magic = file.getInt();
        assertEquals(2, file.getShort(), "major version");
        assertEquals(4, file.getShort(), "minor version");
        file.getInt();
        file.getInt();
        assertEquals(PcapWriter.SNAP_LENGTH, file.getInt());
        assertEquals(PcapWriter.LINKTYPE_ETHERNET, file.getInt());
        return magic;
    }

    static List<Record> readRecords(final ByteBuffer file) {
        final List<Record> records = new ArrayList<>();
        while (file.remaining() >= 16) {
            final long seconds = file.getInt() & 0xFFFFFFFFL;
            final long fraction = file.getInt() & 0xFFFFFFFFL;
            final int captured = file.getInt();
            final int wire = file.getInt();
            final byte[] bytes = new byte[captured];
            file.get(bytes);
            records.add(new Record(seconds, fraction, captured, wire, bytes));
        }
        return records;
    }

    private Path record(final PcapWriter.Direction direction, final PcapWriter.Precision precision) {
        final Path file = folder.resolve("port0-" + direction + "-" + precision + ".pcap");
        final Fixture fixture = new Fixture();
        final NicModel nic = fixture.nic(0);
        nic.connect(new RecordingSink());
        nic.tap(PcapWriter.open(file, direction, precision));
        Fixture.bringUp(nic.registers());
        final LoopbackAgent agent = new LoopbackAgent(fixture, nic, 64);
        for (int i = 0; i < 20; i++) {
            nic.receiveFromWire(Fixture.frame(60 + i, i));
            agent.poll();
        }
        Wait.until("the loopback agent to go idle", Wait.DEFAULT, () -> agent.poll() == 0, () -> "still forwarding",
                () -> { });
        nic.faults().assertNone();
        nic.close(); // closes the tap
        fixture.host.close();
        return file;
    }

    @ParameterizedTest
    @EnumSource(PcapWriter.Precision.class)
    void bothDirectionsAreRecordedAndReadBack(final PcapWriter.Precision precision) throws IOException {
        final long before = System.currentTimeMillis() / 1000;
        final Path file = record(PcapWriter.Direction.BOTH, precision);
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        assertEquals(precision == PcapWriter.Precision.NANOSECONDS ? 0xA1B23C4D : 0xA1B2C3D4, readHeader(bytes));
        final List<Record> records = readRecords(bytes);
        assertEquals(40, records.size(), "20 received and 20 transmitted");
        for (int i = 0; i < 20; i++) { // the loopback agent sends each frame back unchanged
            final Record in = records.get(2 * i);
            final Record out = records.get(2 * i + 1);
            assertArrayEquals(Fixture.frame(60 + i, i), in.bytes());
            assertArrayEquals(Fixture.frame(60 + i, i), out.bytes());
            assertEquals(60 + i, in.wireLength());
            assertTrue(in.seconds() >= before && in.seconds() <= before + 60, "wall-clock seconds " + in.seconds());
            assertTrue(in.fraction() < (precision == PcapWriter.Precision.NANOSECONDS ? 1_000_000_000L : 1_000_000L));
        }
    }

    @Test
    void oneDirectionOnly() throws IOException {
        final Path file = record(PcapWriter.Direction.TRANSMITTED, PcapWriter.Precision.MICROSECONDS);
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        readHeader(bytes);
        assertEquals(20, readRecords(bytes).size());
    }
}
