package nicharness.harness.cost;

import java.util.Objects;

/**
 * One figure of the per-packet-cost experiment: one metric of one configuration, measured one way.
 *
 * @param driver      driver variant ({@code tinynf}, {@code dpdk}, ...)
 * @param nf          NF registry name
 * @param metric      what was measured, such as {@code instructions_per_packet}
 * @param value       the value, {@code NaN} when the method is unavailable on this machine
 * @param unit        its unit, such as {@code instructions}, {@code ns}, {@code writes}
 * @param method      how it was measured, with what matters to reproduce it
 * @param paperValue  the paper's or slides' value, {@code NaN} when there is none
 * @param paperSource where {@code paperValue} comes from, empty when there is none
 */
public record CostRow(String driver, String nf, String metric, double value, String unit, String method,
                      double paperValue, String paperSource) {

    public CostRow {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(nf, "nf");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(paperSource, "paperSource");
    }

    /** A row without a paper value. */
    public static CostRow of(final String driver, final String nf, final String metric, final double value,
                             final String unit, final String method) {
        return new CostRow(driver, nf, metric, value, unit, method, Double.NaN, "");
    }

    /** This row with the slides' instruction count beside it, when they give one for this configuration. */
    public CostRow withSlideInstructions() {
        return Table4.slideInstructions(driver, nf)
                .map(v -> new CostRow(driver, nf, metric, value, unit, method, v, Table4.SLIDES))
                .orElse(this);
    }

    /** The paper's label of the NF ({@code nop}, {@code write}, {@code lookup}, {@code pol}). */
    public String variant() {
        return Table4.label(nf);
    }
}
