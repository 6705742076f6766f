package nicharness.harness.tester;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import nicharness.nf.traffic.PaperTraffic;

/**
 * Every frame of the paper's throughput traffic, built once: for each direction and each of the
 * 60,000 flows, the 60-byte UDP/IPv4 frame with the flow field at the NF's layer (TinyNF osdi20
 * {@code benchmarking/bench-moongen.lua:68-121},
 * {@link PaperTraffic}). The tester then injects frame {@code (direction, flow)} by its offset, so
 * generating a frame costs a copy and nothing else, as MoonGen's pre-built buffers do.
 */
public final class PaperFrames {

    /** Bytes between two frames: 60 rounded up to a cache line. */
    static final int STRIDE = 64;

    private final MemorySegment frames;
    private final int flows;

    /**
     * @param layer the layer the flows vary at: 2, 3 or 4
     * @param flows how many flows, at most {@link PaperTraffic#MAX_FLOWS}
     */
    public PaperFrames(final int layer, final int flows) {
        if (flows < 1 || flows > PaperTraffic.MAX_FLOWS) {
            throw new IllegalArgumentException("flows must be in [1, " + PaperTraffic.MAX_FLOWS + "]: flows=" + flows);
        }
        this.flows = flows;
        this.frames = Arena.ofAuto().allocate(2L * flows * STRIDE, 64);
        for (int direction = 0; direction < 2; direction++) {
            for (int flow = 0; flow < flows; flow++) {
                PaperTraffic.writeFrame(frames, offset(direction, flow), direction, layer, flow);
            }
        }
    }

    /** The segment holding every frame. */
    public MemorySegment segment() {
        return frames;
    }

    /** Where frame {@code (direction, flow)} starts in {@link #segment()}. */
    public long offset(final int direction, final int flow) {
        return ((long) direction * flows + flow) * STRIDE;
    }

    /** The number of flows. */
    public int flows() {
        return flows;
    }
}
