package nicharness.harness.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import nicharness.driver.Cores;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * How one driver variant looks in every chart: the same colour, marker, line and name wherever
 * it appears, so that a reader who has learnt the legend of one figure can read all of them.
 *
 * <p>The colours are the Okabe-Ito palette, which stays distinguishable for the common kinds of
 * colour blindness; the markers and the dashes of the batched variants keep the series apart when
 * the paper is printed in grey. Each model has one hue family: DPDK reds and oranges, ixy blues,
 * TinyNF green. The names are the paper's legend entries ("DPDK, batched").
 *
 * @param driver the driver's registry name ({@code tinynf}, {@code dpdk-batched}, ...)
 * @param label  the name in legends, as the paper writes it
 * @param colour the series colour
 * @param marker the point marker of line charts
 * @param dashed whether lines are dashed (the batched variants)
 */
public record DriverStyle(String driver, String label, Color colour, Marker marker, boolean dashed) {

    /** The drivers in the order of the paper's legends: DPDK, DPDK batched, Ixy, Ixy batched, TinyNF. */
    public static final List<String> ORDER = List.of("dpdk-verified", "dpdk-verified-policer", "dpdk", "dpdk-batched",
            "dpdk-batched-policer", "ixy", "ixy-batched", "tinynf");

    private static final Map<String, DriverStyle> KNOWN = Map.of(
            "dpdk-verified", new DriverStyle("dpdk-verified", "DPDK, verified", new Color(0xA0, 0x30, 0x00),
                    SeriesMarkers.CROSS, false),
            "dpdk-verified-policer", new DriverStyle("dpdk-verified-policer", "DPDK, verified (policer app)",
                    new Color(0xA0, 0x30, 0x00), SeriesMarkers.CROSS, false),
            "dpdk-batched-policer", new DriverStyle("dpdk-batched-policer", "DPDK, batched (policer app)",
                    new Color(0xE6, 0x9F, 0x00), SeriesMarkers.DIAMOND, true),
            "dpdk", new DriverStyle("dpdk", "DPDK", new Color(0xD5, 0x5E, 0x00), SeriesMarkers.SQUARE, false),
            "dpdk-batched", new DriverStyle("dpdk-batched", "DPDK, batched", new Color(0xE6, 0x9F, 0x00),
                    SeriesMarkers.DIAMOND, true),
            "ixy", new DriverStyle("ixy", "Ixy", new Color(0x00, 0x72, 0xB2), SeriesMarkers.TRIANGLE_UP, false),
            "ixy-batched", new DriverStyle("ixy-batched", "Ixy, batched", new Color(0x56, 0xB4, 0xE9),
                    SeriesMarkers.TRIANGLE_DOWN, true),
            "tinynf", new DriverStyle("tinynf", "TinyNF", new Color(0x00, 0x9E, 0x73), SeriesMarkers.CIRCLE, false));

    /** Colours for variants the paper does not have, in the order they are first asked for. */
    private static final List<Color> OTHERS = List.of(new Color(0xCC, 0x79, 0xA7), new Color(0x55, 0x55, 0x55),
            new Color(0xF0, 0xE4, 0x42), new Color(0x99, 0x66, 0x33));
    private static final List<Marker> OTHER_MARKERS = List.of(SeriesMarkers.CROSS, SeriesMarkers.PLUS,
            SeriesMarkers.OVAL, SeriesMarkers.TRAPEZOID);

    /** Width of data lines, in the chart's logical pixels. */
    public static final float LINE_WIDTH = 2.2f;

    /**
     * The style of {@code driver}. A variant the paper does not have gets a colour and a marker
     * of its own, chosen from its name so that it is the same in every chart of a run.
     */
    public static DriverStyle of(final String driver) {
        final DriverStyle known = KNOWN.get(driver);
        if (known != null) {
            return known;
        }
        final int cores = Cores.coresOf(driver);
        final DriverStyle model = KNOWN.get(Cores.modelName(driver));
        if (cores > 1 && model != null) {
            // The paper's "2 cores" lines: the model's hue, darker, its marker, and a dotted line
            // (dash-dotted for a batched variant) where the one-core line is solid (dashed).
            return new DriverStyle(driver, model.label() + ", " + cores + " cores", mix(model.colour(), Color.BLACK, 0.35),
                    model.marker(), model.dashed());
        }
        final int pick = Math.floorMod(driver.hashCode(), OTHERS.size());
        return new DriverStyle(driver, driver, OTHERS.get(pick), OTHER_MARKERS.get(pick), driver.contains("batch"));
    }

    /**
     * Sorts driver names into the paper's legend order, unknown variants last in alphabetical order.
     */
    public static List<String> inLegendOrder(final java.util.Collection<String> drivers) {
        return drivers.stream().distinct().sorted((a, b) -> {
            final int ia = legendRank(a);
            final int ib = legendRank(b);
            if (ia >= 0 && ib >= 0) {
                return Integer.compare(ia, ib);
            }
            if (ia >= 0 || ib >= 0) {
                return ia >= 0 ? -1 : 1;
            }
            return a.compareTo(b);
        }).toList();
    }

    /** A driver's place in {@link #ORDER}, the variants on N cores after those on N - 1 (the paper's "1 core", then "2 cores"); -1 if unknown. */
    private static int legendRank(final String driver) {
        final int i = ORDER.indexOf(Cores.modelName(driver));
        return i < 0 ? -1 : (Cores.coresOf(driver) - 1) * ORDER.size() + i;
    }

    /**
     * The stroke of this driver's lines: solid, or dashed for batched variants; on several cores,
     * dotted, or dash-dotted for batched variants.
     */
    public BasicStroke stroke() {
        if (Cores.coresOf(driver) > 1) {
            return new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                    dashed ? new float[] {7f, 3f, 2f, 3f} : new float[] {2f, 3f}, 0f);
        }
        return dashed
                ? new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 4f}, 0f)
                : new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /**
     * The colour of a value of the same driver taken from the paper rather than measured: the
     * series colour mixed half-way to white, so that the pair reads as one driver, ours dark.
     */
    public Color paperColour() {
        return mix(colour, Color.WHITE, 0.55);
    }

    /** The colour of this driver's spread band: the series colour, mostly transparent. */
    public Color bandColour() {
        return new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 60);
    }

    static Color mix(final Color a, final Color b, final double towardsB) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * towardsB),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * towardsB),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * towardsB));
    }
}
