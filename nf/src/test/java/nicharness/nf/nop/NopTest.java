package nicharness.nf.nop;

import static nicharness.nf.NetworkFunction.DROP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.NetworkFunction;
import nicharness.nf.NfPorts;
import nicharness.nf.registry.NfRegistry;
import org.junit.jupiter.api.Test;

/** The no-ops ({@code nicharness.nf.nop} names their originals). */
class NopTest {
    private static final byte[] FRAME = FrameBuilder.udp().dstMac(0x11_22_33_44_55_66L).srcMac(0x12_34_56_78_9A_BCL)
            .srcIp(0x0102_0304L).build();

    private final FrameBuffer buffer = new FrameBuffer();

    private byte[] run(final String name, final int inputPort, final int expectedOutput) {
        final NetworkFunction nf = NfRegistry.create(name, NfPorts.paper(2), Map.of());
        assertEquals(expectedOutput, nf.process(buffer.load(FRAME), inputPort, 0));
        buffer.assertGuardsIntact();
        return buffer.bytes();
    }

    private static int table(final int n) {
        return n * 123 & 0xFF;
    }

    @Test
    void tinyNfNopRewritesBothMacsAndSendsToTheOtherPort() {
        final byte[] out = run("nop", 0, 1);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, Arrays.copyOf(out, 12));
        assertArrayEquals(Arrays.copyOfRange(FRAME, 12, 60), Arrays.copyOfRange(out, 12, 60));
        run("nop", 1, 0);
    }

    @Test
    void theUntouchedNopTouchesNothing() {
        assertArrayEquals(FRAME, run("nop-untouched", 1, 0));
    }

    @Test
    void theWriteNopWritesTheTableStart() {
        final byte[] out = run("nop-write", 0, 1);
        for (int i = 0; i < 6; i++) {
            assertEquals(table(i), out[i] & 0xFF, "dst byte " + i);
        }
        assertArrayEquals(new byte[] {0, 123, (byte) 246, 113, (byte) 236, 103}, Arrays.copyOf(out, 6));
        assertArrayEquals(Arrays.copyOfRange(FRAME, 6, 60), Arrays.copyOfRange(out, 6, 60));
    }

    @Test
    void theLookupNopDerivesTheDestinationFromTheSource() {
        final byte[] out = run("nop-lookup", 0, 1);
        final int[] b = new int[12];
        for (int i = 0; i < 12; i++) {
            b[i] = FRAME[i] & 0xFF;
        }
        final int[] expected = {table(b[6] << 8 | b[7]), table(b[7] << 8 | b[6]), table(b[8] << 8 | b[9]),
            table(b[9] << 8 | b[8]), table(b[10] << 8 | b[11]), table(b[11] << 8 | b[10])};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], out[i] & 0xFF, "dst byte " + i);
        }
        assertArrayEquals(Arrays.copyOfRange(FRAME, 6, 60), Arrays.copyOfRange(out, 6, 60));
    }

    @Test
    void theIxyNopIncrementsByteOne() {
        final byte[] out = run("nop-ixy", 1, 0);
        assertEquals((byte) (FRAME[1] + 1), out[1]);
        out[1] = FRAME[1];
        assertArrayEquals(FRAME, out);
        final NetworkFunction ixy = NfRegistry.create("nop-ixy", NfPorts.paper(2), Map.of());
        final byte[] wrap = FRAME.clone();
        wrap[1] = (byte) 0xFF;
        ixy.process(buffer.load(wrap), 0, 0);
        assertEquals(0, buffer.bytes()[1]);
    }

    @Test
    void portsArePairedAndAnOddPortCountIsRefused() {
        final NetworkFunction nop = NfRegistry.create("nop", NfPorts.paper(4), Map.of());
        assertEquals(3, nop.process(buffer.load(FRAME), 2, 0));
        assertEquals(2, nop.process(buffer.load(FRAME), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> NfRegistry.create("nop-write", NfPorts.paper(3), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> NfRegistry.create("nop", NfPorts.paper(2), Map.of("expire", "1")));
    }

    @Test
    void framesShorterThanAnEthernetHeaderAreDroppedAndCounted() {
        for (final String name : new String[] {"nop", "nop-untouched", "nop-write", "nop-lookup", "nop-ixy"}) {
            final NetworkFunction nf = NfRegistry.create(name, NfPorts.paper(2), Map.of());
            for (int length = 0; length < 14; length++) {
                assertEquals(DROP, nf.process(buffer.load(FRAME, length), 0, 0), name + " at " + length);
                buffer.assertGuardsIntact();
            }
            assertEquals(14, nf.counters().malformedFrames(), name);
        }
    }
}
