package nicharness.nf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A test buffer that holds one frame between guard bytes, so a test can check that an NF wrote
 * nothing outside the frame, and a reusable {@link Packet} over it with capacity = length (the NF
 * cannot legitimately grow the frame into the guard).
 */
public final class FrameBuffer {

    /** Guard bytes on each side of the frame. */
    public static final int GUARD = 64;

    /** The guard pattern. */
    public static final byte GUARD_BYTE = (byte) 0xA5;

    /** The largest frame this buffer holds. */
    public static final int MAX_FRAME = 2048;

    private final MemorySegment segment = Arena.ofAuto().allocate(GUARD + MAX_FRAME + GUARD, 64);
    private final Packet packet = new Packet();
    private int length;

    /** Copies {@code frame} in, refreshes the guards, and points the packet at it. */
    public Packet load(final byte[] frame) {
        return load(frame, frame.length);
    }

    /** Copies the first {@code frameLength} bytes of {@code frame} in (a truncated frame). */
    public Packet load(final byte[] frame, final int frameLength) {
        segment.fill(GUARD_BYTE);
        MemorySegment.copy(frame, 0, segment, ValueLayout.JAVA_BYTE, GUARD, frameLength);
        length = frameLength;
        return packet.wrap(segment, GUARD, frameLength, frameLength);
    }

    /** The packet view. */
    public Packet packet() {
        return packet;
    }

    /** The segment, frame at offset {@link #GUARD}. */
    public MemorySegment segment() {
        return segment;
    }

    /** The frame's current bytes. */
    public byte[] bytes() {
        return segment.asSlice(GUARD, packet.length()).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Whether every guard byte is intact (allocation-free, for hot loops). */
    public boolean guardsIntact() {
        for (int i = 0; i < GUARD; i++) {
            if (GUARD_BYTE != segment.get(ValueLayout.JAVA_BYTE, i)
                    || GUARD_BYTE != segment.get(ValueLayout.JAVA_BYTE, GUARD + length + i)) {
                return false;
            }
        }
        return true;
    }

    /** Fails if a guard byte changed. */
    public void assertGuardsIntact() {
        for (int i = 0; i < GUARD; i++) {
            assertEquals(GUARD_BYTE, segment.get(ValueLayout.JAVA_BYTE, i), "guard byte " + (i - GUARD) + " before the frame");
            assertEquals(GUARD_BYTE, segment.get(ValueLayout.JAVA_BYTE, GUARD + length + i), "guard byte " + i + " after the frame");
        }
    }
}
