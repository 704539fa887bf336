package org.opentwinj.systemtest.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.HostPathVolumeSource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.transport.client.TrustOnlyTls;
import org.opentwinj.systemtest.kubernetes.Kustomize;
import org.opentwinj.systemtest.kubernetes.RepositoryFiles;
import org.opentwinj.systemtest.kubernetes.StrictManifests;

/**
 * A smoke test of the Kubernetes manifests on this machine, which has no cluster: the dev
 * overlay rendered with {@code kubectl kustomize}, and the pods of the logger, AUTH, the GSS
 * and the LSS taken from it and run with {@code podman kube play}, each as its manifest
 * describes it (image entry point, args, variables from the ConfigMaps, security context,
 * resources, the CA mounted read-only), until each answers {@code GET /readyz} over TLS with
 * a certificate it issued itself at start. Then everything is removed, also when it fails.
 *
 * <p>What podman 4.3 cannot play is adapted, each in one place below ({@link #adapt}):
 * <ul>
 *   <li>Deployments and the LSS's StatefulSet become Pods named after their Service
 *       ({@code lss-0} for the LSS): podman plays no StatefulSets and names a Deployment's pod
 *       {@code <name>-pod-0}.</li>
 *   <li>Names: podman has no cluster DNS for pods, so each pod gets a fixed address on the
 *       test's network and {@code hostAliases} for the names the manifests dial
 *       ({@code gss}, {@code auth}, {@code logger}, {@code lss-0.lss}, {@code database}).</li>
 *   <li>The CA Secret: podman 4.3 crashes on secret volumes, so {@code opentwin-ca} is a
 *       hostPath of the test's CA, and {@code opentwin-admin} one of a file with the first
 *       admin's password; emptyDirs are hostPaths too.</li>
 *   <li>MongoDB: its image cannot be pulled here. The platform's embedded database (its own
 *       image, the MongoDB wire protocol over TLS, no users) stands in, and the services'
 *       {@code --database-url} and the password variable from the Secret are replaced.</li>
 *   <li>Probes are removed: podman runs HTTP probes as {@code curl} inside the container, which
 *       the images do not have; the test asks {@code /readyz} itself.</li>
 *   <li>Container ports are removed: podman 4.3 publishes every {@code containerPort} on the
 *       host, where other platforms of the machine (a local {@code up}, other tests) use the
 *       same ports; the test reaches each pod at its address.</li>
 *   <li>The LSS runs the {@code local} spawner: there is no API server for the Kubernetes
 *       spawner (tested against fabric8's mock server in its module); {@code POD_NAME} is given
 *       as a value, not a field reference.</li>
 *   <li>{@code $(NAME)} in args is expanded by the test from the container's variables, as the
 *       kubelet does: podman 4.3 passes it on literally.</li>
 *   <li>Images: the ones {@link ContainerImages} built for the tests, of the names the
 *       manifests give (the LSS runs {@code lss-kubernetes}, so its Kubernetes flags are known
 *       although it spawns locally).</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubePlayIT {
    /** Played in this order; each waits for the ones before it at start (peer checks). */
    private static final List<String> PODS = List.of("database", "logger", "auth", "gss", "lss");

    private static final Map<String, Integer> PORTS =
            Map.of("database", 8089, "logger", 8090, "auth", 8092, "gss", 8091, "lss", 8093);
    private static final String DATABASE_URL = "mongodb://database:27017/opentwin?tls=true";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final AtomicBoolean tornDown = new AtomicBoolean();
    private ContainerImages.Built images;
    private ContainerPodman podman;
    private ContainerPodman.Run run;
    private Path work;
    private Path played;
    private String network;
    private Map<String, String> addresses;
    private HttpClient client;
    private static final String FIRST_ADMIN_PASSWORD = "kube-play-admin-1";

    @BeforeAll
    void playTheRenderedPods() throws Exception {
        images = ContainerImages.builtOnce();
        Kustomize.assumeKubectl();
        podman = images.podman();
        run = ContainerPodman.Run.create();
        work = Files.createDirectories(podman.directory().resolve("runs").resolve(run.id()));
        Runtime.getRuntime().addShutdownHook(new Thread(this::tearDownOnce, "kube-play-it-teardown"));

        TestCertificates pki = new TestCertificates(work.resolve("pki"));
        Path ca = Files.createDirectories(work.resolve("ca"));
        Files.copy(pki.caFile(), ca.resolve("ca.pem"));
        Files.copy(pki.caKeyFile(), ca.resolve("ca-key.pem"));
        // The pods run as 10001 and read the CA through a hostPath: a test CA, readable by all.
        for (String file : List.of("ca.pem", "ca-key.pem")) {
            Files.setPosixFilePermissions(ca.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        client = HttpClient.newBuilder()
                .sslContext(TrustOnlyTls.trusting(PemFiles.readCertificates(pki.caFile())))
                .connectTimeout(Duration.ofSeconds(3))
                .build();

        network = run.prefix() + "kube";
        podman.require(ContainerPlatform.command(List.of("network", "create"), run.labels(), List.of(network)));
        addresses = addresses(
                podman.require("network", "inspect", network, "--format", "{{range .Subnets}}{{.Subnet}}{{end}}")
                        .strip());

        List<HasMetadata> rendered = StrictManifests.parse(
                "overlays/dev", Kustomize.render(RepositoryFiles.kubernetes().resolve("overlays/dev")));
        List<HasMetadata> objects = new ArrayList<>();
        for (HasMetadata object : rendered) {
            if (object instanceof ConfigMap map
                    && List.of("opentwin-platform", "opentwin-public")
                            .contains(map.getMetadata().getName())) {
                map.getMetadata().setNamespace(null);
                objects.add(map);
            }
        }
        for (String service : PODS) {
            objects.add(adapt(service, template(rendered, service), ca));
        }
        played = work.resolve("played.yaml");
        StringBuilder yaml = new StringBuilder();
        for (HasMetadata object : objects) {
            yaml.append(YAML.writeValueAsString(object));
        }
        Files.writeString(played, yaml);

        List<String> play = new ArrayList<>(List.of("kube", "play", "--network", network));
        for (String service : PODS) {
            play.addAll(List.of("--ip", addresses.get(service)));
        }
        play.add(played.toString());
        podman.require(play.toArray(String[]::new));
    }

    @AfterAll
    void tearDown() {
        if (podman == null || run == null) {
            return;
        }
        List<String> problems = tearDownOnce();
        assertThat(problems).as("nothing of the run is left behind").isEmpty();
    }

    @Test
    void theRenderedPodsOfLoggerAuthGssAndLssBecomeReady() throws Exception {
        Map<String, Duration> ready = new LinkedHashMap<>();
        Instant start = Instant.now();
        for (String service : PODS) {
            URI readyz = URI.create("https://" + addresses.get(service) + ":" + PORTS.get(service) + "/readyz");
            ready.put(service, awaitReady(service, readyz, start));
        }
        System.out.println("KubePlayIT: ready after kube play (s): "
                + ready.entrySet().stream()
                        .map(e -> e.getKey() + " "
                                + String.format("%.1f", e.getValue().toMillis() / 1e3))
                        .toList());

        // What the manifests made of the pods: the user, the read-only root and the CA mount.
        for (String service : List.of("logger", "auth", "gss", "lss")) {
            String container = run.prefix() + podName(service) + "-" + service;
            String inspected = podman.require(
                    "inspect",
                    container,
                    "--format",
                    "{{.Config.User}} {{.HostConfig.ReadonlyRootfs}} {{range .Mounts}}{{.Destination}}:{{.RW}} {{end}}");
            assertThat(inspected)
                    .as("%s as podman runs it", service)
                    .startsWith("10001:10001 true")
                    .contains("/etc/opentwin/ca:false");
        }
        assertThat(podman.require("logs", run.prefix() + "lss-0-lss"))
                .as("the LSS registered at the GSS")
                .containsPattern("(?i)registered");

        // The first admin, created by AUTH from the mounted secret, can log in.
        URI login = URI.create("https://" + addresses.get("auth") + ":" + PORTS.get("auth") + "/execute-one-way-tls");
        String body = "{\"action\":\"Login\",\"username\":\"admin\",\"password\":\"" + FIRST_ADMIN_PASSWORD + "\"}";
        HttpResponse<String> answer = client.send(
                HttpRequest.newBuilder(login)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode())
                .as("login of the first admin: %s", answer.body())
                .isEqualTo(200);
        assertThat(answer.body()).contains("accessToken");
    }

    /** The password file the opentwin-admin Secret holds in a cluster. */
    private Path adminSecret() throws IOException {
        Path directory = work.resolve("admin");
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(
                    Files.writeString(directory.resolve("password"), FIRST_ADMIN_PASSWORD + "\n"),
                    PosixFilePermissions.fromString("rw-r--r--"));
        }
        return directory;
    }

    private Duration awaitReady(String service, URI readyz, Instant start) throws InterruptedException {
        Instant deadline = start.plus(READY_TIMEOUT);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(readyz)
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return Duration.between(start, Instant.now());
                }
                last = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1000);
        }
        String container = run.prefix() + podName(service) + "-" + service;
        throw new AssertionError(
                service + " not ready at " + readyz + " within " + READY_TIMEOUT + " (" + last + "); its log:\n"
                        + podman.run("logs", "--tail", "40", container).output());
    }

    /** The pod template of a service's Deployment or StatefulSet; the database's is made here (no MongoDB image). */
    private PodTemplateSpec template(List<HasMetadata> rendered, String service) {
        if (service.equals("database")) {
            PodTemplateSpec logger = template(rendered, "logger");
            PodTemplateSpec database;
            try {
                database = YAML.readValue(YAML.writeValueAsString(logger), PodTemplateSpec.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new java.io.UncheckedIOException(e);
            }
            database.getMetadata().getLabels().put("app.kubernetes.io/component", "database");
            Container container = database.getSpec().getContainers().getFirst();
            container.setName("database");
            container.setImage(images.image("database"));
            container.setArgs(List.of("--service-url=https://database:8089"));
            container.getVolumeMounts().removeIf(mount -> mount.getName().equals("logs"));
            container
                    .getVolumeMounts()
                    .add(new io.fabric8.kubernetes.api.model.VolumeMountBuilder()
                            .withName("data")
                            .withMountPath("/var/lib/opentwin/database")
                            .build());
            database.getSpec().getVolumes().removeIf(volume -> volume.getName().equals("logs"));
            database.getSpec()
                    .getVolumes()
                    .add(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                            .withName("data")
                            .withNewEmptyDir()
                            .endEmptyDir()
                            .build());
            return database;
        }
        for (HasMetadata object : rendered) {
            if (object instanceof Deployment deployment
                    && deployment.getMetadata().getName().equals(service)) {
                return deployment.getSpec().getTemplate();
            }
            if (object instanceof StatefulSet set && set.getMetadata().getName().equals(service)) {
                return set.getSpec().getTemplate();
            }
        }
        throw new AssertionError("overlays/dev has no Deployment or StatefulSet " + service);
    }

    /** {@code lss-kubernetes} for {@code localhost/opentwin/lss-kubernetes:0.1.0-SNAPSHOT}. */
    static String imageName(String image) {
        String name = image.substring(image.lastIndexOf('/') + 1);
        return name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
    }

    /** The adaptations listed in the class comment, and nothing else. */
    private Pod adapt(String service, PodTemplateSpec template, Path ca) throws IOException {
        PodSpec spec = template.getSpec();
        Container container = spec.getContainers().getFirst();
        // The image the manifest names (the LSS's is lss-kubernetes, with the kubernetes spawner
        // and its flags), as the tests built it.
        container.setImage(images.image(imageName(container.getImage())));
        container.setStartupProbe(null);
        container.setLivenessProbe(null);
        container.setReadinessProbe(null);
        container.setPorts(List.of());
        List<String> args = new ArrayList<>();
        for (String argument : container.getArgs()) {
            if (argument.startsWith("--database-url=")) {
                args.add("--database-url=" + DATABASE_URL);
            } else if (argument.startsWith("--spawner=")) {
                args.add("--spawner=local");
            } else {
                args.add(argument);
            }
        }
        container.setArgs(args);
        List<EnvVar> environment = new ArrayList<>();
        for (EnvVar variable : container.getEnv()) {
            if (variable.getName().equals("MONGODB_PASSWORD")) {
                continue;
            }
            if (variable.getValueFrom() != null
                    && variable.getValueFrom().getFieldRef() != null
                    && "metadata.name"
                            .equals(variable.getValueFrom().getFieldRef().getFieldPath())) {
                environment.add(new EnvVar(variable.getName(), podName(service), null));
                continue;
            }
            environment.add(variable);
        }
        container.setEnv(environment);
        // What the kubelet does with $(NAME) in args: the variable's value, when it has a literal one.
        List<String> expanded = new ArrayList<>();
        for (String argument : container.getArgs()) {
            String value = argument;
            for (EnvVar variable : environment) {
                if (variable.getValue() != null) {
                    value = value.replace("$(" + variable.getName() + ")", variable.getValue());
                }
            }
            if (value.contains("$(")) {
                throw new AssertionError(
                        service + ": argument " + argument + " refers to a variable this test cannot expand");
            }
            expanded.add(value);
        }
        container.setArgs(expanded);
        List<Volume> volumes = new ArrayList<>();
        for (Volume volume : spec.getVolumes()) {
            Path path;
            if (volume.getSecret() != null
                    && "opentwin-ca".equals(volume.getSecret().getSecretName())) {
                path = ca;
            } else if (volume.getSecret() != null
                    && "opentwin-admin".equals(volume.getSecret().getSecretName())) {
                path = adminSecret();
            } else if (volume.getEmptyDir() != null) {
                path = Files.createDirectories(
                        work.resolve("volumes").resolve(service).resolve(volume.getName()));
                // Written by the pod's user (10001), not by the test's.
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
            } else {
                throw new AssertionError(
                        service + ": volume " + volume.getName() + " has a kind this test does not adapt");
            }
            volumes.add(new io.fabric8.kubernetes.api.model.VolumeBuilder()
                    .withName(volume.getName())
                    .withHostPath(new HostPathVolumeSource(path.toString(), "Directory"))
                    .build());
        }
        spec.setVolumes(volumes);
        List<HostAlias> aliases = new ArrayList<>();
        for (String other : PODS) {
            String name = other.equals("lss") ? "lss-0.lss" : other;
            aliases.add(new HostAlias(List.of(name), addresses.get(other)));
        }
        spec.setHostAliases(aliases);

        Pod pod = new Pod();
        pod.setMetadata(new ObjectMeta());
        pod.getMetadata().setName(run.prefix() + podName(service));
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put(ContainerPodman.RUN_LABEL, run.id());
        labels.put(
                ContainerPodman.PID_LABEL, Long.toString(ProcessHandle.current().pid()));
        pod.getMetadata().setLabels(labels);
        pod.setSpec(spec);
        return pod;
    }

    private static String podName(String service) {
        return service.equals("lss") ? "lss-0" : service;
    }

    /** Fixed addresses for the pods in the network's /24: .10, .11, ... in {@link #PODS} order. */
    private static Map<String, String> addresses(String subnet) {
        if (!subnet.matches("\\d+\\.\\d+\\.\\d+\\.0/24")) {
            throw new AssertionError("the test's podman network has subnet '" + subnet + "'; expected a /24");
        }
        String prefix = subnet.substring(0, subnet.lastIndexOf('.') + 1);
        Map<String, String> addresses = new LinkedHashMap<>();
        for (int i = 0; i < PODS.size(); i++) {
            addresses.put(PODS.get(i), prefix + (10 + i));
        }
        return addresses;
    }

    private List<String> tearDownOnce() {
        if (!tornDown.compareAndSet(false, true)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (played != null && Files.exists(played)) {
            ContainerPodman.Result down = podman.run("kube", "down", played.toString());
            if (down.exitCode() != 0) {
                problems.add("podman kube down: " + down.output().strip());
            }
        }
        for (String service : PODS) {
            String pod = run.prefix() + podName(service);
            if (podman.run("pod", "exists", pod).exitCode() == 0) {
                ContainerPodman.Result removed = podman.run("pod", "rm", "--force", "--time", "0", pod);
                if (removed.exitCode() != 0) {
                    problems.add("pod " + pod + ": " + removed.output().strip());
                }
            }
        }
        problems.addAll(podman.tearDown(run));
        String pods = podman.run("pod", "ps", "--filter", "name=" + run.prefix(), "--format", "{{.Name}}")
                .stdout()
                .strip();
        if (!pods.isEmpty()) {
            problems.add("pods left: " + pods);
        }
        try {
            if (work != null) {
                try (var paths = Files.walk(work)) {
                    for (Path path :
                            paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        } catch (IOException e) {
            problems.add("cannot delete " + work + ": " + e);
        }
        return problems;
    }
}
