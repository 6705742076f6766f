package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code code-metrics/README.md}'s Table 2 is the one rendered from the {@code complexity.csv} the
 * current drivers produce: a README number that disagrees with the CSV fails here. Regenerate with
 * {@code -Dmetrics.writeReadme=true}.
 */
class ReadmeTableTest {

    @Test
    void theReadmesTableIsTheOneRenderedFromComplexityCsv() throws IOException {
        final Path root = ComplexityReport.findRepositoryRoot(Path.of(""));
        final Path out = Path.of("target/complexity-readme");
        ComplexityReport.write(out, root);
        final String rendered = Table2Readme.render(out.resolve(ComplexityReport.CSV_FILE));
        final Path readme = root.resolve("code-metrics/README.md");
        final String text = Files.readString(readme, StandardCharsets.UTF_8);
        if (Boolean.getBoolean("metrics.writeReadme")) {
            Files.writeString(readme, Table2Readme.replace(text, rendered), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(rendered, Table2Readme.current(text), "code-metrics/README.md's table differs from "
                + out.resolve(ComplexityReport.CSV_FILE) + "; regenerate it with -Dmetrics.writeReadme=true");
    }
}
