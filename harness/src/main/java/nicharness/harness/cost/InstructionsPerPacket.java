package nicharness.harness.cost;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Instructions per packet from several measured regions, with empty polls left out as the paper
 * did (TinyNF osdi20 records a unit of work only after a receive that
 * returned packets: {@code code/tinynf.c:89-109},
 * {@code experiments/baselines/dpdk/measurable-nop/main.c:101-128}).
 *
 * <p>Each region's count is modelled as {@code fixed + perPacket * packets + perEmptyPoll *
 * emptyPolls} and the three coefficients are fitted by least squares. The fixed part (the markers,
 * entering and leaving the loop) cancels as it does in a two-point slope; the empty polls, which a
 * thread that waits for another thread cannot avoid, are charged their own fitted cost instead of
 * the packets'. Give the fit at least two packet counts, and, when the regions had empty polls, a
 * region whose empty polls differ from the others (a calibration region with no traffic does that).
 * When every region had the same number of empty polls, their cost is constant and folds into the
 * fixed part: {@link #perEmptyPoll()} is then {@code NaN}.
 *
 * <p>Regions of the same shape (the same packets and empty polls) are first reduced to their median
 * count: a region in which the JVM did something once (a safepoint, a deoptimisation, a class
 * initialised) stands out in a group of identical regions and does not move its median, so the
 * result repeats from run to run.
 *
 * @param perPacket      instructions per packet, empty polls excluded
 * @param perEmptyPoll   instructions per empty poll, or {@code NaN} if it could not be separated
 * @param fixed          instructions per region independent of its size
 * @param maxResidual    the largest |median - fitted| over the shapes, relative to the median count
 * @param regions        the regions measured
 */
public record InstructionsPerPacket(double perPacket, double perEmptyPoll, double fixed, double maxResidual,
                                    List<RegionCount> regions) {

    public InstructionsPerPacket {
        regions = List.copyOf(regions);
    }

    /**
     * Fits the regions.
     *
     * @throws IllegalArgumentException if the regions cannot determine the coefficients (fewer than
     *                                  two packet counts, or empty polls that vary only with packets)
     */
    public static InstructionsPerPacket fit(final List<RegionCount> regions) {
        final List<RegionCount> medians = medians(regions);
        if (medians.stream().mapToLong(RegionCount::packets).distinct().count() < 2) {
            throw new IllegalArgumentException("instructions per packet need regions with at least two different "
                    + "packet counts (the slope cancels fixed costs); got " + describe(regions));
        }
        final boolean separateEmptyPolls = medians.stream().mapToLong(RegionCount::emptyPolls).distinct().count() > 1;
        final int n = separateEmptyPolls ? 3 : 2;
        // normal equations (X^T X) b = X^T y over the columns [1, packets, emptyPolls]
        final double[][] a = new double[n][n + 1];
        for (final RegionCount r : medians) {
            final double[] x = separateEmptyPolls
                    ? new double[] {1, r.packets(), r.emptyPolls()}
                    : new double[] {1, r.packets()};
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += x[i] * x[j];
                }
                a[i][n] += x[i] * r.instructions();
            }
        }
        final double[] b = solve(a, regions);
        final double perEmptyPoll = separateEmptyPolls ? b[2] : Double.NaN;
        double maxResidual = 0;
        for (final RegionCount r : medians) {
            final double fitted = b[0] + b[1] * r.packets() + (separateEmptyPolls ? b[2] * r.emptyPolls() : 0);
            maxResidual = Math.max(maxResidual, Math.abs(r.instructions() - fitted) / Math.max(1, r.instructions()));
        }
        return new InstructionsPerPacket(b[1], perEmptyPoll, b[0], maxResidual, regions);
    }

    /** One region per shape (packets, empty polls), carrying the median count of the regions of that shape. */
    private static List<RegionCount> medians(final List<RegionCount> regions) {
        final Map<List<Long>, List<RegionCount>> shapes = new LinkedHashMap<>();
        for (final RegionCount r : regions) {
            shapes.computeIfAbsent(List.of(r.packets(), r.emptyPolls()), k -> new ArrayList<>()).add(r);
        }
        final List<RegionCount> medians = new ArrayList<>();
        for (final List<RegionCount> same : shapes.values()) {
            final long[] counts = same.stream().mapToLong(RegionCount::instructions).sorted().toArray();
            final int middle = counts.length / 2;
            final long median = counts.length % 2 == 1 ? counts[middle] : (counts[middle - 1] + counts[middle]) / 2;
            final RegionCount first = same.get(0);
            medians.add(new RegionCount(first.dump(), first.packets(), first.emptyPolls(), median));
        }
        return medians;
    }

    /** Gauss-Jordan elimination with partial pivoting on the augmented matrix {@code a}. */
    private static double[] solve(final double[][] a, final List<RegionCount> regions) {
        final int n = a.length;
        final double[] diagonal = new double[n]; // the columns' own scale, to recognise a vanishing pivot
        for (int i = 0; i < n; i++) {
            diagonal[i] = Math.abs(a[i][i]);
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int row = col + 1; row < n; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            final double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            final double scale = Math.abs(a[col][col]);
            if (scale <= 1e-9 * diagonal[col]) {
                throw new IllegalArgumentException("the regions cannot separate per-packet from per-empty-poll costs "
                        + "(empty polls grow in proportion to packets); add a calibration region with no traffic: "
                        + describe(regions));
            }
            for (int row = 0; row < n; row++) {
                if (row != col) {
                    final double factor = a[row][col] / a[col][col];
                    for (int k = col; k <= n; k++) {
                        a[row][k] -= factor * a[col][k];
                    }
                }
            }
        }
        final double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = a[i][n] / a[i][i];
        }
        return b;
    }

    private static String describe(final List<RegionCount> regions) {
        final StringBuilder s = new StringBuilder();
        for (final RegionCount r : regions) {
            s.append(s.isEmpty() ? "" : ", ").append("(packets=").append(r.packets()).append(" emptyPolls=")
                    .append(r.emptyPolls()).append(" Ir=").append(r.instructions()).append(')');
        }
        return "[" + s + "]";
    }

    @Override
    public String toString() {
        return String.format("%.2f instructions per packet (empty poll %.1f, fixed %.0f, max residual %.2g) over %s",
                perPacket, perEmptyPoll, fixed, maxResidual,
                regions.size() <= 8 ? describe(regions) : regions.size() + " regions in " + medians(regions).size() + " shapes");
    }
}
