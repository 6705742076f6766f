package nicharness.harness.cost;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload of known shape for checking the callgrind method ({@link CallgrindRunner},
 * {@link InstructionsPerPacket}) without any driver: a "packet" is one slot of a 4 KiB ring read,
 * incremented and written back (a load, an add and a store, plus the loop), an "empty poll" is one
 * acquire read of a slot that finds nothing. Both loops run compiled by C2 after a warm-up, so the
 * instructions per packet and per empty poll are small constants that repeat exactly from run to
 * run; a measurement that does not repeat here will not repeat on a driver either.
 *
 * <p>Arguments: one region per argument, {@code packets:emptyPolls}, for example
 * {@code 100000:0 200000:0 0:100000}. Each region prints a {@link RegionReport} line.
 */
public final class CalibrationLoop {

    private static final int SLOTS = 1024;
    private static final VarHandle SLOT = ValueLayout.JAVA_INT.varHandle();
    private static final int WARM_UP_CALLS = 40;
    private static final int WARM_UP_LENGTH = 20_000;

    /** Keeps the loops' results alive so that C2 cannot remove them. */
    private static volatile long sink;

    private CalibrationLoop() {
    }

    /** One region's size. */
    record Region(long packets, long emptyPolls) {
        static Region parse(final String text) {
            final String[] parts = text.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("a region is packets:emptyPolls, for example 100000:0; got " + text);
            }
            return new Region(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
        }
    }

    static long packets(final MemorySegment ring, final long count) {
        long sum = 0;
        for (long i = 0; i < count; i++) {
            final long offset = (i & (SLOTS - 1)) * Integer.BYTES;
            final int value = (int) SLOT.get(ring, offset);
            SLOT.set(ring, offset, value + 1);
            sum += value;
        }
        return sum;
    }

    static long emptyPolls(final MemorySegment ring, final long count) {
        long seen = 0;
        for (long i = 0; i < count; i++) {
            seen += (int) SLOT.getAcquire(ring, 0L) & 0x8000_0000L; // a descriptor-done bit that is never set
        }
        return seen;
    }

    /** Runs the regions given as arguments under the markers. */
    public static void main(final String[] args) {
        final List<Region> regions = new ArrayList<>();
        for (final String arg : args) {
            regions.add(Region.parse(arg));
        }
        final MemorySegment ring = Arena.global().allocate((long) SLOTS * Integer.BYTES, 64);
        long sum = 0;
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            sum += packets(ring, WARM_UP_LENGTH) + emptyPolls(ring, WARM_UP_LENGTH);
        }
        RegionMarkers.warmUp();
        for (final Region region : regions) {
            RegionMarkers.begin();
            sum += packets(ring, region.packets()) + emptyPolls(ring, region.emptyPolls());
            final int dump = RegionMarkers.end();
            System.out.println(new RegionReport(dump, region.packets(), region.emptyPolls()).line());
        }
        sink = sum;
    }
}
