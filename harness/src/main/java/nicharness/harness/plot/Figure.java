package nicharness.harness.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.knowm.xchart.style.markers.Marker;

/**
 * One chart as it is published: the XChart chart, the min-max whiskers of its bars, a legend
 * below the plot, and a caption that says where the numbers come from (machine, JVM, settings)
 * and how to read them.
 *
 * <p>Layout, top to bottom: the chart ({@link PaperStyle#WIDTH} by {@link PaperStyle#HEIGHT}:
 * title, plot, axes), the legend in as many rows as its entries need, the caption wrapped to the
 * width. XChart's own legend does not wrap, and five drivers do not fit one row of a column-wide
 * figure, hence a legend of our own, with the same markers and strokes as the series.
 *
 * <p>XChart draws only symmetric error bars, but a median with the smallest and largest of its
 * repetitions is asymmetric. Line charts draw each range as a two-point series of its own (see
 * {@link ChartSeries}); bar charts cannot (every series takes a slot in each group), so their
 * {@link Whisker}s are drawn here, after XChart has laid the bars out, at the centre of each bar:
 * category {@code c} spans [c, c + 1] on the axis XChart reports through
 * {@link AxesChart#getScreenXFromChart}, and its bars fill the middle {@code availableSpaceFill}
 * of that span in series order.
 */
public final class Figure {

    private static final int PADDING = 8;
    private static final int LEGEND_SWATCH = 28;
    private static final int LEGEND_GAP = 16;

    private final String name;
    private final AxesChart<?, ?> chart;
    private final List<LegendEntry> legend;
    private final List<Whisker> whiskers;
    private final List<String> caption;

    /**
     * @param name     the file name without extension, such as {@code fig6-policer-median-latency}
     * @param chart    the chart; its own legend is hidden
     * @param legend   the legend's entries, in order
     * @param whiskers the ranges to draw over a bar chart's bars (empty for line charts)
     * @param caption  the caption's paragraphs, wrapped to the chart's width when drawn
     */
    public Figure(final String name, final AxesChart<?, ?> chart, final List<LegendEntry> legend, final List<Whisker> whiskers,
                  final List<String> caption) {
        if (!whiskers.isEmpty() && !(chart instanceof CategoryChart)) {
            throw new IllegalArgumentException("whiskers are drawn over bars; " + name + " is not a bar chart");
        }
        this.name = name;
        this.chart = chart;
        this.legend = List.copyOf(legend);
        this.whiskers = List.copyOf(whiskers);
        this.caption = List.copyOf(caption);
        chart.getStyler().setLegendVisible(false);
        fitTitle();
    }

    /** Shrinks the title's font, down to the axis titles' size, until the title fits the width. */
    private void fitTitle() {
        final String title = chart.getTitle();
        if (title == null || title.isEmpty()) {
            return;
        }
        final Graphics2D g = measuring();
        try {
            for (int size = PaperStyle.TITLE_FONT; size > PaperStyle.TICK_FONT - 2; size--) {
                final Font font = PaperStyle.font(size, true);
                chart.getStyler().setChartTitleFont(font);
                if (g.getFontMetrics(font).stringWidth(title) <= chart.getWidth() - 2 * PADDING) {
                    return;
                }
            }
        } finally {
            g.dispose();
        }
    }

    /**
     * One legend entry: a line sample with a marker (line charts), or a filled square (bars).
     *
     * @param label  the text
     * @param colour the colour of the line, marker or square
     * @param stroke the line's stroke, or null for a bar's square
     * @param marker the marker, or null for none
     */
    public record LegendEntry(String label, Color colour, BasicStroke stroke, Marker marker) {

        /** The entry of a driver's line. */
        public static LegendEntry line(final DriverStyle style) {
            return new LegendEntry(style.label(), style.colour(), style.stroke(), style.marker());
        }

        /** The entry of a bar series. */
        public static LegendEntry bar(final String label, final Color colour) {
            return new LegendEntry(label, colour, null, null);
        }
    }

    /**
     * A min-max range over the bar of {@code series} in category {@code category}.
     *
     * @param series   the series' name
     * @param category the category's index, from 0
     * @param low      the smallest value, in the axis' units
     * @param high     the largest value
     */
    public record Whisker(String series, int category, double low, double high) {
    }

    /** The file name without extension. */
    public String name() {
        return name;
    }

    /** The chart. */
    public AxesChart<?, ?> chart() {
        return chart;
    }

    /** The legend's entries. */
    public List<LegendEntry> legend() {
        return legend;
    }

    /** The whiskers drawn over the bars. */
    public List<Whisker> whiskers() {
        return whiskers;
    }

    /** The caption's paragraphs. */
    public List<String> caption() {
        return caption;
    }

    /** The logical width: the chart's. */
    public int width() {
        return chart.getWidth();
    }

    /** The logical height: the chart's, the legend's and the caption's. */
    public int height() {
        final Graphics2D g = measuring();
        try {
            return chart.getHeight() + legendHeight(g) + captionHeight(g);
        } finally {
            g.dispose();
        }
    }

    /** Paints the whole figure at its logical size onto {@code g}. */
    public void paint(final Graphics2D g) {
        hints(g);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width(), height()));
        final Graphics2D chartGraphics = (Graphics2D) g.create();
        chart.paint(chartGraphics, chart.getWidth(), chart.getHeight());
        chartGraphics.dispose();
        paintWhiskers(g);
        paintLegend(g, chart.getHeight());
        paintCaption(g, chart.getHeight() + legendHeight(g));
    }

    private static void hints(final Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }

    private void paintWhiskers(final Graphics2D g) {
        if (whiskers.isEmpty()) {
            return;
        }
        final CategoryChart bars = (CategoryChart) chart;
        final double cap = Math.max(2, Math.min(6, barWidth() * 0.3));
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        g.setColor(Color.BLACK);
        for (final Whisker w : whiskers) {
            final double centre = whiskerCentre(w);
            final double top = bars.getScreenYFromChart(w.high());
            final double bottom = bars.getScreenYFromChart(w.low());
            g.draw(new Line2D.Double(centre, top, centre, bottom));
            g.draw(new Line2D.Double(centre - cap, top, centre + cap, top));
            g.draw(new Line2D.Double(centre - cap, bottom, centre + cap, bottom));
        }
    }

    /** The width of one bar, in logical pixels; valid once the chart has been painted. */
    private double barWidth() {
        final CategoryChart bars = (CategoryChart) chart;
        return Math.abs(bars.getScreenXFromChart(1) - bars.getScreenXFromChart(0)) * bars.getStyler().getAvailableSpaceFill()
                / bars.getSeriesCollection().size();
    }

    /**
     * The x of the centre of the bar under {@code w}, in logical pixels; valid once the chart has
     * been painted (XChart lays the axes out while painting).
     */
    double whiskerCentre(final Whisker w) {
        final CategoryChart bars = (CategoryChart) chart;
        final List<String> names = bars.getSeriesCollection().stream().map(CategorySeries::getName).toList();
        final int slot = names.indexOf(w.series());
        if (slot < 0) {
            throw new IllegalStateException("a whisker names the series " + w.series() + ", which " + name + " does not have");
        }
        final double fill = bars.getStyler().getAvailableSpaceFill();
        return bars.getScreenXFromChart(w.category() + (1 - fill) / 2 + (slot + 0.5) * fill / names.size());
    }

    /** The legend's entries broken into rows that fit the width. */
    private List<List<LegendEntry>> legendRows(final FontMetrics metrics) {
        final int available = chart.getWidth() - 2 * PADDING;
        final List<List<LegendEntry>> rows = new ArrayList<>();
        List<LegendEntry> row = new ArrayList<>();
        int used = 0;
        for (final LegendEntry entry : legend) {
            final int width = entryWidth(entry, metrics);
            if (!row.isEmpty() && used + LEGEND_GAP + width > available) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            used += (row.isEmpty() ? 0 : LEGEND_GAP) + width;
            row.add(entry);
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    private static int entryWidth(final LegendEntry entry, final FontMetrics metrics) {
        return LEGEND_SWATCH + 6 + metrics.stringWidth(entry.label());
    }

    private int legendHeight(final Graphics2D g) {
        if (legend.isEmpty()) {
            return 0;
        }
        final FontMetrics metrics = g.getFontMetrics(PaperStyle.font(PaperStyle.LEGEND_FONT, false));
        return legendRows(metrics).size() * (metrics.getHeight() + 2) + PADDING / 2;
    }

    private void paintLegend(final Graphics2D g, final int top) {
        if (legend.isEmpty()) {
            return;
        }
        final Font font = PaperStyle.font(PaperStyle.LEGEND_FONT, false);
        g.setFont(font);
        final FontMetrics metrics = g.getFontMetrics(font);
        final int rowHeight = metrics.getHeight() + 2;
        int y = top;
        for (final List<LegendEntry> row : legendRows(metrics)) {
            int width = -LEGEND_GAP;
            for (final LegendEntry entry : row) {
                width += LEGEND_GAP + entryWidth(entry, metrics);
            }
            double x = (chart.getWidth() - width) / 2.0;
            final double middle = y + rowHeight / 2.0;
            for (final LegendEntry entry : row) {
                paintSwatch(g, entry, x, middle);
                g.setColor(Color.BLACK);
                text(g, entry.label(), font, x + LEGEND_SWATCH + 6, middle + (metrics.getAscent() - metrics.getDescent()) / 2.0);
                x += entryWidth(entry, metrics) + LEGEND_GAP;
            }
            y += rowHeight;
        }
    }

    private static void paintSwatch(final Graphics2D g, final LegendEntry entry, final double x, final double middle) {
        g.setColor(entry.colour());
        if (entry.stroke() == null) {
            final double side = 12;
            g.fill(new Rectangle2D.Double(x + (LEGEND_SWATCH - side) / 2, middle - side / 2, side, side));
            return;
        }
        g.setStroke(entry.stroke());
        g.draw(new Line2D.Double(x, middle, x + LEGEND_SWATCH, middle));
        if (entry.marker() != null) {
            entry.marker().paint(g, x + LEGEND_SWATCH / 2.0, middle, PaperStyle.MARKER_SIZE);
        }
    }

    private void paintCaption(final Graphics2D g, final int top) {
        final Font font = PaperStyle.font(PaperStyle.CAPTION_FONT, false);
        g.setFont(font);
        g.setColor(PaperStyle.TEXT_GREY);
        final FontMetrics metrics = g.getFontMetrics(font);
        float baseline = top + PADDING / 2f + metrics.getAscent();
        for (final String line : wrappedCaption(metrics)) {
            // as text, not outlines: a caption is several hundred glyphs, and their outlines would
            // triple the SVG; a line set in another font is only a little longer or shorter
            g.drawString(line, PADDING, baseline);
            baseline += metrics.getHeight();
        }
    }

    /**
     * Draws {@code text} as the outline of its glyphs, as XChart draws its own text, so that an
     * SVG's legend stays aligned with its swatches on a machine without the font.
     */
    private static void text(final Graphics2D g, final String text, final Font font, final double x, final double baseline) {
        if (text.isEmpty()) {
            return;
        }
        final TextLayout layout = new TextLayout(text, font, g.getFontRenderContext());
        g.fill(layout.getOutline(AffineTransform.getTranslateInstance(x, baseline)));
    }

    private int captionHeight(final Graphics2D g) {
        if (caption.isEmpty()) {
            return 0;
        }
        final FontMetrics metrics = g.getFontMetrics(PaperStyle.font(PaperStyle.CAPTION_FONT, false));
        return wrappedCaption(metrics).size() * metrics.getHeight() + PADDING;
    }

    /** The caption's paragraphs broken into lines that fit the chart's width, at word boundaries. */
    List<String> wrappedCaption(final FontMetrics metrics) {
        final int available = chart.getWidth() - 2 * PADDING;
        final List<String> lines = new ArrayList<>();
        for (final String paragraph : caption) {
            StringBuilder line = new StringBuilder();
            for (final String word : paragraph.split(" ")) {
                final String candidate = line.isEmpty() ? word : line + " " + word;
                if (!line.isEmpty() && metrics.stringWidth(candidate) > available) {
                    lines.add(line.toString());
                    line = new StringBuilder(word);
                } else {
                    line = new StringBuilder(candidate);
                }
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
        }
        return lines;
    }

    /** A graphics context for measuring text as {@link #paint} will draw it. */
    private static Graphics2D measuring() {
        final Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        hints(g);
        return g;
    }
}
