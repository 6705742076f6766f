package nicharness.harness.trial;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The class path of the running application, for starting trial JVMs that see the same classes.
 *
 * <p>{@code mvn exec:java} runs the harness inside Maven's JVM, whose {@code java.class.path} is
 * Maven's own launcher ({@code docs/java-platform.md}, "Class path inside
 * {@code mvn exec:java}"): the project's classes are in
 * the exec plugin's {@link URLClassLoader}, the context class loader of the main thread. So the
 * class path is taken from the nearest URL class loader that has URLs, and from
 * {@code java.class.path} when the harness runs with {@code java -cp} (whose application class
 * loader is not a URL class loader). The system property {@value #OVERRIDE} overrides both.
 */
public final class ClassPath {

    /** A system property that, when set, is the class path to use. */
    public static final String OVERRIDE = "nicharness.classpath";

    private ClassPath() {
    }

    /** The class path of the running application, as a {@link File#pathSeparator}-separated list. */
    public static String ofRunningApplication() {
        final String override = System.getProperty(OVERRIDE);
        if (override != null && !override.isBlank()) {
            return override;
        }
        final String fromLoader = fromLoader(Thread.currentThread().getContextClassLoader());
        return fromLoader != null ? fromLoader : System.getProperty("java.class.path");
    }

    /** The URLs of the nearest URL class loader at or above {@code loader} that has any, or null. */
    static String fromLoader(final ClassLoader loader) {
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader urls && urls.getURLs().length > 0) {
                final List<String> entries = new ArrayList<>();
                for (final URL url : urls.getURLs()) {
                    entries.add(toPath(url));
                }
                return String.join(File.pathSeparator, entries);
            }
        }
        return null;
    }

    private static String toPath(final URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (final URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("the class path entry " + url + " is not a local file; "
                    + "set -D" + OVERRIDE + "=... to the project's class path", e);
        }
    }
}
