package nicharness.harness.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in {@code cluster/kubernetes/} against the Kubernetes API's schema, as
 * the official Java client's models (generated from the API's OpenAPI document) validate JSON: no
 * field the API does not define, every required field present, every nested object checked. Then
 * what the schema cannot say: the Indexed Job's N agrees with itself, each pod runs its shard,
 * the image is the one the build makes, and both Jobs mount the claim the volume file defines.
 */
class KubernetesManifestTest {

    private static final Path FOLDER = ShardedRunTest.projectRoot().resolve("cluster/kubernetes");
    private static final Gson GSON = new Gson();

    /** Each YAML document of a file, as JSON. */
    private static List<JsonElement> documents(final String file) throws IOException {
        final List<JsonElement> documents = new ArrayList<>();
        for (final Object document : new Yaml().loadAll(Files.readString(FOLDER.resolve(file)))) {
            if (document != null) {
                documents.add(GSON.toJsonTree(document));
            }
        }
        return documents;
    }

    /** Validates a document against the API's schema for its kind, and reads it. */
    private static Object validated(final JsonElement document) throws IOException {
        final String kind = document.getAsJsonObject().get("kind").getAsString();
        switch (kind) {
            case "Job" -> {
                V1Job.validateJsonElement(document);
                return V1Job.fromJson(document.toString());
            }
            case "PersistentVolumeClaim" -> {
                V1PersistentVolumeClaim.validateJsonElement(document);
                return V1PersistentVolumeClaim.fromJson(document.toString());
            }
            default -> throw new AssertionError("no schema check for kind " + kind + " yet: add it here");
        }
    }

    @Test
    void everyManifestIsValidAgainstTheKubernetesApiSchema() throws IOException {
        final List<String> files;
        try (var list = Files.list(FOLDER)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(List.of("indexed-job.yaml", "merge-job.yaml", "results-volume.yaml"), files);
        for (final String file : files) {
            for (final JsonElement document : documents(file)) {
                validated(document);
            }
        }
    }

    @Test
    void theSchemaCheckCatchesAMisspeltFieldAndAMissingOne() throws IOException {
        final JsonElement job = documents("indexed-job.yaml").getFirst();
        final JsonElement misspelt = GSON.fromJson(job.toString().replace("\"completionMode\"", "\"completionMod\""), JsonElement.class);
        final IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> validated(misspelt));
        assertTrue(typo.getMessage().contains("completionMod"), typo.getMessage());
        final JsonElement nameless = GSON.fromJson(job.toString().replace("\"name\":\"shard\",", ""), JsonElement.class);
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> validated(nameless));
        assertTrue(missing.getMessage().contains("required field `name`"), missing.getMessage());
    }

    @Test
    void theIndexedJobRunsShardKOfNOnePodEach() throws IOException {
        final V1Job job = (V1Job) validated(documents("indexed-job.yaml").getFirst());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        final int completions = job.getSpec().getCompletions();
        assertEquals(completions, job.getSpec().getParallelism(), "every shard at once");
        final V1Container container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        final Map<String, String> env = new java.util.HashMap<>();
        container.getEnv().forEach(e -> env.put(e.getName(), e.getValue() != null ? e.getValue()
                : e.getValueFrom().getFieldRef().getFieldPath()));
        assertEquals(Integer.toString(completions), env.get("SHARD_COUNT"), "N in SHARD_COUNT is the Job's completions");
        assertEquals("metadata.annotations['batch.kubernetes.io/job-completion-index']", env.get("SHARD_INDEX"));
        final List<String> args = container.getArgs();
        assertEquals("run", args.getFirst());
        assertEquals("$(SHARD_INDEX)/$(SHARD_COUNT)", args.get(args.indexOf("--shard") + 1));
        assertEquals("/results/shards/$(SHARD_INDEX)-of-$(SHARD_COUNT)", args.get(args.indexOf("--output") + 1),
                "where merge-job.yaml looks, named as run --shard names a shard's folder");
        assertTrue(args.contains("--resume"), "a restarted pod continues its shard");
        assertEquals(container.getResources().getRequests(), container.getResources().getLimits(), "Guaranteed: whole CPUs");
    }

    @Test
    void bothJobsUseTheBuiltImageAndTheSharedClaim() throws IOException {
        final V1PersistentVolumeClaim claim = (V1PersistentVolumeClaim) validated(documents("results-volume.yaml").getFirst());
        assertTrue(claim.getSpec().getAccessModes().contains("ReadWriteMany"), "pods on several nodes write it");
        final String image = "nicharness:" + projectVersion();
        for (final String file : List.of("indexed-job.yaml", "merge-job.yaml")) {
            final V1Job job = (V1Job) validated(documents(file).getFirst());
            final var pod = job.getSpec().getTemplate().getSpec();
            assertEquals(image, pod.getContainers().getFirst().getImage(), file + ": the image harness/pom.xml builds");
            assertEquals(claim.getMetadata().getName(), pod.getVolumes().getFirst().getPersistentVolumeClaim().getClaimName(), file);
            assertEquals("/results", pod.getContainers().getFirst().getVolumeMounts().getFirst().getMountPath(), file);
        }
        final V1Job merge = (V1Job) validated(documents("merge-job.yaml").getFirst());
        assertEquals(List.of("merge", "--output", "/results/merged", "/results/shards"), merge.getSpec().getTemplate().getSpec()
                .getContainers().getFirst().getArgs());
    }

    /** The project's version, from the root POM (the image's tag). */
    static String projectVersion() throws IOException {
        final String pom = Files.readString(ShardedRunTest.projectRoot().resolve("pom.xml"));
        final Matcher m = Pattern.compile("<artifactId>nicharness-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(m.find(), "the root POM's version");
        return m.group(1);
    }
}
