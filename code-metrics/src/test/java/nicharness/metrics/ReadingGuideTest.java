package nicharness.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code Class.method} that {@code docs/reading-guide.md} names is declared in a file the
 * guide links for that class (the links themselves are checked by {@link CitationsTest}), so the
 * guide cannot go on naming a method that was renamed or moved.
 */
class ReadingGuideTest {
    private static final Path ROOT = ComplexityReport.findRepositoryRoot(Path.of(""));
    private static final Pattern LINKED_JAVA_FILE = Pattern.compile("\\[`(\\w+)\\.java`\\]\\(([^)\\s]+\\.java)\\)");
    private static final Pattern NAMED_MEMBER = Pattern.compile("`([A-Z]\\w*(?:\\.[A-Za-z]\\w*)+)(?:\\([^`]*\\))?`");

    @Test
    void everyMethodTheGuideNamesIsDeclaredInTheFileItLinks() throws Exception {
        final List<String> wrong = unresolved(ROOT.resolve("docs/reading-guide.md"));
        assertTrue(wrong.isEmpty(), "docs/reading-guide.md names what its linked files do not declare; follow the"
                + " rename in the guide:\n" + String.join("\n", wrong));
    }

    @Test
    void aRenamedMethodIsNamed(@TempDir final Path tree) throws Exception {
        Files.createDirectories(tree.resolve("docs"));
        Files.createDirectories(tree.resolve("src"));
        Files.writeString(tree.resolve("src/Engine.java"), """
                final class Engine {
                    int drain(final int budget) {
                        return budget;
                    }

                    private static final class Output {
                        void frame() {
                        }
                    }
                }
                """);
        Files.writeString(tree.resolve("docs/guide.md"), """
                The engine ([`Engine.java`](../src/Engine.java)): `Engine.drain(int)` sends,
                `Engine.Output.frame` counts, `Engine.transmit` is gone, `Engine.Input.frame` never was,
                and `Sink.frame` has no linked file.
                """);
        assertEquals(List.of(
                "docs/guide.md:2: Engine.transmit: no method transmit in ../src/Engine.java",
                "docs/guide.md:2: Engine.Input.frame: no type Input in ../src/Engine.java",
                "docs/guide.md:3: Sink.frame: the guide links no Sink.java"), unresolved(tree.resolve("docs/guide.md")));
    }

    /** What {@code guide} names and its linked files do not declare, one line each. */
    static List<String> unresolved(final Path guide) throws Exception {
        final String text = Files.readString(guide);
        final Map<String, List<Path>> files = new HashMap<>();
        final Matcher link = LINKED_JAVA_FILE.matcher(text);
        while (link.find()) {
            files.computeIfAbsent(link.group(1), k -> new ArrayList<>()).add(guide.getParent().resolve(link.group(2)).normalize());
        }
        final String name = guide.getParent().getFileName() + "/" + guide.getFileName();
        final List<String> wrong = new ArrayList<>();
        final Matcher member = NAMED_MEMBER.matcher(text);
        while (member.find()) {
            final String[] parts = member.group(1).split("\\.");
            if (parts[parts.length - 1].equals("java")) {
                continue; // a linked file's name
            }
            final int line = (int) text.substring(0, member.start()).chars().filter(c -> c == '\n').count() + 1;
            final String where = name + ":" + line + ": " + member.group(1) + ": ";
            final List<Path> candidates = files.get(parts[0]);
            if (candidates == null) {
                wrong.add(where + "the guide links no " + parts[0] + ".java");
                continue;
            }
            String missing = null;
            for (final Path file : candidates) {
                missing = missingIn(Files.readString(file), parts);
                if (missing == null) {
                    break;
                }
            }
            if (missing != null) {
                wrong.add(where + missing + " in " + guide.getParent().relativize(candidates.getLast()).toString().replace('\\', '/'));
            }
        }
        return wrong;
    }

    /** The first part of {@code parts} (after the class) that {@code java} does not declare, or null. */
    private static String missingIn(final String java, final String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            final String part = Pattern.quote(parts[i]);
            if (Character.isUpperCase(parts[i].charAt(0))) {
                if (!Pattern.compile("\\b(?:class|interface|record|enum)\\s+" + part + "\\b").matcher(java).find()) {
                    return "no type " + parts[i];
                }
            } else if (!Pattern.compile("(?m)^\\s+(?:@\\w+\\s+)*(?:(?:public|private|protected|static|final|default|abstract"
                    + "|synchronized)\\s+)*[\\w<>\\[\\],.?]+\\s+" + part + "\\s*\\(").matcher(java).find()) {
                return "no method " + parts[i];
            }
        }
        return null;
    }
}
