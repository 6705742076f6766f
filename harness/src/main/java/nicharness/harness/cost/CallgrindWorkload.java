package nicharness.harness.cost;

import nicharness.testbed.DriverRig;

/**
 * The workload {@link CallgrindCost} runs under callgrind: one driver variant and one NF on a
 * deferred {@link DriverRig}, every {@link DriverRig#round()} in a region of its own.
 *
 * <p>Why one region per round: the engines run only in {@link DriverRig#refill()}, between rounds,
 * and callgrind zeroes the thread's counts when a region begins, so the model's work is never
 * counted, on the same single thread and without any other thread to wait for. Every round
 * receives all {@link DriverRig#roundPackets()} frames without an empty poll, so there is nothing
 * to leave out; a few empty regions (begin, end, nothing between) measure the markers' own cost,
 * which the fit ({@link InstructionsPerPacket}) takes out as the fixed part. The JIT has compiled
 * the loop before the first region ({@code -Xbatch}, {@value #DEFAULT_WARM_UP_ROUNDS} rounds of
 * warm-up), so every round runs the same C2 code and the count repeats exactly.
 *
 * <p>Arguments: {@code driver nf [rounds [warmUpRounds [emptyRegions]]]}.
 */
public final class CallgrindWorkload {
    /** Rounds before the first region: enough calls for C2 (-XX:-TieredCompilation compiles at 10,000). */
    public static final int DEFAULT_WARM_UP_ROUNDS = 2000;
    /** Measured rounds. */
    public static final int DEFAULT_ROUNDS = 48;
    /** Empty regions, for the markers' own cost. */
    public static final int DEFAULT_EMPTY_REGIONS = 16;
    /**
     * The first argument that counts the model instead: each region is one {@link DriverRig#refill()}
     * (both ports' engines transmitting the round's packets, the cable carrying them, the receive
     * engines writing them into the rings), the driver's round outside it.
     */
    public static final String MODEL_SIDE = "--model";

    private CallgrindWorkload() {
    }

    /** Runs the regions and prints one {@link RegionReport} line per region. */
    public static void main(final String[] arguments) {
        final boolean model = arguments.length > 0 && arguments[0].equals(MODEL_SIDE);
        final String[] args = model ? java.util.Arrays.copyOfRange(arguments, 1, arguments.length) : arguments;
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: CallgrindWorkload [" + MODEL_SIDE
                    + "] driver nf [rounds [warmUpRounds [emptyRegions]]]");
        }
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_ROUNDS;
        final int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_WARM_UP_ROUNDS;
        final int empty = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_EMPTY_REGIONS;
        try (DriverRig rig = DriverRig.open(DriverRig.Config.deferred(args[0], args[1]))) {
            for (int i = 0; i < warmUp; i++) {
                rig.round();
                rig.refill();
            }
            RegionMarkers.warmUp();
            final long emptyBefore = rig.driverCounters().emptyPolls;
            final StringBuilder reports = new StringBuilder();
            for (int i = 0; i < empty + rounds; i++) {
                final boolean measured = i >= empty; // the empty regions first, then the rounds
                if (model) {
                    // The driver's round outside the region, the model's refill (both ports'
                    // engines and the cable) inside it.
                    if (measured) {
                        rig.round();
                    }
                    RegionMarkers.begin();
                    if (measured) {
                        rig.refill();
                    }
                    final int dump = RegionMarkers.end();
                    reports.append(new RegionReport(dump, measured ? rig.roundPackets() : 0, 0).line()).append('\n');
                    continue;
                }
                final long before = rig.driverCounters().emptyPolls;
                RegionMarkers.begin();
                if (measured) {
                    rig.round();
                }
                final int dump = RegionMarkers.end();
                final long emptyPolls = rig.driverCounters().emptyPolls - before;
                reports.append(new RegionReport(dump, measured ? rig.roundPackets() : 0, emptyPolls).line()).append('\n');
                rig.refill();
            }
            System.out.print(reports);
            System.out.println("empty polls in the measured rounds: " + (rig.driverCounters().emptyPolls - emptyBefore));
        }
    }
}
