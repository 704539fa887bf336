package org.opentwinj.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cluster set-up assets under deploy/cluster: kubeadm's configuration, flannel's network
 * configuration and the node preparation script agree with each other and with what the
 * thesis found Windows workers need.
 */
class ClusterSetupTest {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    @Test
    void kubeadmInitConfiguresContainerdSystemdCgroupsAndFlannelsNetwork() throws IOException {
        Map<String, JsonNode> init = documents(RepositoryFiles.cluster().resolve("kubeadm-init.yaml"));

        assertThat(init)
                .containsOnlyKeys(
                        "kubeadm.k8s.io/v1beta4/InitConfiguration",
                        "kubeadm.k8s.io/v1beta4/ClusterConfiguration",
                        "kubelet.config.k8s.io/v1beta1/KubeletConfiguration");
        JsonNode initConfiguration = init.get("kubeadm.k8s.io/v1beta4/InitConfiguration");
        assertThat(initConfiguration.path("nodeRegistration").path("criSocket").asText())
                .isEqualTo("unix:///run/containerd/containerd.sock");
        assertThat(initConfiguration.path("localAPIEndpoint").path("bindPort").asInt())
                .isEqualTo(6443);
        JsonNode cluster = init.get("kubeadm.k8s.io/v1beta4/ClusterConfiguration");
        assertThat(cluster.path("kubernetesVersion").asText()).matches("v1\\.\\d+\\.\\d+");
        assertThat(cluster.path("controlPlaneEndpoint").asText()).matches(".+:\\d+");
        assertThat(cluster.path("networking").path("podSubnet").asText())
                .as("kubeadm's pod subnet is flannel's Network")
                .isEqualTo(flannel().path("Network").asText());
        assertThat(init.get("kubelet.config.k8s.io/v1beta1/KubeletConfiguration")
                        .path("cgroupDriver")
                        .asText())
                .isEqualTo("systemd");
    }

    @Test
    void kubeadmJoinPointsAtTheControlPlane() throws IOException {
        Map<String, JsonNode> join = documents(RepositoryFiles.cluster().resolve("kubeadm-join.yaml"));
        JsonNode cluster = documents(RepositoryFiles.cluster().resolve("kubeadm-init.yaml"))
                .get("kubeadm.k8s.io/v1beta4/ClusterConfiguration");

        assertThat(join).containsOnlyKeys("kubeadm.k8s.io/v1beta4/JoinConfiguration");
        JsonNode discovery = join.get("kubeadm.k8s.io/v1beta4/JoinConfiguration")
                .path("discovery")
                .path("bootstrapToken");
        assertThat(discovery.path("apiServerEndpoint").asText())
                .isEqualTo(cluster.path("controlPlaneEndpoint").asText());
        assertThat(discovery.path("token").asText())
                .as("kubeadm's token format")
                .matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        assertThat(discovery.path("caCertHashes").get(0).asText()).matches("sha256:[0-9a-f]{64}");
        assertThat(join.get("kubeadm.k8s.io/v1beta4/JoinConfiguration")
                        .path("nodeRegistration")
                        .path("criSocket")
                        .asText())
                .isEqualTo("unix:///run/containerd/containerd.sock");
    }

    @Test
    void flannelUsesTheVxlanSettingsWindowsWorkersNeed() throws IOException {
        JsonNode configuration = flannel();

        assertThat(configuration.path("Backend").path("Type").asText()).isEqualTo("vxlan");
        assertThat(configuration.path("Backend").path("VNI").asInt()).isEqualTo(4096);
        assertThat(configuration.path("Backend").path("Port").asInt()).isEqualTo(4789);

        JsonNode kustomization =
                YAML.readTree(Files.readString(RepositoryFiles.cluster().resolve("flannel/kustomization.yaml")));
        JsonNode generator = kustomization.path("configMapGenerator").get(0);
        assertThat(generator.path("name").asText())
                .as("replaces the ConfigMap of flannel's manifest")
                .isEqualTo("kube-flannel-cfg");
        assertThat(generator.path("behavior").asText()).isEqualTo("merge");
        assertThat(generator.path("files").get(0).asText()).isEqualTo("net-conf.json");
        assertThat(kustomization.path("resources").get(0).asText())
                .as("a pinned flannel release")
                .matches(
                        "https://github\\.com/flannel-io/flannel/releases/download/v\\d+\\.\\d+\\.\\d+/kube-flannel\\.yml");
    }

    @Test
    void theNodePreparationScriptIsStrictAndChecksForRoot() throws Exception {
        Path script = RepositoryFiles.cluster().resolve("prepare-node.sh");
        String text = Files.readString(script);

        assertThat(text)
                .startsWith("#!/usr/bin/env bash\n")
                .contains("\nset -euo pipefail\n")
                .contains("id -u")
                .contains("SystemdCgroup")
                .contains("swapoff -a")
                .contains("br_netfilter")
                .contains("net.ipv4.ip_forward = 1");
        assertThat(Files.isExecutable(script))
                .as("prepare-node.sh is executable")
                .isTrue();
        Result syntax = run(List.of("bash", "-n", script.toString()));
        assertThat(syntax.exitCode()).as("bash -n: %s", syntax.output()).isZero();
        Result help = run(List.of("bash", script.toString(), "--help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("--kubernetes-version");
        Result wrong = run(List.of("bash", script.toString(), "--kubernetes-version", "latest"));
        assertThat(wrong.exitCode())
                .as("a bad version is refused before anything changes")
                .isEqualTo(2);
        assertThat(wrong.output()).contains("must be a minor version");
    }

    @Test
    void theNodePreparationScriptIsShellcheckClean() throws Exception {
        assumeTrue(
                available("shellcheck"),
                "SKIPPED: shellcheck is not installed (apt-get install shellcheck), so "
                        + "deploy/cluster/prepare-node.sh was not linted");
        Result lint = run(List.of(
                "shellcheck",
                RepositoryFiles.cluster().resolve("prepare-node.sh").toString()));

        assertThat(lint.exitCode()).as("shellcheck: %s", lint.output()).isZero();
    }

    private static JsonNode flannel() throws IOException {
        return JSON.readTree(Files.readString(RepositoryFiles.cluster().resolve("flannel/net-conf.json")));
    }

    /** The documents of a YAML file by apiVersion/kind; a kind twice fails. */
    private static Map<String, JsonNode> documents(Path file) throws IOException {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(Files.readString(file))) {
            while (iterator.hasNext()) {
                JsonNode document = iterator.next();
                String key = document.path("apiVersion").asText("") + "/"
                        + document.path("kind").asText("");
                assertThat(documents.put(key, document))
                        .as("%s holds %s once", file.getFileName(), key)
                        .isNull();
            }
        }
        return documents;
    }

    record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), output);
    }

    private static boolean available(String tool) {
        try {
            return run(List.of(tool, "--version")).exitCode() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
