package org.opentwinj.cli.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentwinj.cli.kubernetes.Rendered.Workload;

/**
 * MongoDB's first-start script (administrator, roles, one user per service): one content for
 * compose and Kubernetes, run by the image's entry point, with every password it reads.
 */
class MongoDbInitScriptTest {
    private static final String SCRIPT = "10-opentwin.js";
    private static final Path KUBERNETES_COPY = RepositoryFiles.kubernetes().resolve("base/mongodb/" + SCRIPT);
    private static final Path COMPOSE_SCRIPT = RepositoryFiles.root().resolve("deploy/compose/mongodb/initdb/" + SCRIPT);
    /** The variables the script reads: {@code password("NAME")} and {@code process.env.NAME}. */
    private static final Pattern READS = Pattern.compile("password\\(\"([A-Z0-9_]+)\"\\)|process\\.env\\.([A-Z0-9_]+)");

    @Test
    void kubernetesRunsTheSameScriptAsCompose() throws IOException {
        assumeTrue(Files.isRegularFile(COMPOSE_SCRIPT), "SKIPPED: " + COMPOSE_SCRIPT + " does not exist, so there is nothing to "
                + "compare the Kubernetes copy with");

        assertThat(Files.readString(KUBERNETES_COPY)).as("deploy/kubernetes/base/mongodb/%s is a copy of deploy/compose/mongodb/initdb/%s "
                + "(kustomize reads no file outside its directory): copy it again", SCRIPT, SCRIPT)
                .isEqualTo(Files.readString(COMPOSE_SCRIPT));
    }

    @Test
    void mongoDbRunsTheScriptOnItsFirstStartWithEveryPasswordItReads() throws IOException {
        Rendered base = Rendered.of("base");
        Workload mongodb = base.workload("mongodb");
        String script = Files.readString(KUBERNETES_COPY);

        ConfigMap scripts = base.all(ConfigMap.class).stream()
                .filter(map -> map.getData() != null && map.getData().containsKey(SCRIPT)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap holds " + SCRIPT));
        assertThat(scripts.getData().get(SCRIPT)).isEqualTo(script);
        Volume volume = mongodb.template().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals(scripts.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("MongoDB does not mount the ConfigMap " + scripts.getMetadata().getName()));
        assertThat(mongodb.container().getVolumeMounts()).as("the image's entry point runs the scripts of /docker-entrypoint-initdb.d")
                .anyMatch(mount -> mount.getName().equals(volume.getName()) && mount.getMountPath().equals("/docker-entrypoint-initdb.d"));

        Matcher read = READS.matcher(script);
        int variables = 0;
        while (read.find()) {
            String variable = read.group(1) != null ? read.group(1) : read.group(2);
            variables++;
            assertThat(mongodb.container().getEnv()).extracting(EnvVar::getName).as("MongoDB's container sets %s", variable)
                    .contains(variable);
        }
        assertThat(variables).as("the script reads its passwords from the environment").isPositive();
    }
}
