package nicharness.harness.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nicharness.harness.output.Row;
import nicharness.harness.output.Table;
import nicharness.harness.output.TrialOutcome;
import nicharness.harness.plan.Experiment;
import nicharness.harness.plan.Needs;
import nicharness.harness.plan.Profile;
import nicharness.harness.plan.TrialSpec;
import nicharness.harness.plan.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TrialLauncherTest {

    static final TrialSpec SPEC = new TrialSpec(List.of(Experiment.DEVICE_COST), Workload.of("nop", "nop", Map.of(), 2, 2, 0.003, 0, 1),
            "tinynf", 1, Needs.SEARCH_ONLY);

    /** Light flags: these tests check the mechanics, not the measuring set-up. */
    static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-XX:TieredStopAtLevel=1");

    private static TrialLauncher launcher(final Path folder, final String mainClass) {
        return new TrialLauncher(Path.of(System.getProperty("java.home"), "bin", "java"), FLAGS, ClassPath.ofRunningApplication(),
                mainClass, folder);
    }

    @Test
    @Timeout(60)
    void runsATrialInItsOwnJvmAndReadsItsResultBack(@TempDir final Path folder) throws Exception {
        final TrialOutcome outcome = launcher(folder, FakeTrialMain.class.getName()).launch("t1",
                result -> new TrialArguments(SPEC, Profile.QUICK, result, List.of()).encode(), Duration.ofSeconds(50));
        assertEquals(TrialOutcome.Status.OK, outcome.status(), outcome.message());
        assertEquals(Profile.QUICK.searchSteps(), outcome.rows().stream().filter(r -> r.table() == Table.SEARCH_STEPS).count());
        assertEquals(18.0, outcome.testerCeilingGbps(), 1e-9);
        assertTrue(Files.readString(folder.resolve("t1.log")).contains("trial nop-2way/tinynf/r1 (device-cost)"));
        assertTrue(!Files.exists(folder.resolve("t1.result")), "the result file is removed once read");
    }

    @Test
    void laterTrialsAreToldTheLowestFreeCoreCanaryTimeEarlierTrialsReported(@TempDir final Path folder) {
        final TrialLauncher launcher = launcher(folder, FakeTrialMain.class.getName());
        final String flag = "-D" + nicharness.env.CoreCanary.FREE_CORE_PROPERTY + "=";
        assertTrue(launcher.command(List.of()).stream().noneMatch(a -> a.startsWith(flag)), "nothing known yet");
        launcher.learnFreeCore(List.of(simulation("312")));
        launcher.learnFreeCore(List.of(simulation("228")));
        launcher.learnFreeCore(List.of(simulation("0"), simulation("")));
        assertTrue(launcher.command(List.of()).contains(flag + "228"), launcher.command(List.of()).toString());
    }

    private static Row simulation(final String canaryNanos) {
        final Map<String, String> values = new java.util.LinkedHashMap<>();
        Table.SIMULATION.measurementColumns().forEach(c -> values.put(c, "1"));
        values.put("core_canary_baseline_ns", canaryNanos);
        return new Row(Table.SIMULATION, values);
    }

    @Test
    @Timeout(60)
    void aTrialJvmThatDiesIsAFailureNamingItsLastWords(@TempDir final Path folder) {
        final TrialOutcome failed = launcher(folder, "no.such.MainClass").launch("t3", result -> List.of(), Duration.ofSeconds(50));
        assertEquals(TrialOutcome.Status.FAILED, failed.status());
        assertTrue(failed.message().contains("exited with code 1") && failed.message().contains("no.such.MainClass"), failed.message());
    }

    @Test
    @Timeout(60)
    void aTrialPastItsTimeLimitIsStopped(@TempDir final Path folder) {
        final TrialOutcome outcome = launcher(folder, Sleeper.class.getName()).launch("t4", result -> List.of(), Duration.ofMillis(1500));
        assertEquals(TrialOutcome.Status.TIMEOUT, outcome.status());
        assertTrue(outcome.durationSeconds() < 10);
    }

    /** A trial that never ends. */
    public static final class Sleeper {
        public static void main(final String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }

    @Test
    void theClassPathComesFromTheNearestUrlClassLoader() throws Exception {
        final Path a = Path.of("/opt/project/harness/target/classes");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {a.toUri().toURL(), Path.of("/m2/x.jar").toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            final ClassLoader child = new ClassLoader(loader) {
            };
            assertEquals(a + java.io.File.pathSeparator + "/m2/x.jar", ClassPath.fromLoader(child));
        }
        assertEquals(null, ClassPath.fromLoader(ClassLoader.getPlatformClassLoader()));
    }
}
