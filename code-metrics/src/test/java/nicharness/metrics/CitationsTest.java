package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every document the repository's code, READMEs, build and scripts cite is in the repository: a
 * citation that does not resolve is named with its file and line. Public sources are cited by
 * address, datasheet section or original file and line at a named commit, and are not checked.
 */
class CitationsTest {
    private static final Path ROOT = ComplexityReport.findRepositoryRoot(Path.of(""));

    @Test
    void everyCitedDocumentIsInTheRepository() {
        final List<String> files = Citations.files(ROOT);
        final List<String> citing = Citations.citingFiles(ROOT);
        assertTrue(citing.size() > 100 && citing.contains("README.md") && citing.contains("docs/reading-guide.md"),
                "the repository's files were not found (" + citing.size() + " citing files); run the test from the repository");
        final List<Citations.Missing> missing = Citations.missing(ROOT, citing, files);
        assertTrue(missing.isEmpty(), missing.size() + " citations name a document the repository does not have;"
                + " cite a file it has (from the root or the citing file's folder) or the public source:\n"
                + missing.stream().map(Citations.Missing::toString).collect(Collectors.joining("\n")));
    }

    @Test
    void aBrokenCitationIsNamedWithItsFileAndLine(@TempDir final Path tree) throws Exception {
        write(tree, "README.md", """
                # Project
                See [the model](docs/model.md), `nic-model/README.md` and [the guide](docs/guide.md).
                The original: https://github.com/dslab-epfl/tinynf/blob/osdi20/experiments/ReadMe.md.
                """);
        write(tree, "docs/model.md", "Back to the [start](../README.md); the files of `docs/figures/`.\n");
        write(tree, "nic-model/README.md", "The receive engine ([code](src/Rx.java)).\n");
        write(tree, "nic-model/src/Rx.java", """
                package model;

                /**
                 * As the model's notes say (docs/model.md 3), and as the README of this module says
                 * (nic-model/README.md); the reading guide is in {@code docs/reading-guide.md}.
                 */
                final class Rx {
                    // the measured facts: reference java-platform.md 1.3; the model: reference 6.13, §2 and 6.11 item 4
                    static final String OUTPUT = "results/complexity-functions.md";
                    static final String BLOCK = \"""
                            paper.md
                            \""";
                }
                """);
        write(tree, "harness/run.sh", "# writes code-metrics/data/*-Init.md and reads docs/figures\n");

        final List<String> files = Citations.files(tree);
        final List<String> missing = Citations.missing(tree, Citations.citingFiles(tree), files).stream()
                .map(Citations.Missing::toString).toList();

        assertEquals(List.of(
                "README.md:2 cites docs/guide.md, which the repository does not have",
                "docs/model.md:1 cites docs/figures/, which the repository does not have",
                "harness/run.sh:1 cites code-metrics/data/*-Init.md, which the repository does not have",
                "harness/run.sh:1 cites docs/figures, which the repository does not have",
                "nic-model/src/Rx.java:5 cites docs/reading-guide.md, which the repository does not have",
                "nic-model/src/Rx.java:8 cites 6.11 item 4, which the repository does not have",
                "nic-model/src/Rx.java:8 cites java-platform.md, which the repository does not have",
                "nic-model/src/Rx.java:8 cites reference 6.13, which the repository does not have",
                "nic-model/src/Rx.java:8 cites §2, which the repository does not have"),
                missing.stream().sorted().toList());

        write(tree, "docs/guide.md", "A guide.\n");
        write(tree, "docs/reading-guide.md", "The guide.\n");
        write(tree, "docs/java-platform.md", "Measured facts.\n");
        write(tree, "docs/figures/one.png", "");
        write(tree, "code-metrics/data/TinyNF-Init.md", "");
        final List<Citations.Missing> stillMissing = Citations.missing(tree, Citations.citingFiles(tree), Citations.files(tree));
        assertEquals(List.of("nic-model/src/Rx.java:8 cites java-platform.md, which the repository does not have",
                        "nic-model/src/Rx.java:8 cites reference 6.13, which the repository does not have",
                        "nic-model/src/Rx.java:8 cites §2, which the repository does not have",
                        "nic-model/src/Rx.java:8 cites 6.11 item 4, which the repository does not have"),
                stillMissing.stream().map(Citations.Missing::toString).toList(),
                "a bare name resolves only from the root or the citing file's folder, not wherever a file of that name is");
    }

    private static void write(final Path tree, final String file, final String text) throws Exception {
        Files.createDirectories(tree.resolve(file).getParent());
        Files.writeString(tree.resolve(file), text);
    }
}
