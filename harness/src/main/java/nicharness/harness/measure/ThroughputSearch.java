package nicharness.harness.measure;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's loss-bounded binary search for the maximum throughput (TinyNF osdi20
 * {@code benchmarking/bench-moongen.lua:272-320}
 * and {@code :12-17}).
 *
 * <p>Rates are wire rates per direction in Mb/s, between {@code RATE_MIN = 0} and the line rate,
 * starting at the line rate. After a step whose loss is within the threshold the best rate becomes
 * this rate, the lower bound rises to it and the next rate is halfway up; otherwise the upper bound
 * falls to it and the next rate is halfway down. The search stops after {@code steps} steps, or at
 * once if the very first step (line rate) passes. The result is {@code floor(directions * best)}
 * Mb/s: with ten steps from 10,000 Mb/s the resolution is 10,000 / 2^9, about 19.5 Mb/s per
 * direction, which is why the paper reports values such as 15,390.
 *
 * <p>One addition for the software wire: a step in which the tester or the model was the limit
 * never passes, since its loss says nothing about the driver. When such a step set the final upper
 * bound, the result is only a lower bound on the driver's throughput, and {@link Result#limitedBy()}
 * says so.
 */
public final class ThroughputSearch {

    /** The paper's line rate per direction, in Mb/s. */
    public static final double LINE_RATE_MBPS = 10_000;

    private final double lineRateMbps;
    private final int steps;
    private final double lossThreshold;

    /**
     * @param lineRateMbps  the first and highest rate per direction
     * @param steps         the most steps (paper: 10)
     * @param lossThreshold the highest loss fraction that passes (0.003 for the figures, 0.001 for Table 3)
     */
    public ThroughputSearch(final double lineRateMbps, final int steps, final double lossThreshold) {
        if (!(lineRateMbps > 0)) {
            throw new IllegalArgumentException("the line rate must be positive: lineRateMbps=" + lineRateMbps);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("a search needs at least one step: steps=" + steps);
        }
        if (!(lossThreshold >= 0 && lossThreshold < 1)) {
            throw new IllegalArgumentException("the loss threshold must be a fraction in [0, 1): lossThreshold=" + lossThreshold);
        }
        this.lineRateMbps = lineRateMbps;
        this.steps = steps;
        this.lossThreshold = lossThreshold;
    }

    /** Measures one step at a rate per direction in Mb/s. */
    @FunctionalInterface
    public interface Step {
        StepResult measure(int stepIndex, double rateMbpsPerDirection);
    }

    /**
     * Runs the search.
     *
     * @param directions 1 or 2: the result is per direction times this
     * @param step       the measurement of one step
     */
    public Result run(final int directions, final Step step) {
        final List<Probe> probes = new ArrayList<>();
        double lower = 0;
        double upper = lineRateMbps;
        double rate = lineRateMbps;
        double best = 0;
        Limit limitedBy = Limit.NOTHING_PASSED;
        for (int i = 0; i < steps; i++) {
            final StepResult result = step.measure(i, rate);
            final boolean passed = !result.testerLimited() && result.lossFraction() <= lossThreshold;
            probes.add(new Probe(i, rate, result, passed));
            if (passed) {
                best = rate;
                lower = rate;
                if (i == 0) {
                    limitedBy = Limit.LINE_RATE;
                    break;
                }
                rate += (upper - rate) / 2;
            } else {
                upper = rate;
                limitedBy = result.testerLimited() ? Limit.TESTER : Limit.DRIVER;
                rate = lower + (rate - lower) / 2;
            }
        }
        if (best == 0) {
            limitedBy = probes.stream().allMatch(p -> p.result().testerLimited()) ? Limit.TESTER : Limit.NOTHING_PASSED;
        } else if (limitedBy != Limit.LINE_RATE) {
            limitedBy = upperBoundLimit(probes, best);
        }
        return new Result(best, Math.floor(directions * best), limitedBy, probes);
    }

    /** The limit that set the lowest failing rate above the best: what stopped the search going higher. */
    private static Limit upperBoundLimit(final List<Probe> probes, final double best) {
        Probe lowestFailing = null;
        for (final Probe p : probes) {
            if (!p.passed() && p.rateMbps() > best && (lowestFailing == null || p.rateMbps() < lowestFailing.rateMbps())) {
                lowestFailing = p;
            }
        }
        return lowestFailing != null && lowestFailing.result().testerLimited() ? Limit.TESTER : Limit.DRIVER;
    }

    /** What bounded the result. */
    public enum Limit {
        /** The line rate passed: the driver keeps up with the wire. */
        LINE_RATE,
        /** A step above the result lost too many packets with the tester on schedule: the driver's maximum. */
        DRIVER,
        /** The tester or the model could not offer the next rate up: the result is only a lower bound. */
        TESTER,
        /** No step passed, not even the lowest. */
        NOTHING_PASSED
    }

    /**
     * One step of a search.
     *
     * @param index    0 for the first step
     * @param rateMbps the offered rate per direction
     * @param result   what it measured
     * @param passed   whether it counted as a pass
     */
    public record Probe(int index, double rateMbps, StepResult result, boolean passed) {
    }

    /**
     * The search's outcome.
     *
     * @param bestMbpsPerDirection the highest passing rate per direction, 0 if none passed
     * @param throughputMbps       floor(directions x best), as the paper reports it
     * @param limitedBy            what set the upper bound
     * @param probes               every step, in order
     */
    public record Result(double bestMbpsPerDirection, double throughputMbps, Limit limitedBy, List<Probe> probes) {
        public Result {
            probes = List.copyOf(probes);
        }
    }
}
