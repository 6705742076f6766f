package nicharness.harness.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nicharness.driver.Driver;
import nicharness.env.IdleStrategy;
import nicharness.model.NicModel;
import nicharness.model.PcapWriter;
import nicharness.model.RecordingSink;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;
import nicharness.nf.traffic.PaperTraffic;
import nicharness.testbed.ModelPorts;
import nicharness.testing.Wait;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the paper's NAT and load balancer put on the wire, as an independent decoder sees it: a
 * driver runs the NF on two software 82599 ports, the paper's traffic goes in (MoonGen's frames,
 * {@link PaperTraffic}), each port records what it transmits with its {@link PcapWriter}, and
 * tshark decodes the files with IPv4 and UDP checksum validation on. Every frame must be IPv4 and
 * UDP with both checksums good (both NFs rewrite a header and recompute them), and tshark must see
 * exactly the frames the ports sent.
 *
 * <p>tshark is required: without it this test fails (CI's {@code .ci/run} installs the Debian
 * package {@code tshark}). Only its standard output is counted; what it prints on standard error
 * (for example "Running as user root") is kept apart and shown only when it fails.
 */
class TsharkCaptureTest {
    /** Flows per direction: a few turns of every ring, a few seconds in tshark. */
    private static final int FLOWS = 2_000;
    /** Frames injected before the driver drains them: fewer than any receive ring holds. */
    private static final int CHUNK = 64;

    @TempDir
    Path folder;

    /**
     * @param nf      the NF, with the paper's configuration
     * @param driver  the driver that runs it
     * @param first   the direction injected first (the load balancer's heat-up is direction 1)
     * @param sent0   frames port 0 must transmit
     * @param sent1   frames port 1 must transmit
     */
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
        // NAT (WAN = port 1): direction 0 opens FLOWS flows and leaves on port 1, direction 1 replies
        // to each of them and is translated back out of port 0.
        "nat, tinynf, 0, 2000, 2000",
        "nat, dpdk,   0, 2000, 2000",
        // Load balancer (WAN = port 0): heartbeats from the backend side (direction 1) register
        // one backend and are dropped; client flows (direction 0) go to it on port 1.
        "lb,  tinynf, 1, 0,    2000",
        "lb,  ixy,    1, 0,    2000",
    })
    @Timeout(120)
    void everyFrameTheNfSendsIsIpv4AndUdpWithGoodChecksums(final String nf, final String driver, final int first,
                                                           final int sent0, final int sent1)
            throws IOException, InterruptedException {
        final Path[] files = {folder.resolve(nf + "-" + driver + "-port0.pcap"), folder.resolve(nf + "-" + driver + "-port1.pcap")};
        final RecordingSink[] wires = {new RecordingSink(), new RecordingSink()};
        try (ModelPorts model = ModelPorts.builder(2).build(); Arena arena = Arena.ofConfined()) {
            final NicModel[] nics = model.all(); // synchronous, strict
            for (int p = 0; p < 2; p++) {
                nics[p].connect(wires[p]);
                nics[p].tap(PcapWriter.open(files[p], PcapWriter.Direction.TRANSMITTED, PcapWriter.Precision.NANOSECONDS));
            }
            final NetworkFunction function = NfRegistry.create(nf, NfPorts.paper(2), Map.of());
            final Driver running = model.open(driver, model.setup(function).withIdle(IdleStrategy.NONE));
            final int layer = NfRegistry.trafficLayer(nf);
            final MemorySegment frame = arena.allocate(PaperTraffic.FRAME_LENGTH);
            for (final int direction : new int[] {first, 1 - first}) {
                for (int flow = 0; flow < FLOWS; flow += CHUNK) {
                    for (int f = flow; f < Math.min(FLOWS, flow + CHUNK); f++) {
                        PaperTraffic.writeFrame(frame, 0, direction, layer, f);
                        assertTrue(nics[direction].receiveFromWire(frame, 0, PaperTraffic.FRAME_LENGTH),
                                "the receive ring of port " + direction + " has room for flow " + f);
                    }
                    drain(running);
                }
            }
            running.close();
            model.assertNoFaults();
        } // closing the ports closes the pcap writers
        assertEquals(sent0, wires[0].count(), "frames port 0 transmitted");
        assertEquals(sent1, wires[1].count(), "frames port 1 transmitted");
        for (int p = 0; p < 2; p++) {
            final List<String> rows = tshark(files[p]);
            assertEquals(wires[p].count(), rows.size(), "frames tshark decoded from port " + p + "'s capture");
            for (final String row : rows) {
                // frame.number, eth.type, ip.version, ip.proto, ip.checksum.status, udp.checksum.status
                final String[] field = row.split(",", -1);
                assertEquals(6, field.length, "port " + p + ": " + row);
                final String where = "port " + p + " frame " + field[0] + " (" + row + ")";
                assertEquals("0x0800", field[1], where + ": EtherType IPv4");
                assertEquals("4", field[2], where + ": IP version");
                assertEquals("17", field[3], where + ": UDP");
                assertEquals(GOOD, field[4], where + ": IPv4 header checksum status (1 = good)");
                assertEquals(GOOD, field[5], where + ": UDP checksum status (1 = good)");
            }
        }
    }

    /** Wireshark's PROTO_CHECKSUM_E_GOOD, as {@code -T fields} prints a checksum status field. */
    private static final String GOOD = "1";

    /** Polls until the driver has been idle for 64 polls in a row, so that partial batches leave. */
    private static void drain(final Driver driver) {
        final int[] idle = new int[1];
        Wait.until("64 empty polls in a row", Wait.DEFAULT, () -> idle[0] >= 64, () -> "the driver still receives",
                () -> idle[0] = driver.pollOnce() == 0 ? idle[0] + 1 : 0);
    }

    /** One line per frame of {@code file}, as tshark decodes it with checksum validation on. */
    private List<String> tshark(final Path file) throws IOException, InterruptedException {
        final Path errors = folder.resolve(file.getFileName() + ".tshark-stderr.txt");
        final Process process;
        try {
            process = new ProcessBuilder("tshark", "-n", "-r", file.toString(),
                    "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                    "-T", "fields", "-E", "separator=,", "-E", "occurrence=f",
                    "-e", "frame.number", "-e", "eth.type", "-e", "ip.version", "-e", "ip.proto",
                    "-e", "ip.checksum.status", "-e", "udp.checksum.status")
                    .redirectError(errors.toFile()) // tshark's warnings are not frames
                    .start();
        } catch (final IOException e) {
            throw new AssertionError("tshark could not be started, and this test needs it: install the Debian package"
                    + " tshark (CI's .ci/run does): " + e.getMessage(), e);
        }
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark did not end within 60 s on " + file);
        final String stderr = Files.readString(errors);
        assertEquals(0, process.exitValue(), "tshark's exit status; its standard error:\n" + stderr);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }
}
