package nicharness.harness.plot;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes a {@link Figure} as PNG (for the README and screens, at {@link PaperStyle#PNG_SCALE}
 * times its logical size) and as SVG (for papers: vector, at its logical size).
 *
 * <p>Both go through {@link Figure#paint}, so the caption and the whiskers that XChart's own
 * encoders would not draw are in both. The SVG is made with VectorGraphics2D, as XChart's
 * {@code VectorGraphicsEncoder} does.
 */
public final class FigureWriter {

    private FigureWriter() {
    }

    /**
     * Writes {@code figure} into {@code folder} (created if needed) as {@code <name>.png} and
     * {@code <name>.svg}, replacing earlier files of the same name.
     *
     * @return the two files written
     * @throws UncheckedIOException naming the file that could not be written
     */
    public static List<Path> write(final Figure figure, final Path folder) {
        final Path png = folder.resolve(figure.name() + ".png");
        final Path svg = folder.resolve(figure.name() + ".svg");
        try {
            Files.createDirectories(folder);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create the plots folder " + folder + ": " + e.getMessage(), e);
        }
        writePng(figure, png);
        writeSvg(figure, svg);
        return List.of(png, svg);
    }

    /** Draws {@code figure} into an image at {@link PaperStyle#PNG_SCALE} times its logical size. */
    public static BufferedImage image(final Figure figure) {
        final int scale = PaperStyle.PNG_SCALE;
        final BufferedImage image = new BufferedImage(figure.width() * scale, figure.height() * scale, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            g.scale(scale, scale);
            figure.paint(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void writePng(final Figure figure, final Path file) {
        try (OutputStream out = Files.newOutputStream(file)) {
            if (!ImageIO.write(image(figure), "png", out)) {
                throw new IllegalStateException("this JVM has no PNG writer (javax.imageio); cannot write " + file);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void writeSvg(final Figure figure, final Path file) {
        final VectorGraphics2D g = new VectorGraphics2D();
        figure.paint(g);
        final Document document = new SVGProcessor().getDocument(g.getCommands(),
                new PageSize(0, 0, figure.width(), figure.height()));
        try (OutputStream out = Files.newOutputStream(file)) {
            document.writeTo(out);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
