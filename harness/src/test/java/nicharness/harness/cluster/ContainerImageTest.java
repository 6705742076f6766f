package nicharness.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image the Kubernetes manifests run, built by the Jib Maven plugin as the README
 * says, with no Docker daemon and no registry: Maven packages the harness and its modules (already
 * compiled by this build), and Jib writes an OCI image archive on {@code scratch} (in place of the
 * JRE base image, which would come from a registry). What is checked is what the project puts in:
 * the entry point, the class path, the commit, and the modules' sources that Table 2 is counted
 * from.
 *
 * <p>Runs Maven as a child process with this build's local repository, so it needs {@code mvn}
 * on the path (as the build itself does).
 */
class ContainerImageTest {

    @TempDir
    Path work;

    @Test
    @Timeout(300)
    void jibBuildsTheHarnessImageWithoutADaemon() throws Exception {
        final Path root = ShardedRunTest.projectRoot();
        final Path archive = root.resolve("harness/target/jib-image.tar");
        Files.deleteIfExists(archive);
        final List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-ntp", "-f", root.resolve("pom.xml").toString(),
                "-pl", "harness", "-am", "package", "jib:buildTar", "-DskipTests", "-Dmaven.main.skip=true",
                "-Dnicharness.image.base=scratch", "-Dnicharness.image.commit=0123abc"));
        final String repository = System.getProperty("maven.repo.local");
        if (repository != null && !repository.isBlank()) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        final Path log = work.resolve("maven.out");
        final Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final boolean ended = maven.waitFor(280, TimeUnit.SECONDS);
        final String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "Maven still running after 280 s: " + output);
        assertEquals(0, maven.exitValue(), "mvn " + String.join(" ", command) + "\n" + output);

        final Path image = work.resolve("image");
        untar(archive, image, "-xf");
        final JsonObject index = json(image.resolve("index.json"));
        final JsonObject manifestEntry = index.getAsJsonArray("manifests").get(0).getAsJsonObject();
        assertEquals("nicharness:" + KubernetesManifestTest.projectVersion(), manifestEntry.getAsJsonObject("annotations")
                .get("org.opencontainers.image.ref.name").getAsString(), "the name the manifests run");
        final JsonObject manifest = json(blob(image, manifestEntry.get("digest").getAsString()));
        final JsonObject config = json(blob(image, manifest.getAsJsonObject("config").get("digest").getAsString()))
                .getAsJsonObject("config");
        final List<String> entrypoint = strings(config.getAsJsonArray("Entrypoint"));
        assertEquals("nicharness.harness.Main", entrypoint.getLast());
        assertTrue(entrypoint.contains("--enable-native-access=ALL-UNNAMED") && entrypoint.contains("-Dnicharness.root=/nicharness"),
                entrypoint.toString());
        assertTrue(strings(config.getAsJsonArray("Env")).contains("NICHARNESS_GIT_COMMIT=0123abc"), config.toString());

        final List<String> files = new ArrayList<>();
        for (final var layer : manifest.getAsJsonArray("layers")) {
            files.addAll(untar(blob(image, layer.getAsJsonObject().get("digest").getAsString()), null, "-tzf"));
        }
        for (final String expected : List.of("app/classes/nicharness/harness/Main.class", "app/jib-classpath-file",
                "nicharness/driver-tinynf/src/main/java/nicharness/tinynf/Agent.java",
                "nicharness/driver-dpdk-style/src/main/java/nicharness/dpdk/RxQueue.java")) {
            assertTrue(files.stream().anyMatch(f -> f.endsWith(expected)), expected + " is in the image: " + files.size() + " files");
        }
        assertTrue(files.stream().anyMatch(f -> f.matches(".*app/libs/driver-tinynf-.*\\.jar")), "the modules' jars");
    }

    private static Path blob(final Path image, final String digest) {
        return image.resolve("blobs").resolve(digest.replace(':', '/'));
    }

    private static JsonObject json(final Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    private static List<String> strings(final JsonArray array) {
        final List<String> values = new ArrayList<>();
        array.forEach(e -> values.add(e.getAsString()));
        return values;
    }

    /** Extracts ({@code -xf}, into {@code into}) or lists ({@code -tzf}) an archive with tar. */
    private static List<String> untar(final Path archive, final Path into, final String mode) throws Exception {
        final List<String> command = new ArrayList<>(List.of("tar", mode, archive.toString()));
        if (into != null) {
            Files.createDirectories(into);
            command.addAll(List.of("-C", into.toString()));
        }
        final Process tar = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0, "tar " + mode + " " + archive + ": " + output);
        return output.lines().toList();
    }
}
