package nicharness.harness.trial;

import java.util.ArrayList;
import java.util.List;
import nicharness.harness.measure.LatencyStatistics;
import org.HdrHistogram.Histogram;

/**
 * A testbed with known answers and no model: a driver that forwards up to {@code capacityGbps} per
 * direction, a tester that can offer up to {@code testerCeilingGbps} per direction, and latency
 * that grows with the load.
 */
public final class FakeTestbed implements Testbed {

    final double capacityGbps;
    final double testerCeilingGbps;
    final int directions;
    final List<Load> offered = new ArrayList<>();
    int warmups;
    int heatups;
    boolean closed;

    public FakeTestbed(final double capacityGbps, final double testerCeilingGbps, final int directions) {
        this.capacityGbps = capacityGbps;
        this.testerCeilingGbps = testerCeilingGbps;
        this.directions = directions;
    }

    @Override
    public void warmUp(final Load load) {
        warmups++;
    }

    @Override
    public Measurement heatUp(final double seconds, final double gbpsPerDirection) {
        heatups++;
        return measure(new Load(gbpsPerDirection, seconds, 0, 0, 8));
    }

    @Override
    public Measurement offer(final Load load) {
        offered.add(load);
        return measure(load);
    }

    private Measurement measure(final Load load) {
        final double achieved = Math.min(load.gbpsPerDirection(), testerCeilingGbps);
        final long frames = Math.round(achieved * 1e9 * load.seconds() / Trial.WIRE_BITS_PER_FRAME);
        final long probes = Math.round(load.probesPerSecond() * load.seconds());
        final long[] offeredFrames = new long[directions];
        final long[] returned = new long[directions];
        for (int d = 0; d < directions; d++) {
            offeredFrames[d] = frames + (d == 0 ? probes : 0);
            final double forwardedShare = achieved <= capacityGbps ? 1 : capacityGbps / achieved;
            returned[d] = Math.round(offeredFrames[d] * forwardedShare);
        }
        Histogram latency = null;
        if (probes > 0) {
            latency = LatencyStatistics.newHistogram();
            final long base = 1_000 + Math.round(1_000 * load.gbpsPerDirection() / capacityGbps);
            for (long i = 0; i < probes; i++) {
                latency.recordValue(base + i % 100);
            }
        }
        long dropped = 0;
        for (int d = 0; d < directions; d++) {
            dropped += offeredFrames[d] - returned[d];
        }
        return new Measurement(offeredFrames, returned, achieved * directions, dropped, 0, 100,
                achieved / testerCeilingGbps, load.gbpsPerDirection() > testerCeilingGbps, latency, probes, 0, 0, 1, 1, 0, false);
    }

    @Override
    public void close() {
        closed = true;
    }
}
