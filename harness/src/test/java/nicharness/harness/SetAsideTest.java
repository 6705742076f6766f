package nicharness.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main command on a fresh clone: the repository's reference run in results/ is moved aside, not refused. */
class SetAsideTest {

    @Test
    void aPreviousRunInTheDefaultFolderIsMovedBesideItWithEveryFile(@TempDir final Path root) throws Exception {
        final Path results = root.resolve("results");
        Files.createDirectories(results);
        Files.writeString(results.resolve("trials.csv"), "trial_id,status\nx,ok\n");
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RunCommand.setAsidePreviousRun(results, new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertFalse(Files.exists(results));
        final List<Path> aside;
        try (var files = Files.list(root)) {
            aside = files.toList();
        }
        assertEquals(1, aside.size(), aside.toString());
        assertTrue(aside.getFirst().getFileName().toString().startsWith("results."), aside.toString());
        assertEquals("trial_id,status\nx,ok\n", Files.readString(aside.getFirst().resolve("trials.csv")));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("was moved to"), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyOrMissingFolderIsLeftAlone(@TempDir final Path root) throws Exception {
        final Path results = root.resolve("results");
        RunCommand.setAsidePreviousRun(results, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Files.createDirectories(results);
        RunCommand.setAsidePreviousRun(results, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(Files.isDirectory(results));
    }
}
