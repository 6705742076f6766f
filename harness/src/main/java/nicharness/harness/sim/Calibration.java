package nicharness.harness.sim;

import java.util.List;

/**
 * What a testbed's CPU calibration learnt ({@code Testbed.calibrate}).
 *
 * @param tables   each simulated core's table, in core order; empty where polls are not timed (real
 *                 time, a fixed cost), or when a core's calibration learnt no packet count
 * @param attempts how many times the calibration's loads were offered: more than one when the JIT
 *                 compiled during one, so that it had learnt from part of its polls only
 */
public record Calibration(List<PollCostTable> tables, int attempts) {

    /** No calibration: each poll is charged as it was. */
    public static final Calibration NONE = new Calibration(List.of(), 0);

    public Calibration {
        tables = List.copyOf(tables);
    }
}
