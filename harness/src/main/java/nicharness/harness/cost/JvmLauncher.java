package nicharness.harness.cost;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start another JVM on this project's classes: the {@code java} of the running JDK and the
 * class path the running code was loaded from.
 *
 * <p>The class path is not always {@code java.class.path}: under {@code mvn exec:java} that is
 * Maven's own launcher, and the project's jars are in the exec plugin's class loader; under
 * Surefire it may be a manifest-only jar, which a child JVM follows as well. In order: the system
 * property {@code nicharness.classpath} if set, the URLs of the context class loader if it is a
 * {@link URLClassLoader}, then {@code java.class.path}.
 */
public final class JvmLauncher {
    private JvmLauncher() {
    }

    /** The {@code java} executable of the running JDK (never the one on {@code PATH}, which may be older). */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The class path that loaded this project's classes, as a {@code -cp} argument. */
    public static String classPath() {
        final String explicit = System.getProperty("nicharness.classpath");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        if (Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader
                && loader.getURLs().length > 0) {
            final List<String> entries = new ArrayList<>();
            for (final URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (final URISyntaxException | IllegalArgumentException e) {
                    entries.add(url.getPath());
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }
}
