package nicharness.dpdk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Test frames numbered in their first four bytes, big-endian, so a test can tell their order. */
final class NumberedFrames {
    private NumberedFrames() {
    }

    /** A frame of {@code length} bytes whose first four bytes are {@code sequence}, big-endian. */
    static byte[] frame(final int sequence, final int length) {
        final byte[] frame = new byte[length];
        frame[0] = (byte) (sequence >>> 24);
        frame[1] = (byte) (sequence >>> 16);
        frame[2] = (byte) (sequence >>> 8);
        frame[3] = (byte) sequence;
        for (int i = 4; i < length; i++) {
            frame[i] = (byte) (i * 7 + sequence);
        }
        return frame;
    }

    /** The sequence number of a frame built by {@link #frame}. */
    static int sequence(final byte[] frame) {
        return (frame[0] & 0xFF) << 24 | (frame[1] & 0xFF) << 16 | (frame[2] & 0xFF) << 8 | (frame[3] & 0xFF);
    }

    /** The sequence number of the frame in an mbuf. */
    static int sequence(final Mempool pool, final int mbuf) {
        final MemorySegment m = pool.segment(mbuf);
        final long start = Mbuf.dataStart(pool.header(mbuf));
        return (m.get(ValueLayout.JAVA_BYTE, start) & 0xFF) << 24 | (m.get(ValueLayout.JAVA_BYTE, start + 1) & 0xFF) << 16
                | (m.get(ValueLayout.JAVA_BYTE, start + 2) & 0xFF) << 8 | (m.get(ValueLayout.JAVA_BYTE, start + 3) & 0xFF);
    }
}
