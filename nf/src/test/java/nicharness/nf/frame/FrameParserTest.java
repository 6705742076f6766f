package nicharness.nf.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import nicharness.nf.FrameBuffer;
import nicharness.nf.FrameBuilder;
import nicharness.nf.Packet;
import org.junit.jupiter.api.Test;

/** Header validation (Vigor {@code nf-util.h:116-162}), rule by rule. */
class FrameParserTest {
    private final FrameBuffer buffer = new FrameBuffer();

    private Packet load(final FrameBuilder frame) {
        return buffer.load(frame.build());
    }

    @Test
    void aWellFormedUdpFrameParses() {
        final Packet packet = load(FrameBuilder.udp());
        assertEquals(0, FrameParser.ethernet(packet));
        assertEquals(34, FrameParser.ipv4End(packet));
        assertEquals(34, FrameParser.tcpUdpStart(packet));
        assertEquals(34, FrameParser.tcpUdpStart(load(FrameBuilder.tcp())));
    }

    @Test
    void framesShorterThanAnEthernetHeaderAreMalformed() {
        final byte[] frame = FrameBuilder.udp().build();
        for (int length = 0; length < 14; length++) {
            final Packet packet = buffer.load(frame, length);
            assertEquals(FrameParser.MALFORMED, FrameParser.ethernet(packet), "length " + length);
            assertEquals(FrameParser.MALFORMED, FrameParser.ipv4End(packet), "length " + length);
            assertEquals(FrameParser.MALFORMED, FrameParser.tcpUdpStart(packet), "length " + length);
        }
        assertEquals(0, FrameParser.ethernet(buffer.load(frame, 14)));
    }

    @Test
    void nonIpv4IsUnhandledNotMalformed() {
        assertEquals(FrameParser.UNHANDLED, FrameParser.ipv4End(load(FrameBuilder.udp().etherType(0x0806))));
        assertEquals(FrameParser.UNHANDLED, FrameParser.tcpUdpStart(load(FrameBuilder.udp().etherType(0x86DD))));
        assertEquals(FrameParser.UNHANDLED, FrameParser.ipv4End(buffer.load(FrameBuilder.udp().etherType(0x0806).build(), 14)));
    }

    @Test
    void ipv4NeedsTwentyBytesAfterTheEthernetHeader() {
        final byte[] frame = FrameBuilder.udp().totalLength(20).build();
        for (int length = 14; length < 34; length++) {
            assertEquals(FrameParser.MALFORMED, FrameParser.ipv4End(buffer.load(frame, length)), "length " + length);
        }
        assertEquals(34, FrameParser.ipv4End(buffer.load(frame, 34)));
    }

    @Test
    void ihlBelowFiveIsMalformed() {
        for (int ihl = 0; ihl < 5; ihl++) {
            assertEquals(FrameParser.MALFORMED, FrameParser.ipv4End(load(FrameBuilder.udp().ihl(ihl))), "ihl " + ihl);
        }
    }

    @Test
    void totalLengthMustFitTheFrameButPaddingIsFine() {
        assertEquals(FrameParser.MALFORMED, FrameParser.ipv4End(load(FrameBuilder.udp().totalLength(47))));
        assertEquals(34, FrameParser.ipv4End(load(FrameBuilder.udp().totalLength(46))));
        assertEquals(34, FrameParser.ipv4End(load(FrameBuilder.udp().totalLength(28))));
        assertEquals(34, FrameParser.ipv4End(load(FrameBuilder.udp().totalLength(0))), "Vigor checks no lower bound");
    }

    @Test
    void optionsMoveTheL4HeaderOrMakeTheFrameMalformedWhenTheyRunPastItsEnd() {
        assertEquals(38, FrameParser.tcpUdpStart(load(FrameBuilder.udp().withOptions(1))));
        assertEquals(74, FrameParser.ipv4End(load(FrameBuilder.udp().withOptions(10).length(80).totalLength(60))));
        // IHL 15 claims a 60-byte header in a 60-byte frame: the options run past the end.
        assertEquals(FrameParser.MALFORMED, FrameParser.ipv4End(load(FrameBuilder.udp().ihl(15).totalLength(20))));
    }

    @Test
    void l4NeedsTcpOrUdpAndFourBytesOfPorts() {
        assertEquals(34, FrameParser.ipv4End(load(FrameBuilder.udp().protocol(1))), "ICMP is fine for IPv4 alone");
        assertEquals(FrameParser.UNHANDLED, FrameParser.tcpUdpStart(load(FrameBuilder.udp().protocol(1))));
        final byte[] frame = FrameBuilder.udp().totalLength(20).build();
        assertEquals(34, FrameParser.tcpUdpStart(buffer.load(frame, 38)), "a 4-byte L4 header is accepted");
        for (int length = 34; length < 38; length++) {
            assertEquals(FrameParser.MALFORMED, FrameParser.tcpUdpStart(buffer.load(frame, length)), "length " + length);
        }
    }
}
