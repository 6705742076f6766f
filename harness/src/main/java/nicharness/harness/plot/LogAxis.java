package nicharness.harness.plot;

import org.knowm.xchart.style.AxesChartStyler;

/**
 * A logarithmic value axis drawn as a linear axis of exponents: a value v is plotted at
 * log10(v) and the ticks are labelled 1, 10, 100, 1000, then 10⁴, 10⁵... Table 2 spans from one
 * function to 10²⁵ paths, and XChart's own logarithmic axis labels every decade and draws eight
 * grid lines inside each, which over twenty-five decades fills the plot with grey; an axis of
 * exponents gets XChart's ordinary tick spacing instead.
 */
final class LogAxis {

    private LogAxis() {
    }

    /** The exponent of {@code value}. */
    static double exponent(final double value) {
        return Math.log10(value);
    }

    /** {@code bar} in exponents; values must be at least 1. */
    static BarChart.Bar bar(final BarChart.Bar bar) {
        if (!bar.present()) {
            return bar;
        }
        if (!(bar.low() >= 1)) {
            throw new IllegalArgumentException("a logarithmic bar chart draws values of at least 1, got " + bar.low());
        }
        return new BarChart.Bar(exponent(bar.median()), exponent(bar.low()), exponent(bar.high()));
    }

    /**
     * Sets an axis of exponents from {@code lowest} to a little above {@code highest} (both
     * exponents), with the ticks labelled as powers of ten.
     */
    static void apply(final AxesChartStyler styler, final double lowest, final double highest) {
        styler.setYAxisMin(Math.min(0, lowest));
        styler.setYAxisMax(Math.max(1, Math.ceil(highest + 0.15)));
        styler.setYAxisTickLabelsFormattingFunction(LogAxis::label);
    }

    /** The label of the tick at exponent {@code e}: the power of ten, empty between integers. */
    static String label(final double e) {
        final long k = Math.round(e);
        if (Math.abs(e - k) > 1e-9) {
            return "";
        }
        if (k >= 0 && k <= 4) {
            return Long.toString((long) Math.pow(10, k));
        }
        return superscriptPower(k);
    }

    /** 10 with {@code k} as a superscript: 10⁻⁴, 10²⁵. */
    static String superscriptPower(final long k) {
        final StringBuilder s = new StringBuilder("10");
        for (final char c : Long.toString(k).toCharArray()) {
            s.append(switch (c) {
                case '-' -> '\u207B';
                case '1' -> '\u00B9';
                case '2' -> '\u00B2';
                case '3' -> '\u00B3';
                default -> (char) ('\u2070' + (c - '0'));
            });
        }
        return s.toString();
    }
}
