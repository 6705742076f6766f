package nicharness.harness.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block of a README between two marker lines that a generator renders from a results CSV, so
 * that the README never quotes a number its CSV does not hold: the generator's {@code main}
 * rewrites the block, and its test fails when the README's block differs from a fresh rendering.
 *
 * @param begin the line before the block
 * @param end   the line after it
 */
public record ReadmeBlock(String begin, String end) {

    /** The block in {@code readme}, markers included, or null if it has none. */
    public String in(final String readme) {
        final int from = readme.indexOf(begin);
        final int to = readme.indexOf(end);
        return from < 0 || to < from ? null : readme.substring(from, to + end.length());
    }

    /**
     * Replaces the block in the file {@code readme} with {@code rendered}.
     *
     * @throws IllegalArgumentException if the file has no block, naming the markers to add
     */
    public void rewrite(final Path readme, final String rendered) throws IOException {
        final String text = Files.readString(readme);
        final String old = in(text);
        if (old == null) {
            throw new IllegalArgumentException(readme + " has no block between " + begin + " and " + end
                    + "; add the two marker lines where the generated text belongs");
        }
        Files.writeString(readme, text.replace(old, rendered));
    }
}
