package nicharness.harness.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import nicharness.harness.plan.Profile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Element;

/**
 * Every chart drawn from the fixture results folder ({@code src/test/resources/plot/results}):
 * the charts that should be there are, their series hold the CSV's numbers, PNG and SVG come out
 * at the figure's size, and bad files are reported by file and line. The checks read the chart
 * objects, not pixels, except where the whiskers' placement over XChart's bars is the question.
 */
class PlotsTest {

    static final List<String> EXPECTED = List.of(
            "fig6-policer-median-latency", "fig7-policer-p99-latency", "fig9-nop-median-latency", "fig10-slow-nop-median-latency",
            "table3-throughput", "table3-median-latency", "table3-p99-latency", "device-cost-throughput",
            "fig8-policer-latency-ccdf", "fig11-nop-latency-ccdf",
            "table2-lines-of-code", "table2-functions", "table2-paths", "table2-transmit-paths-by-outputs",
            "table4-doorbell-writes", "table4-register-reads", "table4-instructions");

    static Path fixture;
    static List<Figure> figures;
    static List<String> skipped;
    static List<String> leftOut;

    @BeforeAll
    static void drawTheFixture() throws URISyntaxException {
        fixture = Path.of(PlotsTest.class.getResource("/plot/results").toURI());
        final Plots.Drawing drawing = Plots.figures(fixture);
        figures = drawing.figures();
        skipped = drawing.skipped();
        leftOut = drawing.leftOut();
    }

    static Figure figure(final String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + name + " among " + figures.stream().map(Figure::name).toList()));
    }

    static Path copyOfFixture(final Path to) {
        final Path from;
        try {
            from = Path.of(PlotsTest.class.getResource("/plot/results").toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(from)) {
            for (final Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    @Test
    void everyChartIsDrawnFromTheFixtureAndNoneSkipped() {
        assertEquals(EXPECTED, figures.stream().map(Figure::name).toList());
        assertEquals(List.of(), skipped);
        assertEquals(List.of(), leftOut);
    }

    @Test
    void renderAllWritesAPngAndAnSvgOfEachFiguresSize(@TempDir final Path plots) throws Exception {
        final Plots.Outcome outcome = Plots.renderAll(fixture, plots);
        final DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // the SVG 1.1 DTD is online
        assertEquals(2 * EXPECTED.size(), outcome.written().size());
        for (final String name : EXPECTED) {
            final Figure figure = figure(name);
            final BufferedImage png = ImageIO.read(plots.resolve(name + ".png").toFile());
            assertNotNull(png, name + ".png is not a PNG");
            assertEquals(PaperStyle.WIDTH * PaperStyle.PNG_SCALE, png.getWidth(), name);
            assertEquals(figure.height() * PaperStyle.PNG_SCALE, png.getHeight(), name);
            assertTrue(figure.height() > PaperStyle.HEIGHT, name + " has a legend and a caption below the chart");
            final Element svg = xml.newDocumentBuilder().parse(plots.resolve(name + ".svg").toFile()).getDocumentElement();
            assertEquals("svg", svg.getTagName(), name);
            assertEquals(PaperStyle.WIDTH + "px", svg.getAttribute("width"), name);
            assertEquals(figure.height() + "px", svg.getAttribute("height"), name);
            assertTrue(Files.size(plots.resolve(name + ".svg")) < 400_000, name + ".svg is small enough to put in a paper");
        }
    }

    @Test
    void latencyLinesAreTheSummaryMediansInMicroseconds() {
        final SummaryResults summary = SummaryResults.read(fixture);
        final XYChart chart = (XYChart) figure("fig6-policer-median-latency").chart();
        assertEquals("Policer: median latency (Fig. 6)", chart.getTitle());
        assertEquals("Throughput (Gb/s)", chart.getXAxisTitle());
        assertEquals("Median latency (µs)", chart.getYAxisTitle());
        assertEquals(List.of("DPDK", "DPDK, batched", "TinyNF"),
                figure("fig6-policer-median-latency").legend().stream().map(Figure.LegendEntry::label).toList());
        final Map<String, List<SummaryResults.Line>> tinynf = summary.select(l -> l.serves("fig6") && l.driver().equals("tinynf"))
                .stream().filter(l -> !l.level().isEmpty()).collect(Collectors.groupingBy(SummaryResults.Line::metric));
        final List<String> levels = tinynf.get("load_gbps").stream()
                .sorted(Comparator.comparingDouble(l -> l.spread().median())).map(SummaryResults.Line::level).toList();
        final XYSeries line = chart.getSeries("TinyNF");
        assertEquals(levels.size(), line.getXData().length);
        for (int i = 0; i < levels.size(); i++) {
            final String level = levels.get(i);
            final SummaryResults.Line load = tinynf.get("load_gbps").stream().filter(l -> l.level().equals(level)).findFirst().orElseThrow();
            final SummaryResults.Line p50 = tinynf.get("latency_p50_ns").stream().filter(l -> l.level().equals(level)).findFirst()
                    .orElseThrow();
            assertEquals(load.spread().median(), line.getXData()[i], 1e-9, level);
            assertEquals(p50.spread().median() / 1000, line.getYData()[i], 1e-9, level);
            final double x = load.spread().median();
            assertTrue(chart.getSeriesCollection().stream().anyMatch(s -> !s.isShowInLegend()
                    && Arrays.equals(s.getXData(), new double[] {x, x})
                    && Arrays.equals(s.getYData(), new double[] {p50.spread().min() / 1000, p50.spread().max() / 1000})),
                    "a min-max latency whisker at level " + level);
        }
        assertTrue(figure("fig6-policer-median-latency").caption().getFirst().startsWith("Policer, 2-way, loss threshold 0.3 %."));
    }

    @Test
    void theTesterLimitedPointsAreNamedInTheCaption() {
        assertTrue(figure("fig9-nop-median-latency").caption().getFirst()
                .contains("Measured while the tester, not the driver, was the limit: DPDK, batched at max."));
        assertTrue(figure("device-cost-throughput").caption().getFirst()
                .contains("Limited by the tester, not the driver (a lower bound): DPDK, batched at 0\u00d7, 1\u00d7 and 4\u00d7."),
                figure("device-cost-throughput").caption().getFirst());
        assertTrue(figure("table4-register-reads").caption().getFirst().contains("Every value is 0."));
        assertFalse(figure("fig6-policer-median-latency").caption().getFirst().contains("tester"));
    }

    @Test
    void ccdfsAreTheRepetitionsMedianDownToTheFourNinesOnAnAxisOfExponents() {
        final Figure fig8 = figure("fig8-policer-latency-ccdf");
        final XYChart chart = (XYChart) fig8.chart();
        assertEquals("Policer: latency CCDF at 1 Gb/s (Fig. 8)", chart.getTitle());
        assertEquals(-4.0, chart.getStyler().getYAxisMin());
        assertEquals(0.0, chart.getStyler().getYAxisMax());
        final List<CcdfResults.Curve> tinynf = CcdfResults.read(fixture).curves().stream()
                .filter(c -> c.serves("fig8") && c.driver().equals("tinynf") && c.level().equals("1")).toList();
        assertEquals(3, tinynf.size());
        final double[] atOne = tinynf.stream().mapToDouble(c -> c.latencyAt(1)).sorted().toArray();
        final XYSeries line = chart.getSeries("TinyNF");
        assertEquals(atOne[1] / 1000, line.getXData()[0], 1e-9);
        assertEquals(0.0, line.getYData()[0]);
        assertEquals(-4.0, line.getYData()[line.getYData().length - 1], 1e-9);
        assertTrue(line.getXData().length <= 4 * CcdfChart.POINTS_PER_DECADE + 1, "read at fixed probabilities");
        assertTrue(chart.getSeries("TinyNF band") != null);
        assertEquals("No-op: latency CCDF at zero load (Fig. 11)", figure("fig11-nop-latency-ccdf").chart().getTitle());
        assertEquals(5, figure("fig11-nop-latency-ccdf").legend().size());
    }

    @Test
    void table3HasTheNfsInThePapersOrderAndAWhiskerPerBarWithSpread() {
        final Figure figure = figure("table3-throughput");
        final CategoryChart chart = (CategoryChart) figure.chart();
        final SummaryResults summary = SummaryResults.read(fixture);
        final List<String> drivers = List.of("dpdk", "dpdk-batched", "ixy", "ixy-batched", "tinynf"); // the synthetic run's
        assertEquals(drivers.stream().map(d -> DriverStyle.of(d).label()).toList(),
                chart.getSeriesCollection().stream().map(CategorySeries::getName).toList());
        int withSpread = 0;
        for (final String driver : drivers) {
            final CategorySeries series = chart.getSeries(DriverStyle.of(driver).label());
            assertEquals(List.of("NAT", "Bridge", "LB", "Policer", "FW"), List.copyOf(series.getXData()));
            final double[] y = series.getYData();
            final List<String> nfs = List.of("nat", "bridge", "lb", "policer", "firewall");
            for (int i = 0; i < nfs.size(); i++) {
                final String nf = nfs.get(i);
                final SummaryResults.Line line = summary.select(l -> l.serves("table3") && l.driver().equals(driver) && l.nf().equals(nf)
                        && l.metric().equals("throughput_gbps")).getFirst();
                assertEquals(line.spread().median(), y[i], 1e-9, driver + " " + nf);
                withSpread += line.spread().max() > line.spread().min() ? 1 : 0;
            }
        }
        assertEquals(withSpread, figure.whiskers().size());
        assertTrue(figure.caption().getFirst().startsWith("1-way, loss threshold 0.1 %."));
        assertTrue(figure("table3-median-latency").caption().getFirst().contains("1 Gb/s of background load"));
    }

    @Test
    void table2PutsThePapersCNumbersBesideOurs() {
        final CategoryChart loc = (CategoryChart) figure("table2-lines-of-code").chart();
        final CategorySeries paper = loc.getSeries("TinyNF: C (paper)");
        assertArrayEquals(new double[] {249, 17, 29}, Arrays.stream(paper.getYData()).map(v -> Math.pow(10, v)).toArray(), 1e-6);
        final ComplexityResults complexity = ComplexityResults.read(fixture);
        final CategorySeries ours = loc.getSeries("DPDK: Java");
        final double[] y = ours.getYData();
        for (int i = 0; i < Table2Chart.PARTS.size(); i++) {
            final String part = Table2Chart.PARTS.get(i);
            final double expected = complexity.rows().stream().filter(r -> r.driver().equals("dpdk") && r.part().equals(part)
                    && r.outputs() == 1).findFirst().orElseThrow().loc();
            assertEquals(expected, Math.pow(10, y[i]), 1e-6, part);
        }
        assertEquals("1000", LogAxis.label(3));
        assertEquals("10²⁵", LogAxis.label(25));
        assertEquals("", LogAxis.label(2.5));
        final CategoryChart paths = (CategoryChart) figure("table2-paths").chart();
        assertTrue(Double.isNaN(paths.getSeries("TinyNF: C (paper)").getYData()[0]), "the paper has no init paths");
        final XYChart byOutputs = (XYChart) figure("table2-transmit-paths-by-outputs").chart();
        assertArrayEquals(new double[] {4, 6, 10, 18}, Arrays.stream(byOutputs.getSeries("TinyNF: C (paper)").getYData())
                .map(v -> Math.pow(10, v)).toArray(), 1e-6);
    }

    @Test
    void table4ShowsTheSlidesInstructionsBesideOurs() {
        final Figure figure = figure("table4-instructions");
        final CategoryChart chart = (CategoryChart) figure.chart();
        assertEquals("Instructions per packet", chart.getYAxisTitle());
        assertEquals(List.of("nop", "write", "lookup", "pol"), List.copyOf(chart.getSeries("TinyNF").getXData()));
        final double[] slides = chart.getSeries("TinyNF: slides").getYData();
        assertEquals(35.0, slides[0]);
        assertTrue(Double.isNaN(slides[1]), "the slides give the nop only");
        assertEquals(100.0, chart.getSeries("DPDK: slides").getYData()[0]);
        assertFalse(chart.getSeries("Ixy: slides") != null, "the slides say nothing of ixy");
        assertTrue(figure.caption().getFirst().contains("Lighter bars: slides"));
        assertEquals("AMD EPYC, 2 CPUs available · OpenJDK 64-Bit Server VM 25.0.3+9-LTS.", figure.caption().getLast());
    }

    @Test
    void everyDriverHasTheSameColourInEveryChart() {
        for (final Figure figure : figures) {
            for (final Figure.LegendEntry entry : figure.legend()) {
                for (final String driver : DriverStyle.ORDER) {
                    final DriverStyle style = DriverStyle.of(driver);
                    if (entry.label().equals(style.label()) || entry.label().equals(style.label() + ": Java")) {
                        assertEquals(style.colour(), entry.colour(), figure.name() + " " + entry.label());
                    } else if (entry.label().startsWith(style.label() + ": ")) {
                        assertEquals(style.paperColour(), entry.colour(), figure.name() + " " + entry.label());
                    }
                }
            }
            if (figure.chart() instanceof XYChart xy) {
                for (final XYSeries series : xy.getSeriesCollection()) {
                    DriverStyle.ORDER.stream().map(DriverStyle::of).filter(s -> series.getName().equals(s.label()))
                            .forEach(s -> assertEquals(s.colour(), series.getLineColor(), figure.name()));
                }
            } else if (figure.chart() instanceof CategoryChart bars) {
                for (final CategorySeries series : bars.getSeriesCollection()) {
                    DriverStyle.ORDER.stream().map(DriverStyle::of).filter(s -> series.getName().equals(s.label()))
                            .forEach(s -> assertEquals(s.colour(), series.getFillColor(), figure.name()));
                }
            }
        }
    }

    @Test
    void everyChartHasATitleAxisTitlesWithUnitsALegendAndTheMachineInItsCaption() {
        for (final Figure figure : figures) {
            assertFalse(figure.chart().getTitle().isBlank(), figure.name());
            assertFalse(figure.chart().getYAxisTitle().isBlank(), figure.name());
            assertFalse(figure.legend().isEmpty(), figure.name());
            final String caption = String.join(" ", figure.caption());
            assertTrue(caption.contains("AMD EPYC") || caption.contains("complexity.csv"), figure.name() + ": " + caption);
            if (figure.name().startsWith("fig") || figure.name().startsWith("table3") || figure.name().startsWith("device")) {
                assertTrue(caption.contains("quick profile, 3 JVMs per configuration") && caption.contains("commit 0123456789"),
                        figure.name() + ": " + caption);
            }
        }
        assertTrue(((XYChart) figure("fig7-policer-p99-latency").chart()).getYAxisTitle().endsWith("(µs)"));
        assertTrue(((XYChart) figure("fig9-nop-median-latency").chart()).getXAxisTitle().endsWith("(Gb/s)"));
    }

    @Test
    void whiskersAreDrawnOverTheCentreOfTheirBars() {
        final Figure figure = figure("table3-throughput");
        final BufferedImage image = new BufferedImage(figure.width(), figure.height(), BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        figure.paint(g);
        g.dispose();
        final CategoryChart chart = (CategoryChart) figure.chart();
        assertFalse(figure.whiskers().isEmpty());
        for (final Figure.Whisker w : figure.whiskers()) {
            final Color fill = chart.getSeries(w.series()).getFillColor();
            // inside the bar, below the whisker: half-way between its bottom and the axis
            final int y = (int) Math.round((chart.getScreenYFromChart(w.low()) + chart.getScreenYFromChart(0)) / 2);
            final int centre = (int) Math.round(figure.whiskerCentre(w));
            final double barWidth = Math.abs(chart.getScreenXFromChart(1) - chart.getScreenXFromChart(0))
                    * chart.getStyler().getAvailableSpaceFill() / chart.getSeriesCollection().size();
            final int side = (int) Math.floor(barWidth / 2) - 2;
            assertEquals(fill.getRGB(), image.getRGB(centre - side, y), w + ": left edge of its bar");
            assertEquals(fill.getRGB(), image.getRGB(centre + side, y), w + ": right edge of its bar");
        }
    }

    @Test
    void chartsWithoutTheirDataAreSkippedWithTheReason(@TempDir final Path folder) throws IOException {
        final List<String> lines = Files.readAllLines(fixture.resolve("summary.csv"));
        Files.write(folder.resolve("summary.csv"), lines.stream().filter(l -> !l.contains("slow-nop")).toList());
        final Plots.Drawing drawing = Plots.figures(folder);
        final List<String> why = drawing.skipped();
        final List<String> drawn = drawing.names();
        assertEquals(List.of(), drawing.leftOut());
        assertFalse(drawn.contains("fig10-slow-nop-median-latency"));
        assertTrue(drawn.contains("fig9-nop-median-latency"));
        assertTrue(why.contains("fig10-slow-nop-median-latency: no fig10 lines in " + folder.resolve("summary.csv")), why.toString());
        assertTrue(why.stream().anyMatch(w -> w.startsWith("figures 8 and 11: no " + folder.resolve("latency_ccdf.csv"))), why.toString());
        assertTrue(why.stream().anyMatch(w -> w.startsWith("table 2: no ")), why.toString());
        assertTrue(why.stream().anyMatch(w -> w.startsWith("table 4: no ")), why.toString());
        assertTrue(drawing.figures().stream().allMatch(f -> String.join(" ", f.caption())
                .contains("Machine and settings not recorded (no run.csv")), "without run.csv, the caption says so");
    }

    /** {@code summary.csv} of {@code folder} with {@code column} of its line {@code line} (1 is the header) set to {@code value}. */
    static Path withCell(final Path folder, final int line, final String column, final String value) throws IOException {
        final Path summary = folder.resolve("summary.csv");
        final List<String> lines = new ArrayList<>(Files.readAllLines(summary));
        final List<String> header = Arrays.asList(lines.getFirst().split(","));
        final String[] cells = lines.get(line - 1).split(",", -1);
        cells[header.indexOf(column)] = value;
        lines.set(line - 1, String.join(",", cells));
        Files.write(summary, lines);
        return summary;
    }

    @Test
    void aBadValueLeavesOutTheChartsThatReadItNamingFileAndLineAndTheOthersAreDrawn(@TempDir final Path folder) throws IOException {
        copyOfFixture(folder);
        // line 385: table3's median latency of dpdk on the NAT at 1 Gb/s
        final Path summary = withCell(folder, 385, "median", "abc");
        final Plots.Outcome outcome = Plots.renderAll(folder, folder.resolve("plots"));
        assertEquals(List.of("table3-median-latency: " + summary + ", line 385: column median holds 'abc', expected a finite number"),
                outcome.leftOut());
        assertFalse(outcome.complete());
        for (final String name : EXPECTED) {
            assertEquals(!name.equals("table3-median-latency"), Files.exists(folder.resolve("plots").resolve(name + ".png")), name);
        }
    }

    @Test
    void overloadedLevelsAreNamedOnTable3AndTheCcdf(@TempDir final Path folder) throws IOException {
        copyOfFixture(folder);
        withCell(folder, 104, "overloaded_repetitions", "1"); // the policer's 1 Gb/s on DPDK, Figure 8's level
        withCell(folder, 385, "overloaded_repetitions", "2"); // Table 3's NAT at 1 Gb/s on DPDK
        final Plots.Drawing drawing = Plots.figures(folder);
        assertEquals(EXPECTED, drawing.names());
        final String fig8 = drawing.figures().stream().filter(f -> f.name().startsWith("fig8")).findFirst().orElseThrow().caption().getFirst();
        assertTrue(fig8.contains("Above the driver's measured maximum, so the latency is an overloaded queue's: DPDK at 1."), fig8);
        final String table3 = drawing.figures().stream().filter(f -> f.name().equals("table3-median-latency")).findFirst().orElseThrow()
                .caption().getFirst();
        assertTrue(table3.contains("Above the driver's measured maximum, so the latency is an overloaded queue's: DPDK on NAT."), table3);
        assertFalse(figure("fig8-policer-latency-ccdf").caption().getFirst().contains("overloaded"));
    }

    @Test
    void aBadLineNoChartReadsIsStillNamed(@TempDir final Path folder) throws IOException {
        copyOfFixture(folder);
        // line 7: the policer's throughput in Mpp/s, which no chart draws
        final Path summary = withCell(folder, 7, "median", "abc");
        final Plots.Drawing drawing = Plots.figures(folder);
        assertEquals(EXPECTED, drawing.names());
        assertEquals(List.of("a record no chart reads: " + summary + ", line 7: column median holds 'abc', expected a finite number"),
                drawing.leftOut());
    }

    @Test
    void table4NamesEachMethodOnceAndTheUnreliableCellsNotEveryMeasurementsDetails() {
        final String how = "threaded software 82599, driver thread CPU time over 300 ms";
        final List<CostResults.Row> rows = List.of(
                new CostResults.Row("tinynf", "nop", "time_per_packet_threaded", 250, "ns",
                        how + "; 3482700 of 3604224 polls empty, charged 32.0 ns each", Double.NaN, ""),
                new CostResults.Row("dpdk", "nop", "time_per_packet_threaded", 450, "ns",
                        how + "; 1793616 of 1897728 polls empty, charged 32.4 ns each; UNRELIABLE: the threads ran 49% and 79%",
                        Double.NaN, ""),
                new CostResults.Row("dpdk", "write", "time_per_packet_threaded", 500, "ns",
                        how + "; 1324495 of 1773824 polls empty, charged 42.3 ns each", Double.NaN, ""));
        final Figure figure = Table4Chart.draw("time_per_packet_threaded", new CostResults(Path.of("cost.csv"), null, rows))
                .orElseThrow();
        final String caption = String.join(" ", figure.caption());
        assertTrue(caption.startsWith("Measured by " + how + "."), caption);
        assertTrue(caption.contains("Unreliable (the machine did not give both threads their CPUs): DPDK nop."), caption);
        assertFalse(caption.contains("polls empty"), caption);
        assertTrue(figure.chart().getTitle().startsWith("Time per packet at saturation"), figure.chart().getTitle());
    }

    @Test
    void aFileWithoutAColumnTheChartsNeedIsNamed(@TempDir final Path folder) throws IOException {
        copyOfFixture(folder);
        final Path cost = folder.resolve("cost.csv");
        Files.writeString(cost, Files.readString(cost).replace(",metric,", ",measure,"));
        final Plots.Drawing drawing = Plots.figures(folder);
        assertEquals(EXPECTED.stream().filter(n -> !n.startsWith("table4")).toList(), drawing.names());
        assertEquals(1, drawing.leftOut().size());
        assertTrue(drawing.leftOut().getFirst().startsWith("table 4 (every chart of cost.csv): " + cost + ", line 5: no column metric"),
                drawing.leftOut().getFirst() + " (the header comes after four comment lines)");
    }

    @Test
    void aTruncatedFileNamesTheLineCutShort(@TempDir final Path folder) throws IOException {
        copyOfFixture(folder);
        final Path ccdf = folder.resolve("latency_ccdf.csv");
        final List<String> lines = Files.readAllLines(ccdf);
        final String last = lines.get(40);
        Files.write(ccdf, List.of(lines.subList(0, 40).toArray(String[]::new)));
        Files.writeString(ccdf, last.substring(0, last.lastIndexOf(',')) + "\n", java.nio.file.StandardOpenOption.APPEND);
        final Plots.Drawing drawing = Plots.figures(folder);
        assertEquals(EXPECTED.stream().filter(n -> !n.endsWith("-ccdf")).toList(), drawing.names());
        assertEquals(1, drawing.leftOut().size());
        final String why = drawing.leftOut().getFirst();
        assertTrue(why.startsWith("fig8-policer-latency-ccdf, fig11-nop-latency-ccdf: " + ccdf + ", line 41: "), why);
        assertTrue(why.contains("14 values, but the header names 15 columns"), why);
    }

    @Test
    void aCcdfOutOfOrderNamesTheLine(@TempDir final Path folder) throws IOException {
        copyOfFixture(folder);
        final Path ccdf = folder.resolve("latency_ccdf.csv");
        final List<String> lines = new ArrayList<>(Files.readAllLines(ccdf));
        final String swap = lines.get(3);
        lines.set(3, lines.get(4));
        lines.set(4, swap);
        Files.write(ccdf, lines);
        final Plots.Drawing drawing = Plots.figures(folder);
        assertEquals(EXPECTED.stream().filter(n -> !n.startsWith("fig8")).toList(), drawing.names(), "a bad policer curve costs Figure 8 only");
        assertEquals(1, drawing.leftOut().size());
        final String why = drawing.leftOut().getFirst();
        assertTrue(why.startsWith("fig8-policer-latency-ccdf: " + ccdf + ", line 5: "), why);
        assertTrue(why.contains("go up in latency and down in fraction"), why);
    }

    @Test
    void aFolderThatIsNotThereIsSaidSo(@TempDir final Path folder) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.renderAll(folder.resolve("nothing"), folder.resolve("plots")));
        assertTrue(e.getMessage().contains("does not exist or is not a folder"), e.getMessage());
    }

    @Test
    void theChartsOfARunWrittenByTheHarnessOwnWritersAreAllDrawn(@TempDir final Path folder) {
        SyntheticRun.write(folder, Profile.QUICK, 400, 5);
        final Plots.Drawing drawing = Plots.figures(folder);
        assertEquals(EXPECTED.stream().filter(n -> !n.startsWith("table2") && !n.startsWith("table4")).toList(), drawing.names());
        assertEquals(2, drawing.skipped().size(), drawing.skipped().toString());
        assertEquals(List.of(), drawing.leftOut());
    }
}
