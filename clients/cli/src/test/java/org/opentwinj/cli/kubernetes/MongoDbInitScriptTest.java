package org.opentwinj.cli.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentwinj.cli.kubernetes.Rendered.Workload;

/** The MongoDB init script: one content for compose and Kubernetes, and the Job gives it what it reads. */
class MongoDbInitScriptTest {
    private static final Path KUBERNETES_COPY = RepositoryFiles.kubernetes().resolve("base/mongodb/init-platform.js");
    private static final Path COMPOSE_SCRIPT = RepositoryFiles.root().resolve("deploy/compose/mongodb/init-platform.js");

    @Test
    void kubernetesRunsTheSameScriptAsCompose() throws IOException {
        assumeTrue(Files.isRegularFile(COMPOSE_SCRIPT), "SKIPPED: " + COMPOSE_SCRIPT + " does not exist yet, so there is nothing to "
                + "compare the Kubernetes copy with");

        assertThat(Files.readString(KUBERNETES_COPY)).as("deploy/kubernetes/base/mongodb/init-platform.js is a copy of "
                + "deploy/compose/mongodb/init-platform.js (kustomize reads no file outside its directory): copy it again")
                .isEqualTo(Files.readString(COMPOSE_SCRIPT));
    }

    @Test
    void theJobRunsTheScriptWithEveryVariableItReads() throws IOException {
        Rendered base = Rendered.of("base");
        Workload job = base.workload("mongodb-init");
        String script = Files.readString(KUBERNETES_COPY);

        ConfigMap scripts = base.all(ConfigMap.class).stream()
                .filter(map -> map.getData() != null && map.getData().containsKey("init-platform.js")).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap holds init-platform.js"));
        assertThat(scripts.getData().get("init-platform.js")).isEqualTo(script);
        assertThat(job.template().getSpec().getVolumes()).as("the Job mounts the generated ConfigMap (with its hash suffix)")
                .anyMatch(v -> v.getConfigMap() != null && v.getConfigMap().getName().equals(scripts.getMetadata().getName()));
        assertThat(job.container().getCommand()).contains("/scripts/init-platform.js");

        Matcher read = Pattern.compile("process\\.env\\.([A-Z_]+)").matcher(script);
        while (read.find()) {
            String variable = read.group(1);
            assertThat(job.container().getEnv()).extracting(EnvVar::getName).as("the Job sets %s", variable).contains(variable);
        }
    }
}
