package nicharness.tinynf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nicharness.env.IdleStrategy;
import nicharness.model.DrivingMode;
import nicharness.model.NicModel;
import nicharness.model.RecordingSink;
import nicharness.nf.NetworkFunction;
import nicharness.nf.Packet;
import nicharness.testbed.ModelPorts;
import nicharness.testing.Wait;

/**
 * Software 82599 ports on one host memory ({@link ModelPorts}), strict checks on, each port's wire
 * recorded, and the TinyNF driver opened on them: the end-to-end tests' fixture.
 *
 * <p>Test frames are 60 bytes: destination and source MAC, EtherType 0x88B5 (local experimental),
 * then the port the frame was injected on (byte 14) and a sequence number (bytes 16 to 19).
 */
final class TestBed implements AutoCloseable {
    static final int FRAME_LENGTH = 60;
    static final int INPUT_PORT_OFFSET = 14;
    static final int SEQUENCE_OFFSET = 16;

    private final ModelPorts ports;
    final NicModel[] cards;
    final RecordingSink[] wires;
    private final DrivingMode mode;
    TinyNfDriver driver;

    TestBed(final int ports, final DrivingMode mode) {
        this.mode = mode;
        this.ports = ModelPorts.builder(ports).hostBytes(8L << 20).each((port, p) -> port.mode(mode)).build();
        cards = this.ports.all();
        wires = new RecordingSink[ports];
        for (int p = 0; p < ports; p++) {
            wires[p] = new RecordingSink();
            cards[p].connect(wires[p]);
        }
    }

    TestBed(final int ports) {
        this(ports, DrivingMode.SYNCHRONOUS);
    }

    /** Opens TinyNF on every port with {@code nf} and the given parameters ("name=value"). */
    TinyNfDriver open(final NetworkFunction nf, final String... parameters) {
        final Map<String, String> values = new HashMap<>();
        for (final String parameter : parameters) {
            final String[] pair = parameter.split("=", 2);
            values.put(pair[0], pair[1]);
        }
        // TinyNF does not wait for the link (osdi20 ixgbe.c:689-692 leaves the link to the EEPROM);
        // opening waits, as MoonGen waits for its ports, so that no test frame meets a link still training.
        driver = (TinyNfDriver) ports.open(new TinyNfModel(),
                ports.setup(nf).withIdle(IdleStrategy.NONE).withParameters(values));
        return driver;
    }

    static byte[] frame(final int inputPort, final int sequence) {
        final byte[] frame = new byte[FRAME_LENGTH];
        for (int i = 0; i < 6; i++) {
            frame[i] = (byte) 0xFF; // broadcast destination
        }
        frame[6] = 0x02;
        frame[11] = (byte) (0x10 + inputPort);
        frame[12] = (byte) 0x88;
        frame[13] = (byte) 0xB5;
        frame[INPUT_PORT_OFFSET] = (byte) inputPort;
        frame[SEQUENCE_OFFSET] = (byte) (sequence >>> 24);
        frame[SEQUENCE_OFFSET + 1] = (byte) (sequence >>> 16);
        frame[SEQUENCE_OFFSET + 2] = (byte) (sequence >>> 8);
        frame[SEQUENCE_OFFSET + 3] = (byte) sequence;
        return frame;
    }

    static int sequence(final byte[] frame) {
        return ((frame[SEQUENCE_OFFSET] & 0xFF) << 24) | ((frame[SEQUENCE_OFFSET + 1] & 0xFF) << 16)
                | ((frame[SEQUENCE_OFFSET + 2] & 0xFF) << 8) | (frame[SEQUENCE_OFFSET + 3] & 0xFF);
    }

    /** Puts frame {@code sequence} on the wire of {@code port}; whether the card took it. */
    boolean inject(final int port, final int sequence) {
        return cards[port].receiveFromWire(frame(port, sequence));
    }

    /** Lets the engines run, in the modes where they wait for it. */
    int step() {
        int work = 0;
        if (mode == DrivingMode.DEFERRED) {
            for (final NicModel card : cards) {
                work += card.step();
            }
        }
        return work;
    }

    /** Polls (and steps the cards) until nothing moves; returns the packets the driver received. */
    int pollUntilIdle() {
        final int[] total = new int[1];
        final boolean[] idle = new boolean[1];
        Wait.until("the driver and the cards to go idle", Wait.DEFAULT, () -> idle[0],
                () -> "the driver received " + total[0] + " packets so far, the wires carry "
                        + Arrays.stream(wires).map(w -> String.valueOf(w.count())).toList() + " frames",
                () -> {
                    final int work = step();
                    final int received = driver.pollOnce();
                    total[0] += received;
                    idle[0] = received == 0 && work == 0 && step() == 0;
                });
        return total[0];
    }

    /** The sequence numbers of the frames {@code port} sent on its wire, in order. */
    List<Integer> sent(final int port) {
        return wires[port].frames().stream().map(TestBed::sequence).toList();
    }

    /** The frames {@code port} sent on its wire, in order. */
    List<byte[]> frames(final int port) {
        return wires[port].frames();
    }

    /** Strict mode found nothing on any card. */
    void assertNoFaults() {
        ports.assertNoFaults();
    }

    static List<Integer> range(final int from, final int to) {
        final List<Integer> list = new ArrayList<>();
        for (int i = from; i < to; i++) {
            list.add(i);
        }
        return list;
    }

    static void assertInOrderExactlyOnce(final List<Integer> expected, final List<Integer> actual, final String what) {
        assertEquals(expected.size(), actual.size(), what + ": count");
        assertEquals(expected, actual, what);
    }

    /** Sends each frame to the other of two ports, rewriting its destination MAC to 02:00:00:00:00:0p. */
    static final class CrossPorts implements NetworkFunction {
        @Override
        public int process(final Packet packet, final int inputPort, final long nowNanos) {
            final int output = 1 - inputPort;
            packet.setU16(0, 0x0200);
            packet.setU32(2, output);
            return output;
        }
    }

    @Override
    public void close() {
        ports.close();
    }
}
