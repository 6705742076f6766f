package nicharness.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A test fork that runs out of memory must fail the build, not pass it with whatever tests had
 * finished (a thread that dies of {@code OutOfMemoryError} leaves the others waiting, or worse,
 * passing). Surefire's forks run with {@code -XX:+ExitOnOutOfMemoryError} (the parent POM's
 * {@code nicharness.testJvmArgs}), so the fork exits with status 3 and surefire reports "The
 * forked VM terminated without properly saying goodbye", an error that fails {@code mvn test}.
 */
class ForkHeapTest {
    private static final String EXIT_ON_OOM = "-XX:+ExitOnOutOfMemoryError";

    @Test
    @Timeout(120)
    void thisForkRunsWithExitOnOutOfMemoryAndAJvmWithItExitsWhenItsHeapIsExhausted()
            throws IOException, InterruptedException {
        final List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(arguments.contains(EXIT_ON_OOM), "the test fork's JVM arguments: " + arguments);
        // The same flag on a JVM with a small heap that allocates until it cannot: it must end at
        // once, with status 3 and the JVM's own message.
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process hog = new ProcessBuilder(java.toString(), EXIT_ON_OOM, "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), HeapHog.class.getName())
                .redirectErrorStream(true).start();
        final String output = new String(hog.getInputStream().readAllBytes()); // the JVM prints it on stdout
        assertTrue(hog.waitFor(60, TimeUnit.SECONDS), "the heap hog did not end");
        assertEquals(3, hog.exitValue(), output);
        assertTrue(output.contains("Terminating due to java.lang.OutOfMemoryError"), output);
    }

    /**
     * Exhausts this fork's own heap: {@code mvn test} must then fail. Left out of the default run
     * (tag {@code fork-crash-demo}); run it with
     * {@code mvn -B -ntp test -pl test-support -Dnicharness.excludedGroups= -Dgroups=fork-crash-demo}
     * and expect BUILD FAILURE.
     */
    @Test
    @Tag("fork-crash-demo")
    void exhaustsThisForksHeap() {
        HeapHog.exhaustHeap();
    }
}
