package nicharness.metrics;

import com.github.javaparser.JavaParser;
import com.github.javaparser.JavaToken;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Lines of code of a method, counted from its Java source with JavaParser: the lines of its
 * declaration, from the first modifier or type to the closing brace, that hold at least one token
 * that is neither white space nor a comment. Annotations on the declaration ({@code @Override},
 * {@code @DriverPart}) do not count: they are bookkeeping, not driver code. Javadoc above the
 * method is outside the declaration.
 *
 * <p>The paper counted with {@code indent -orig}, {@code cpp} and {@code cloc}; the rule is the
 * same (code lines, not blank, not comment), and Java sources are already consistently formatted.
 */
final class SourceLines {

    /**
     * A method's source declaration.
     *
     * @param file      the source file
     * @param firstLine its first line (after annotations)
     * @param lastLine  its last line
     * @param codeLines lines holding code
     */
    record Declaration(Path file, int firstLine, int lastLine, int codeLines) {
    }

    private final List<Path> sourceRoots;
    private final JavaParser parser;
    private final Map<Path, CompilationUnit> units = new HashMap<>();
    private final Map<Node, Integer> counted = new IdentityHashMap<>();

    /** Sources are looked up under each of {@code sourceRoots} (directories such as {@code driver-tinynf/src/main/java}). */
    SourceLines(final List<Path> sourceRoots) {
        this.sourceRoots = List.copyOf(sourceRoots);
        this.parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_25)
                .setStoreTokens(true));
    }

    /** The main source roots of every module of the repository at {@code root}: {@code <module>/src/main/java}. */
    static SourceLines forRepository(final Path root) {
        final List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted().forEach(roots::add);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot list the modules of the repository at " + root, e);
        }
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no <module>/src/main/java directory under " + root.toAbsolutePath()
                    + "; pass the repository root (the directory of the parent pom.xml)");
        }
        return new SourceLines(roots);
    }

    /**
     * The repository root for the working directory {@code from}: the nearest directory, from
     * {@code from} upwards, whose {@code pom.xml} lists modules.
     *
     * @throws IllegalStateException if there is none
     */
    static Path findRepositoryRoot(final Path from) {
        for (Path dir = from.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            final Path pom = dir.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) {
                    return dir;
                }
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot read " + pom, e);
            }
        }
        throw new IllegalStateException("no parent pom.xml with <modules> in " + from.toAbsolutePath()
                + " or above it; run from inside the repository, or pass its root explicitly (--root)");
    }

    /**
     * The source declaration of {@code method}, found in the file {@code sourceFile} of its
     * package by name and by the source lines its bytecode comes from. Empty for code without a
     * declaration of its own (an implicit constructor, a record's accessor).
     *
     * @throws IllegalStateException if the source file cannot be found or parsed
     */
    Optional<Declaration> declaration(final MethodRef method, final String sourceFile, final List<Integer> lines) {
        final String owner = method.owner();
        final String packagePath = owner.contains("/") ? owner.substring(0, owner.lastIndexOf('/')) : "";
        final Path file = locate(packagePath, sourceFile);
        final CompilationUnit unit = units.computeIfAbsent(file, this::parse);
        final String simple = method.ownerSimpleName();
        final String typeName = simple.substring(simple.lastIndexOf('$') + 1);
        final boolean anonymous = !typeName.isEmpty() && Character.isDigit(typeName.charAt(0));

        BodyDeclaration<?> best = null;
        int bestScore = 0;
        int bestSize = Integer.MAX_VALUE;
        for (final BodyDeclaration<?> candidate : unit.findAll(BodyDeclaration.class)) {
            if (!matches(candidate, method, typeName, anonymous) || candidate.getRange().isEmpty()) {
                continue;
            }
            final Range range = candidate.getRange().get();
            int score = 0;
            for (final int line : lines) {
                if (range.begin.line <= line && line <= range.end.line) {
                    score++;
                }
            }
            final int size = range.end.line - range.begin.line;
            if (score > bestScore || score == bestScore && score > 0 && size < bestSize) {
                best = candidate;
                bestScore = score;
                bestSize = size;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        final BodyDeclaration<?> declaration = best;
        final int code = counted.computeIfAbsent(declaration, SourceLines::codeLines);
        return Optional.of(new Declaration(file, firstCodeLine(declaration), declaration.getRange().get().end.line, code));
    }

    private static boolean matches(final BodyDeclaration<?> candidate, final MethodRef method, final String typeName,
                                   final boolean anonymous) {
        final boolean nameMatches;
        if (method.isConstructor()) {
            nameMatches = candidate instanceof ConstructorDeclaration || candidate instanceof CompactConstructorDeclaration;
        } else {
            nameMatches = candidate instanceof MethodDeclaration m && m.getNameAsString().equals(method.name());
        }
        if (!nameMatches) {
            return false;
        }
        if (anonymous) {
            return true;
        }
        final Optional<Node> parent = candidate.getParentNode();
        return parent.isPresent() && parent.get() instanceof TypeDeclaration<?> type
                && type.getNameAsString().equals(typeName);
    }

    /** Lines of {@code declaration} holding a token that is not white space, a comment or an annotation. */
    static int codeLines(final Node declaration) {
        final List<Range> annotations = new ArrayList<>();
        if (declaration instanceof NodeWithAnnotations<?> annotated) {
            for (final AnnotationExpr annotation : annotated.getAnnotations()) {
                annotation.getRange().ifPresent(annotations::add);
            }
        }
        final TreeSet<Integer> lines = new TreeSet<>();
        for (final JavaToken token : declaration.getTokenRange().orElseThrow(() -> new IllegalStateException(
                "JavaParser kept no tokens for " + declaration.getClass().getSimpleName()))) {
            if (token.getCategory().isWhitespaceOrComment() || token.getRange().isEmpty()) {
                continue;
            }
            final Range range = token.getRange().get();
            if (annotations.stream().anyMatch(a -> within(range.begin, a))) {
                continue;
            }
            for (int line = range.begin.line; line <= range.end.line; line++) {
                lines.add(line);
            }
        }
        return lines.size();
    }

    private static int firstCodeLine(final BodyDeclaration<?> declaration) {
        int line = declaration.getRange().get().begin.line;
        if (declaration instanceof NodeWithAnnotations<?> annotated) {
            for (final AnnotationExpr annotation : annotated.getAnnotations()) {
                if (annotation.getRange().isPresent() && annotation.getRange().get().end.line >= line) {
                    line = annotation.getRange().get().end.line + 1;
                }
            }
        }
        return Math.min(line, declaration.getRange().get().end.line);
    }

    private static boolean within(final Position position, final Range range) {
        return !position.isBefore(range.begin) && !position.isAfter(range.end);
    }

    private Path locate(final String packagePath, final String sourceFile) {
        for (final Path root : sourceRoots) {
            final Path candidate = root.resolve(packagePath).resolve(sourceFile);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no source file " + packagePath + "/" + sourceFile + " under any of "
                + sourceRoots + "; lines of code are counted from the sources, so run from the repository"
                + " (or pass its root with --root)");
    }

    private CompilationUnit parse(final Path file) {
        try {
            final ParseResult<CompilationUnit> result = parser.parse(file);
            if (!result.isSuccessful() || result.getResult().isEmpty()) {
                throw new IllegalStateException("JavaParser cannot parse " + file + ": " + result.getProblems());
            }
            return result.getResult().get();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
