package nicharness.harness.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The check every rendered README block gets: the README holds exactly what its generator renders now. */
public final class ReadmeBlocks {
    /** The project's folder, seen from a module's tests. */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private ReadmeBlocks() {
    }

    /**
     * The text between {@code block}'s markers in {@code readme} (relative to the project), markers
     * left out; fails if the README has no such block.
     *
     * @param what what the block says, for the failure message
     */
    public static String between(final String readme, final ReadmeBlock block, final String what) throws IOException {
        final String current = block.in(Files.readString(ROOT.resolve(readme)));
        assertNotNull(current, readme + " has no " + what + " block (" + block.begin() + ")");
        return current.substring(block.begin().length(), current.length() - block.end().length());
    }

    /**
     * Fails unless {@code readme} (relative to the project) holds {@code block} and it equals
     * {@code rendered}.
     *
     * @param what       what the block says, for the failure message
     * @param regenerate the generator and its arguments that rewrite the block
     */
    public static void assertRendered(final String readme, final ReadmeBlock block, final String rendered, final String what,
                                      final String regenerate) throws IOException {
        final String current = block.in(Files.readString(ROOT.resolve(readme)));
        assertNotNull(current, readme + " has no " + what + " block (" + block.begin() + ")");
        assertEquals(rendered, current, readme + "'s " + what + " differ from the CSV; regenerate them with " + regenerate);
    }
}
