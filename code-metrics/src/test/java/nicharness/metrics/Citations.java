package nicharness.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository documents that the repository's files cite, and which of them it does not have.
 *
 * <p>A citation is a path ending in {@code .md} (as in {@code nic-model/README.md} or
 * {@code docs/design.md}, with {@code *} standing for any part of one name), a path under
 * {@code docs/}, or the target of a relative Markdown link. It resolves when it names a tracked
 * file, or a folder holding one, either from the repository root or from the citing file's folder.
 * A section of some reference document cited by its number alone never resolves ({@link
 * #UNNAMED_REFERENCE}).
 * Addresses ({@code https://...}) are public sources, not repository documents, and are not
 * checked here; so a public file is cited as a Markdown link to its address, whose text may name
 * the file. In Java files only comments are read: a string literal names a file the code
 * reads or writes when it runs (such as {@code results/complexity-functions.md}), which the
 * repository need not hold.
 */
final class Citations {
    /** The kinds of file that cite documents. */
    static final List<String> EXTENSIONS = List.of(".java", ".md", ".xml", ".sh", ".yaml", ".yml");

    /** A word ending in {@code .md}; the characters around it that cannot be part of a path end it. */
    private static final Pattern MARKDOWN_FILE = Pattern.compile("[^\\s`'\"(){}\\[\\],;<>|]+\\.md(?![\\w-]|\\.\\w)");
    private static final Pattern DOCS_PATH = Pattern.compile("(?<![\\w./-])docs/[\\w./*-]*");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    /**
     * A section of a reference document cited without the document's path: the word "reference"
     * (with an optional colon and document name, and an optional "section") followed by a section
     * number; a section sign followed by a number; or a section number followed by "item" and a
     * number. It names nothing the repository could hold.
     */
    private static final Pattern UNNAMED_REFERENCE = Pattern.compile(
            "(?i)\\breference(?::[\\s*]+[\\w-]+)?[\\s*]+(?:sections?[\\s*]+)?\\d+(?:\\.\\d+)*\\b"
                    + "|§[\\s*]*\\d+(?:\\.\\d+)*|\\b\\d+\\.\\d+(?:\\.\\d+)*[\\s*]+items?[\\s*]+\\d+");
    /** A Markdown link to an address: its text names a public file, not one of the repository. */
    private static final Pattern LINK_TO_ADDRESS = Pattern.compile("\\[[^\\]\\n]*\\]\\(\\w+://[^)\\s]*\\)");

    private Citations() {
    }

    /** One citation of a document that the repository does not have. */
    record Missing(String file, int line, String cited) {
        @Override
        public String toString() {
            return file + ":" + line + " cites " + cited + ", which the repository does not have";
        }
    }

    /**
     * The files of the repository at {@code root} that may cite documents: those git tracks or,
     * outside a git work tree, every file but build output ({@code target}) and hidden folders.
     */
    static List<String> citingFiles(final Path root) {
        return files(root).stream().filter(f -> EXTENSIONS.stream().anyMatch(f::endsWith)).toList();
    }

    /** Every file of the repository at {@code root}, as paths from the root with {@code /}. */
    static List<String> files(final Path root) {
        try {
            final Process git = new ProcessBuilder("git", "ls-files", "-z").directory(root.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (git.waitFor() == 0 && !out.isEmpty()) {
                return List.of(out.split("\0"));
            }
        } catch (final IOException e) {
            // no git on this machine: the walk below finds the same files in a clean checkout
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> Stream.of(p.split("/")).noneMatch(part -> part.equals("target") || part.startsWith(".")))
                    .sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list the files under " + root, e);
        }
    }

    /**
     * The citations in {@code citing} (paths from {@code root}) that name no file or folder of
     * {@code repository} (every file of the repository, as paths from the root).
     */
    static List<Missing> missing(final Path root, final List<String> citing, final List<String> repository) {
        final Set<String> present = new HashSet<>(repository);
        for (final String file : repository) {
            for (int slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
                present.add(file.substring(0, slash));
            }
        }
        final List<Missing> missing = new ArrayList<>();
        for (final String file : citing) {
            final String text;
            try {
                text = Files.readString(root.resolve(file));
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            final String searched = file.endsWith(".java") ? commentsOnly(text)
                    : file.endsWith(".md") ? withoutLinksToAddresses(text) : text;
            final String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : "";
            for (final Cited cited : citations(searched, file.endsWith(".md"))) {
                if (!resolves(cited.path, folder, present)) {
                    missing.add(new Missing(file, lineOf(text, cited.offset), cited.path));
                }
            }
        }
        return missing;
    }

    private record Cited(String path, int offset) {
    }

    private static List<Cited> citations(final String text, final boolean markdown) {
        final List<Cited> cited = new ArrayList<>();
        final Matcher file = MARKDOWN_FILE.matcher(text);
        while (file.find()) {
            String path = file.group();
            while (path.startsWith("**") || path.startsWith("_")) {
                path = path.substring(path.startsWith("_") ? 1 : 2);
            }
            if (!isAddress(path)) {
                cited.add(new Cited(path, file.start()));
            }
        }
        final Matcher docs = DOCS_PATH.matcher(text);
        while (docs.find()) {
            final String path = docs.group().replaceAll("[.]+$", "");
            if (!path.endsWith(".md")) {
                cited.add(new Cited(path, docs.start()));
            }
        }
        final Matcher unnamed = UNNAMED_REFERENCE.matcher(text);
        while (unnamed.find()) {
            cited.add(new Cited(unnamed.group().replaceAll("[\\s*]+", " "), unnamed.start()));
        }
        if (markdown) {
            final Matcher link = MARKDOWN_LINK.matcher(text);
            while (link.find()) {
                final String target = link.group(1).replaceFirst("#.*", "");
                if (!target.isEmpty() && !target.contains(":") && !target.endsWith(".md")) {
                    cited.add(new Cited(target, link.start(1)));
                }
            }
        }
        return cited;
    }

    private static boolean isAddress(final String path) {
        return path.contains("://") || path.startsWith("www.");
    }

    private static boolean resolves(final String path, final String folder, final Set<String> present) {
        if (UNNAMED_REFERENCE.matcher(path).matches()) {
            return false;
        }
        if (path.startsWith("/")) {
            return resolvesFrom(path.substring(1), "", present);
        }
        return resolvesFrom(path, "", present) || !folder.isEmpty() && resolvesFrom(path, folder, present);
    }

    private static boolean resolvesFrom(final String path, final String folder, final Set<String> present) {
        final String joined = Path.of(folder.isEmpty() ? "." : folder).resolve(path).normalize().toString().replace('\\', '/');
        if (joined.startsWith("..")) {
            return false;
        }
        final String stripped = joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
        if (!stripped.contains("*")) {
            return stripped.isEmpty() || present.contains(stripped);
        }
        final Pattern glob = Pattern.compile(Stream.of(stripped.split("\\*", -1)).map(Pattern::quote)
                .reduce((a, b) -> a + "[^/]*" + b).orElseThrow());
        return present.stream().anyMatch(p -> glob.matcher(p).matches());
    }

    /** {@code markdown} with every link to an address blanked, its text included. */
    private static String withoutLinksToAddresses(final String markdown) {
        final StringBuilder out = new StringBuilder(markdown);
        final Matcher link = LINK_TO_ADDRESS.matcher(markdown);
        while (link.find()) {
            for (int k = link.start(); k < link.end(); k++) {
                out.setCharAt(k, ' ');
            }
        }
        return out.toString();
    }

    private static int lineOf(final String text, final int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * {@code java} with everything but its comments blanked (line breaks kept, so offsets and
     * lines stay those of the file): string, text-block and character literals are code here.
     */
    static String commentsOnly(final String java) {
        final StringBuilder out = new StringBuilder(java.length());
        int i = 0;
        final int n = java.length();
        while (i < n) {
            final char c = java.charAt(i);
            if (java.startsWith("//", i)) {
                final int end = java.indexOf('\n', i) < 0 ? n : java.indexOf('\n', i);
                out.append(java, i, end);
                i = end;
            } else if (java.startsWith("/*", i)) {
                final int end = java.indexOf("*/", i + 2) < 0 ? n : java.indexOf("*/", i + 2) + 2;
                out.append(java, i, end);
                i = end;
            } else if (java.startsWith("\"\"\"", i)) {
                int end = i + 3;
                while (end < n && !java.startsWith("\"\"\"", end)) {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
                blank(java, i, end, out);
                i = end;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < n && java.charAt(end) != c && java.charAt(end) != '\n') {
                    end += java.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                blank(java, i, end, out);
                i = end;
            } else {
                out.append(c == '\n' ? '\n' : ' ');
                i++;
            }
        }
        return out.toString();
    }

    private static void blank(final String java, final int from, final int to, final StringBuilder out) {
        for (int k = from; k < to; k++) {
            out.append(java.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
