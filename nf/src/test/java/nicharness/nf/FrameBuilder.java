package nicharness.nf;

import java.util.Arrays;

/**
 * Builds test frames field by field, independently of the code under test: a UDP or TCP over IPv4
 * frame, 60 bytes unless told otherwise, with a correct IPv4 header checksum and a zero L4
 * checksum. Setters take values as they read on the wire (big-endian numbers).
 */
public final class FrameBuilder {
    private byte[] frame;

    private FrameBuilder(final int protocol) {
        frame = new byte[60];
        u16(12, 0x0800);
        frame[14] = 0x45;
        u16(16, 46);
        frame[22] = 64;
        frame[23] = (byte) protocol;
        if (17 == protocol) {
            u16(38, 26);
        } else {
            frame[46] = 0x50; // TCP data offset 5
        }
    }

    /** A 60-byte UDP frame, everything else zero. */
    public static FrameBuilder udp() {
        return new FrameBuilder(17);
    }

    /** A 60-byte TCP frame (20-byte header, 6 bytes of payload), everything else zero. */
    public static FrameBuilder tcp() {
        return new FrameBuilder(6);
    }

    public FrameBuilder dstMac(final long mac) {
        return u48(0, mac);
    }

    public FrameBuilder srcMac(final long mac) {
        return u48(6, mac);
    }

    public FrameBuilder etherType(final int type) {
        return u16(12, type);
    }

    public FrameBuilder srcIp(final long ip) {
        return u32(26, ip);
    }

    public FrameBuilder dstIp(final long ip) {
        return u32(30, ip);
    }

    public FrameBuilder protocol(final int protocol) {
        frame[23] = (byte) protocol;
        return this;
    }

    public FrameBuilder totalLength(final int totalLength) {
        return u16(16, totalLength);
    }

    /** Sets the IHL nibble (does not move the L4 header: use {@link #withOptions} for that). */
    public FrameBuilder ihl(final int ihl) {
        frame[14] = (byte) (0x40 | ihl & 0x0F);
        return this;
    }

    /** Inserts {@code words} 32-bit words of IP options (bytes 0x01, NOP) and grows the frame and total length. */
    public FrameBuilder withOptions(final int words) {
        final int extra = 4 * words;
        final byte[] grown = new byte[frame.length + extra];
        System.arraycopy(frame, 0, grown, 0, 34);
        Arrays.fill(grown, 34, 34 + extra, (byte) 0x01);
        System.arraycopy(frame, 34, grown, 34 + extra, frame.length - 34);
        frame = grown;
        frame[14] = (byte) (0x40 | (5 + words));
        u16(16, ((frame[16] & 0xFF) << 8 | frame[17] & 0xFF) + extra);
        return this;
    }

    /** Source port, at the L4 header (after any options). */
    public FrameBuilder srcPort(final int port) {
        return u16(l4(), port);
    }

    public FrameBuilder dstPort(final int port) {
        return u16(l4() + 2, port);
    }

    /** Resizes the frame (zero-padded or truncated); the IPv4 total length is left alone. */
    public FrameBuilder length(final int length) {
        frame = Arrays.copyOf(frame, length);
        return this;
    }

    public FrameBuilder u8(final int offset, final int value) {
        frame[offset] = (byte) value;
        return this;
    }

    public FrameBuilder u16(final int offset, final int value) {
        frame[offset] = (byte) (value >>> 8);
        frame[offset + 1] = (byte) value;
        return this;
    }

    public FrameBuilder u32(final int offset, final long value) {
        u16(offset, (int) (value >>> 16) & 0xFFFF);
        return u16(offset + 2, (int) value & 0xFFFF);
    }

    public FrameBuilder u48(final int offset, final long value) {
        u16(offset, (int) (value >>> 32) & 0xFFFF);
        return u32(offset + 2, value & 0xFFFF_FFFFL);
    }

    private int l4() {
        return 14 + 4 * (frame[14] & 0x0F);
    }

    /** The frame, with the IPv4 header checksum (over the whole IHL) filled in when it fits. */
    public byte[] build() {
        final byte[] out = frame.clone();
        final int ihl = out[14] & 0x0F;
        if (out.length >= 14 + 4 * ihl && ihl >= 5) {
            out[24] = 0;
            out[25] = 0;
            final int checksum = ReferenceChecksum.complement(ReferenceChecksum.sum(out, 14, 4 * ihl));
            out[24] = (byte) (checksum >>> 8);
            out[25] = (byte) checksum;
        }
        return out;
    }
}
