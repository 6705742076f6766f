package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.body.MethodDeclaration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where sources are found, and what a line of code is. */
class SourceLinesTest {

    @Test
    void theRepositoryRootIsTheNearestParentPomWithModules() {
        final Path root = SourceLines.findRepositoryRoot(Path.of(""));
        assertTrue(Files.isDirectory(root.resolve("code-metrics/src/main/java")), root.toString());
    }

    @Test
    void aMissingSourceFileIsALoudErrorNamingWhereItLooked(@TempDir final Path empty) {
        final SourceLines sources = new SourceLines(List.of(empty));
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> sources.declaration(
                new MethodRef("nicharness/example/Agent", "receive", "()Z"), "Agent.java", List.of(10)));
        assertTrue(e.getMessage().contains("no source file nicharness/example/Agent.java under"), e.getMessage());
        assertTrue(e.getMessage().contains("--root"), e.getMessage());
    }

    @Test
    void codeLinesAreLinesWithATokenThatIsNeitherCommentNorAnnotation() {
        final JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_25));
        final MethodDeclaration method = parser.parseBodyDeclaration("""
                @Override // 0: an annotation
                public String toString() { // 1
                    /* 0: a comment
                       over two lines */

                    final String text = \"""
                            a text block
                            over three lines\"""; // 3
                    return text + /* inline */ "!"; // 1
                } // 1
                """).getResult().orElseThrow().asMethodDeclaration();
        assertEquals(6, SourceLines.codeLines(method));
    }
}
