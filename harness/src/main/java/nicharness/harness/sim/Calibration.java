package nicharness.harness.sim;

import java.util.List;

/**
 * What a testbed's CPU calibration learnt ({@code Testbed.calibrate}).
 *
 * @param tables   each simulated core's table with the core's index, in core order; none where polls
 *                 are not timed (real time, a fixed cost), and none for a core whose calibration
 *                 learnt no packet count (its polls are charged as measured)
 * @param attempts how many times the calibration's loads were offered: more than one when the JIT
 *                 compiled during one, so that it had learnt from part of its polls only
 */
public record Calibration(List<CoreTable> tables, int attempts) {

    /** One simulated core's table. */
    public record CoreTable(int core, PollCostTable table) {
    }

    /** No calibration: each poll is charged as it was. */
    public static final Calibration NONE = new Calibration(List.of(), 0);

    public Calibration {
        tables = List.copyOf(tables);
    }
}
