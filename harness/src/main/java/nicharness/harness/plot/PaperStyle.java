package nicharness.harness.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.Locale;
import org.knowm.xchart.style.AxesChartStyler;

/**
 * The look every chart shares, sized for a column of a two-column paper.
 *
 * <p>Charts are laid out {@value #WIDTH} logical pixels wide. Set at a column's width (about
 * 3.3 in, 240 pt), one logical pixel is 0.48 pt, so the {@value #TICK_FONT}-pixel tick labels
 * print at 7.2 pt and the {@value #TITLE_FONT}-pixel title at 8.2 pt, the sizes of a paper's own
 * figure text. PNGs are drawn at {@value #PNG_SCALE}x for sharp screens; SVGs keep the logical
 * size and scale freely.
 */
public final class PaperStyle {

    /** Logical width of every chart. */
    public static final int WIDTH = 500;
    /** Logical height of a chart's plot, title, axes and legend (the caption comes below). */
    public static final int HEIGHT = 340;
    /** PNG pixels per logical pixel. */
    public static final int PNG_SCALE = 2;

    /** Font family: DejaVu Sans is on every Linux with fontconfig, and Java falls back to its Dialog font elsewhere. */
    public static final String FONT_FAMILY = "DejaVu Sans";
    /** Title size, logical pixels. */
    public static final int TITLE_FONT = 17;
    /** Axis title size. */
    public static final int AXIS_TITLE_FONT = 16;
    /** Tick label size. */
    public static final int TICK_FONT = 15;
    /** Legend size. */
    public static final int LEGEND_FONT = 14;
    /** Caption size. */
    public static final int CAPTION_FONT = 12;
    /** Marker size of line charts. */
    public static final int MARKER_SIZE = 9;

    /** The colour of text that is not data: captions, notes. */
    public static final Color TEXT_GREY = new Color(0x44, 0x44, 0x44);

    private PaperStyle() {
    }

    /** The font of {@code size} logical pixels, plain or bold. */
    public static Font font(final int size, final boolean bold) {
        return new Font(FONT_FAMILY, bold ? Font.BOLD : Font.PLAIN, size);
    }

    /**
     * Applies the shared look to a chart's styler: white background, light grid, the fonts above.
     * The legend is the {@link Figure}'s, below the plot.
     *
     * <p>The styler's setters return different static types, so they are not chained
     * ({@code docs/java-platform.md}, "XChart styler setters").
     */
    public static void apply(final AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0x99, 0x99, 0x99));
        styler.setPlotBorderVisible(true);
        styler.setChartFontColor(Color.BLACK);
        styler.setChartTitleFont(font(TITLE_FONT, true));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitlePadding(6);
        styler.setChartPadding(8);
        styler.setAxisTitleFont(font(AXIS_TITLE_FONT, false));
        styler.setAxisTickLabelsFont(font(TICK_FONT, false));
        styler.setAxisTickLabelsColor(Color.BLACK);
        styler.setAxisTitlePadding(6);
        styler.setAxisTickPadding(4);
        styler.setAxisTickMarkLength(4);
        styler.setPlotMargin(0);
        styler.setPlotGridLinesVisible(true);
        styler.setPlotGridLinesColor(new Color(0xE3, 0xE3, 0xE3));
        styler.setPlotGridLinesStroke(new BasicStroke(0.8f));
        styler.setLegendVisible(false);
        styler.setMarkerSize(MARKER_SIZE);
        styler.setLocale(Locale.ROOT);
        styler.setXAxisDecimalPattern("0.###"); // XChart's own pattern drops the leading zero (".5")
        styler.setYAxisDecimalPattern("0.###");
        styler.setAntiAlias(true);
        styler.setTextAntiAlias(true);
    }
}
