package org.opentwinj.systemtest.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.launcher.CommonSettings;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.spawner.kubernetes.PodNames;
import org.opentwinj.services.auth.AuthorizationService;
import org.opentwinj.services.gss.GlobalSessionService;
import org.opentwinj.services.logger.LoggerService;
import org.opentwinj.services.lss.LocalSessionService;
import org.opentwinj.services.relay.RelayService;
import org.opentwinj.services.web.WebService;
import org.opentwinj.systemtest.kubernetes.Rendered.Workload;

/**
 * Every overlay, rendered as an operator would apply it, is checked for what the API server
 * would refuse or, worse, accept and run wrongly: unknown fields (by the strict parse),
 * missing required fields, selectors that select nothing, images, ports, probes and flags
 * that do not match the code, references to objects that do not exist.
 */
class ManifestsTest {
    /** Created by the operator, never in the manifests (docs/kubernetes.md): name to keys. */
    static final Map<String, Set<String>> OPERATOR_SECRETS = Map.of(
            "opentwin-ca", Set.of("ca.pem", "ca-key.pem"),
            "opentwin-admin", Set.of("password"),
            "opentwin-mongodb",
                    Set.of(
                            "admin-password",
                            "auth-db-password",
                            "gss-db-password",
                            "lss-db-password",
                            "reader-db-password"));

    static final String NAMESPACE = "opentwin";
    private static final Pattern IMAGE = Pattern.compile("^(.+)/([a-z0-9-]+):([A-Za-z0-9_][A-Za-z0-9_.-]*)$");
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    static Stream<String> overlays() {
        return Rendered.OVERLAYS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectIsKnownAndLivesInTheNamespace(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        assertThat(rendered.all(Namespace.class))
                .as("%s: the namespace", overlay)
                .extracting(n -> n.getMetadata().getName())
                .containsExactly(NAMESPACE);
        Set<String> seen = new HashSet<>();
        for (HasMetadata object : rendered.objects()) {
            String id = object.getKind() + "/" + object.getMetadata().getName();
            assertThat(seen.add(id)).as("%s: %s appears once", overlay, id).isTrue();
            assertThat(object.getMetadata().getName())
                    .as("%s: %s name", overlay, id)
                    .matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            // Cluster-scoped: the namespace and the warm pool pods' PriorityClass.
            if (!(object instanceof Namespace) && !(object instanceof PriorityClass)) {
                assertThat(object.getMetadata().getNamespace())
                        .as("%s: %s namespace", overlay, id)
                        .isEqualTo(NAMESPACE);
            }
            assertThat(object.getMetadata().getLabels())
                    .as("%s: %s labels", overlay, id)
                    .containsEntry("app.kubernetes.io/part-of", "opentwin");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void platformServicesAreAllThere(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        assertThat(rendered.workloads())
                .extracting(Workload::name)
                .containsAll(Rendered.PLATFORM_SERVICES)
                .contains("mongodb");
        assertThat(rendered.one(StatefulSet.class, "lss").getSpec().getServiceName())
                .isEqualTo("lss");
        assertThat(rendered.one(StatefulSet.class, "mongodb").getSpec().getVolumeClaimTemplates())
                .as("MongoDB keeps its data on a persistent volume")
                .hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void mongoDbInitJobRunsMongoshWithTheOperatorsSecretsOnly(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Workload job = rendered.workload("mongodb-init");

        assertThat(job.kind())
                .as("%s: roles and users are ensured by a Job, on every apply", overlay)
                .isEqualTo("Job");
        assertThat(job.container().getImage())
                .as("%s: the mongo image (mongosh)", overlay)
                .startsWith("docker.io/library/mongo:");
        assertThat(job.container().getCommand())
                .as("%s: runs mongosh", overlay)
                .anyMatch(part -> part.contains("mongosh"));
        // Its passwords come from the operator's Secret, by the keys docs/kubernetes.md tells the operator to create.
        List<EnvVar> fromSecrets = job.container().getEnv().stream()
                .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                .toList();
        assertThat(fromSecrets).as("%s: the Job's passwords", overlay).isNotEmpty();
        for (EnvVar variable : fromSecrets) {
            var reference = variable.getValueFrom().getSecretKeyRef();
            assertThat(OPERATOR_SECRETS)
                    .as("%s: mongodb-init %s from an operator's Secret", overlay, variable.getName())
                    .containsKey(reference.getName());
            assertThat(OPERATOR_SECRETS.get(reference.getName()))
                    .as("%s: mongodb-init %s", overlay, variable.getName())
                    .contains(reference.getKey());
        }
        assertThat(fromSecrets)
                .extracting(v -> v.getValueFrom().getSecretKeyRef().getKey())
                .as("%s: the Job sets every password of Secret opentwin-mongodb", overlay)
                .containsExactlyInAnyOrderElementsOf(OPERATOR_SECRETS.get("opentwin-mongodb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void controllersSelectTheirOwnPods(String overlay) {
        List<Workload> workloads = Rendered.of(overlay).workloads();

        for (Workload workload : workloads) {
            assertThat(workload.labels())
                    .as("%s: %s pod labels", overlay, workload)
                    .containsKeys("app.kubernetes.io/name", "app.kubernetes.io/component");
            if (workload.selector() != null) {
                assertThat(workload.selector())
                        .as("%s: %s selector", overlay, workload)
                        .isNotEmpty();
                assertThat(workload.labels())
                        .as("%s: %s template labels must match its selector", overlay, workload)
                        .containsAllEntriesOf(workload.selector());
                // No other controller may select the same pods: they would fight over them.
                for (Workload other : workloads) {
                    if (other != workload && other.selector() != null) {
                        assertThat(other.labels()
                                        .entrySet()
                                        .containsAll(workload.selector().entrySet()))
                                .as("%s: %s selects the pods of %s too", overlay, workload, other)
                                .isFalse();
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyServiceSelectsPodsThatServeItsPorts(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        String sessions = flags(rendered.workload("lss").container()).get("--sessions-service");
        assertThat(rendered.find(Service.class, sessions))
                .as("%s: the LSS's --sessions-service %s exists", overlay, sessions)
                .isPresent();
        String pool = flags(rendered.workload("lss").container()).getOrDefault("--pool-service", "opentwin-pool");
        assertThat(rendered.find(Service.class, pool))
                .as("%s: the LSS's --pool-service %s exists", overlay, pool)
                .isPresent();

        for (Service service : rendered.all(Service.class)) {
            String name = service.getMetadata().getName();
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(selector).as("%s: Service %s selector", overlay, name).isNotEmpty();
            if (name.equals(sessions)) {
                // The LSS makes these pods: the Service must select the pods the spawner makes, on their port.
                Map<String, String> sessionPod = PodNames.serviceLabels("lss-0", "s-1", "p-1", "model", "model");
                assertThat(sessionPod.entrySet())
                        .as("%s: Service %s selects session pods", overlay, name)
                        .containsAll(selector.entrySet());
                assertThat(rendered.workloads())
                        .as("%s: Service %s selects no platform pod", overlay, name)
                        .noneMatch(w -> w.labels().entrySet().containsAll(selector.entrySet()));
                assertThat(service.getSpec().getClusterIP())
                        .as("headless: pods get names of their own")
                        .isEqualTo("None");
                assertThat(service.getSpec().getPublishNotReadyAddresses())
                        .as("named before they are ready")
                        .isTrue();
                assertThat(service.getSpec().getPorts())
                        .extracting(ServicePort::getPort)
                        .containsExactly(PodNames.PORT);
                continue;
            }
            if (name.equals(pool)) {
                // The LSS's warm pool pods, also once taken: the Service must select them, on their port.
                Map<String, String> poolPod =
                        Map.of(PodNames.COMPONENT, "session-pool", PodNames.LSS, "lss-0", PodNames.POOLED, "true");
                Map<String, String> takenPod =
                        new LinkedHashMap<>(PodNames.serviceLabels("lss-0", "s-1", "p-1", "model", "model"));
                takenPod.put(PodNames.POOLED, "true");
                assertThat(poolPod.entrySet())
                        .as("%s: Service %s selects pool pods", overlay, name)
                        .containsAll(selector.entrySet());
                assertThat(takenPod.entrySet())
                        .as("%s: Service %s selects pool pods taken by a session", overlay, name)
                        .containsAll(selector.entrySet());
                assertThat(rendered.workloads())
                        .as("%s: Service %s selects no platform pod", overlay, name)
                        .noneMatch(w -> w.labels().entrySet().containsAll(selector.entrySet()));
                assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
                assertThat(service.getSpec().getPorts())
                        .extracting(ServicePort::getPort)
                        .containsExactly(PodNames.PORT);
                continue;
            }
            List<Workload> selected = rendered.workloads().stream()
                    .filter(w -> w.labels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            assertThat(selected)
                    .as("%s: Service %s selects no pod", overlay, name)
                    .isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                for (Workload workload : selected) {
                    List<ContainerPort> ports = workload.template().getSpec().getContainers().stream()
                            .flatMap(c -> c.getPorts().stream())
                            .toList();
                    Object target = port.getTargetPort() == null
                            ? port.getPort()
                            : port.getTargetPort().getValue();
                    assertThat(ports)
                            .as(
                                    "%s: Service %s port %s targets %s, which %s does not declare",
                                    overlay, name, port.getPort(), target, workload)
                            .anyMatch(p -> target.equals(p.getName()) || target.equals(p.getContainerPort()));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void imagesAreTheOnesOpentwinImagesBuildMakes(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, List<Integer>> targets = ContainerfileTargets.exposedPorts();
        Set<String> repositories = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();

        for (Workload workload : rendered.workloads()) {
            List<Container> containers =
                    new ArrayList<>(workload.template().getSpec().getContainers());
            if (workload.template().getSpec().getInitContainers() != null) {
                containers.addAll(workload.template().getSpec().getInitContainers());
            }
            for (Container container : containers) {
                String image = container.getImage();
                assertThat(image)
                        .as("%s: %s container %s image", overlay, workload, container.getName())
                        .isNotBlank();
                if (image.startsWith("docker.io/library/mongo:")) {
                    continue;
                }
                Matcher name = IMAGE.matcher(image);
                assertThat(name.matches())
                        .as("%s: %s image %s is <repository>/<service>:<tag>", overlay, workload, image)
                        .isTrue();
                assertThat(targets)
                        .as("%s: %s image %s names a Containerfile target", overlay, workload, image)
                        .containsKey(name.group(2));
                // MongoDB's pod (its certificate's init container) stays on Linux nodes in every
                // overlay, also when the platform's images are Windows ones.
                if (!workload.name().equals("mongodb")) {
                    repositories.add(name.group(1));
                }
                tags.add(name.group(3));
            }
        }
        assertThat(repositories).as("%s: one image repository", overlay).hasSize(1);
        assertThat(tags).as("%s: one image tag", overlay).hasSize(1);

        for (String service : Rendered.PLATFORM_SERVICES) {
            Container container = rendered.workload(service).container();
            assertThat(container.getName()).isEqualTo(service);
            // The LSS of this level starts pods: its image is the one with the Kubernetes client.
            String target = service.equals("lss") ? "lss-kubernetes" : service;
            assertThat(container.getImage())
                    .as("%s: %s runs its own image", overlay, service)
                    .isEqualTo(repositories.iterator().next() + "/" + target + ":"
                            + tags.iterator().next());
            assertThat(container.getPorts())
                    .as("%s: %s ports are the ones its image EXPOSEs", overlay, service)
                    .extracting(ContainerPort::getContainerPort)
                    .containsExactlyElementsOf(targets.get(target));
        }
        // Session pods come from the LSS: the same repository and tag as the platform's images.
        Map<String, String> lss = flags(rendered.workload("lss").container());
        assertThat(lss)
                .as("%s: the LSS's session images", overlay)
                .containsEntry("--image-repository", repositories.iterator().next())
                .containsEntry("--image-tag", tags.iterator().next());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void probesAskTheServicesOverHttps(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        for (String service : Rendered.PLATFORM_SERVICES) {
            Container container = rendered.workload(service).container();
            ContainerPort https = container.getPorts().stream()
                    .filter(p -> "https".equals(p.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + ": " + service + " has no port named https"));
            assertThat(https.getContainerPort())
                    .as("%s: %s listens on the port of its --service-url", overlay, service)
                    .isEqualTo(java.net
                            .URI
                            .create(expand(flags(container).get("--service-url")))
                            .getPort());
            assertProbe(overlay, service, "startup", container.getStartupProbe(), "/healthz");
            assertProbe(overlay, service, "liveness", container.getLivenessProbe(), "/healthz");
            assertProbe(overlay, service, "readiness", container.getReadinessProbe(), "/readyz");
        }
        Container mongodb = rendered.workload("mongodb").container();
        assertThat(mongodb.getReadinessProbe())
                .as("%s: MongoDB readiness", overlay)
                .isNotNull();
        assertThat(mongodb.getLivenessProbe())
                .as("%s: MongoDB liveness", overlay)
                .isNotNull();
    }

    private static void assertProbe(String overlay, String service, String kind, Probe probe, String path) {
        assertThat(probe).as("%s: %s %s probe", overlay, service, kind).isNotNull();
        HTTPGetAction get = probe.getHttpGet();
        assertThat(get)
                .as("%s: %s %s probe is an HTTP GET", overlay, service, kind)
                .isNotNull();
        assertThat(get.getScheme())
                .as("%s: %s %s probe scheme", overlay, service, kind)
                .isEqualTo("HTTPS");
        assertThat(get.getPath())
                .as("%s: %s %s probe path", overlay, service, kind)
                .isEqualTo(path);
        assertThat(get.getPort().getValue())
                .as("%s: %s %s probe port", overlay, service, kind)
                .isEqualTo("https");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void flagsAndVariablesAreOnesTheServicesKnow(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, ServiceDefinition> definitions = Map.of(
                "logger",
                new LoggerService(),
                "auth",
                new AuthorizationService(),
                "gss",
                new GlobalSessionService(),
                "lss",
                new LocalSessionService(),
                "relay",
                new RelayService(),
                "web",
                new WebService());

        for (String service : Rendered.PLATFORM_SERVICES) {
            List<Setting<?>> settings = new ArrayList<>(CommonSettings.ALL);
            settings.addAll(definitions.get(service).settings());
            Set<String> knownFlags = new HashSet<>();
            Set<String> knownVariables = new HashSet<>();
            for (Setting<?> setting : settings) {
                knownFlags.add(setting.flag());
                knownVariables.add(setting.environmentVariable());
            }
            Container container = rendered.workload(service).container();
            assertThat(container.getCommand())
                    .as("%s: %s keeps its image's entry point", overlay, service)
                    .isNullOrEmpty();
            Map<String, String> flags = flags(container);
            assertThat(knownFlags)
                    .as("%s: flags of %s (opentwin run %s --help)", overlay, service, service)
                    .containsAll(flags.keySet());
            assertThat(flags).as("%s: %s publishes its URL", overlay, service).containsKey("--service-url");
            for (String variable : variables(rendered, container)) {
                if (variable.startsWith("OPEN_TWIN_")) {
                    assertThat(knownVariables)
                            .as("%s: %s variable %s is one of its settings", overlay, service, variable)
                            .contains(variable);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void referencesPointAtObjectsThatExist(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
        rendered.all(ConfigMap.class)
                .forEach(c -> configMaps.put(c.getMetadata().getName(), c));
        Set<String> accounts = new HashSet<>();
        rendered.all(ServiceAccount.class)
                .forEach(a -> accounts.add(a.getMetadata().getName()));
        Map<String, Set<String>> secrets = new LinkedHashMap<>(OPERATOR_SECRETS);
        for (CertManagerKinds.Certificate certificate : rendered.certificates()) {
            secrets.put(certificate.spec().secretName(), Set.of("tls.crt", "tls.key", "ca.crt"));
        }

        for (Workload workload : rendered.workloads()) {
            PodSpec pod = workload.template().getSpec();
            assertThat(accounts).as("%s: %s service account", overlay, workload).contains(pod.getServiceAccountName());
            Set<String> volumes = new HashSet<>(workload.claims());
            for (Volume volume : pod.getVolumes()) {
                volumes.add(volume.getName());
                if (volume.getConfigMap() != null) {
                    assertThat(configMaps)
                            .as("%s: %s volume %s", overlay, workload, volume.getName())
                            .containsKey(volume.getConfigMap().getName());
                }
                if (volume.getSecret() != null) {
                    String secret = volume.getSecret().getSecretName();
                    assertThat(secrets)
                            .as("%s: %s volume %s", overlay, workload, volume.getName())
                            .containsKey(secret);
                    if (volume.getSecret().getItems() != null) {
                        volume.getSecret()
                                .getItems()
                                .forEach(item -> assertThat(secrets.get(secret))
                                        .as("%s: %s key of Secret %s", overlay, workload, secret)
                                        .contains(item.getKey()));
                    }
                }
            }
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container container : containers) {
                String where = overlay + ": " + workload + " container " + container.getName();
                for (VolumeMount mount : container.getVolumeMounts()) {
                    assertThat(volumes)
                            .as("%s mounts %s", where, mount.getName())
                            .contains(mount.getName());
                }
                for (EnvFromSource source : container.getEnvFrom()) {
                    assertThat(source.getConfigMapRef()).as(where).isNotNull();
                    assertThat(configMaps)
                            .as("%s envFrom", where)
                            .containsKey(source.getConfigMapRef().getName());
                }
                Set<String> defined = new HashSet<>();
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null
                            && variable.getValueFrom().getConfigMapKeyRef() != null) {
                        var reference = variable.getValueFrom().getConfigMapKeyRef();
                        assertThat(configMaps)
                                .as("%s variable %s", where, variable.getName())
                                .containsKey(reference.getName());
                        assertThat(configMaps.get(reference.getName()).getData())
                                .as("%s variable %s", where, variable.getName())
                                .containsKey(reference.getKey());
                    }
                    if (variable.getValueFrom() != null
                            && variable.getValueFrom().getSecretKeyRef() != null) {
                        var reference = variable.getValueFrom().getSecretKeyRef();
                        assertThat(secrets)
                                .as("%s variable %s", where, variable.getName())
                                .containsKey(reference.getName());
                        assertThat(secrets.get(reference.getName()))
                                .as("%s variable %s", where, variable.getName())
                                .contains(reference.getKey());
                    }
                    assertReferencesDefined(where + " variable " + variable.getName(), variable.getValue(), defined);
                    defined.add(variable.getName());
                }
                // Kubernetes expands $(NAME) only for variables defined in env; any other stays literal.
                for (String text : Stream.concat(container.getCommand().stream(), container.getArgs().stream())
                        .toList()) {
                    assertReferencesDefined(where + " argument " + text, text, defined);
                }
            }
        }
    }

    private static void assertReferencesDefined(String where, String text, Set<String> defined) {
        if (text == null) {
            return;
        }
        Matcher reference = VARIABLE_REFERENCE.matcher(text);
        while (reference.find()) {
            assertThat(defined)
                    .as("%s refers to $(%s), which is not defined before it", where, reference.group(1))
                    .contains(reference.group(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyTheLssTalksToTheApiServerAndOnlyInItsNamespace(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        Role role = rendered.one(Role.class, "opentwin-lss");
        Map<String, Set<String>> granted = new LinkedHashMap<>();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getApiGroups()).as("%s: core API only", overlay).containsExactly("");
            for (String resource : rule.getResources()) {
                granted.computeIfAbsent(resource, r -> new LinkedHashSet<>()).addAll(rule.getVerbs());
            }
        }
        Set<String> manage = Set.of("get", "list", "watch", "create", "delete");
        // patch on pods only: the warm pool relabels the pool pod it hands to a session.
        Set<String> managePods = Set.of("get", "list", "watch", "create", "delete", "patch");
        assertThat(granted)
                .isEqualTo(
                        Map.of("pods", managePods, "pods/log", Set.of("get"), "configmaps", manage, "secrets", manage));

        RoleBinding binding = rendered.one(RoleBinding.class, "opentwin-lss");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo("opentwin-lss");
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo("opentwin-lss");
            assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
        });

        for (Workload workload : rendered.workloads()) {
            PodSpec pod = workload.template().getSpec();
            if (workload.name().equals("lss")) {
                assertThat(pod.getServiceAccountName()).isEqualTo("opentwin-lss");
                assertThat(pod.getAutomountServiceAccountToken()).isTrue();
            } else {
                assertThat(pod.getServiceAccountName())
                        .as("%s: %s account", overlay, workload)
                        .isNotEqualTo("opentwin-lss");
                assertThat(pod.getAutomountServiceAccountToken())
                        .as("%s: %s mounts no API token", overlay, workload)
                        .isFalse();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void servicesIssueTheirCertificatesFromTheCaSecretOrGetThemFromCertManager(String overlay) {
        Rendered rendered = Rendered.of(overlay);
        if (!rendered.certificates().isEmpty()) {
            assertCertificatesFromCertManager(overlay, rendered);
            return;
        }
        Map<String, String> platform =
                rendered.one(ConfigMap.class, "opentwin-platform").getData();

        for (String service : Rendered.PLATFORM_SERVICES) {
            Workload workload = rendered.workload(service);
            Container container = workload.container();
            assertThat(variables(rendered, container))
                    .as("%s: %s", overlay, service)
                    .contains("OPEN_TWIN_CA", "OPEN_TWIN_CA_KEY");
            Volume ca = workload.template().getSpec().getVolumes().stream()
                    .filter(v -> v.getSecret() != null
                            && "opentwin-ca".equals(v.getSecret().getSecretName()))
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError(overlay + ": " + service + " does not mount the Secret opentwin-ca"));
            VolumeMount mount = container.getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(ca.getName()))
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError(overlay + ": " + service + " does not mount volume " + ca.getName()));
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(platform.get("OPEN_TWIN_CA")).startsWith(mount.getMountPath() + "/");
            assertThat(platform.get("OPEN_TWIN_CA_KEY")).startsWith(mount.getMountPath() + "/");
        }
    }

    /**
     * Each service starts with --cert and --key from the Secret of a Certificate that names the
     * host of its --service-url and has both usages mutual TLS needs; only the LSS holds the CA key.
     */
    private static void assertCertificatesFromCertManager(String overlay, Rendered rendered) {
        Map<String, String> platform =
                rendered.one(ConfigMap.class, "opentwin-platform").getData();
        assertThat(platform).as("%s: no shared CA key", overlay).doesNotContainKey("OPEN_TWIN_CA_KEY");
        for (String service : Rendered.PLATFORM_SERVICES) {
            Workload workload = rendered.workload(service);
            Container container = workload.container();
            Map<String, String> environment = new LinkedHashMap<>(platform);
            container.getEnv().stream()
                    .filter(v -> v.getValue() != null)
                    .forEach(v -> environment.put(v.getName(), v.getValue()));
            Map<String, String> files = new LinkedHashMap<>();
            for (VolumeMount mount : container.getVolumeMounts()) {
                Volume volume = workload.template().getSpec().getVolumes().stream()
                        .filter(v -> v.getName().equals(mount.getName()))
                        .findFirst()
                        .orElseThrow();
                if (volume.getSecret() != null) {
                    volume.getSecret()
                            .getItems()
                            .forEach(item -> files.put(
                                    mount.getMountPath() + "/" + item.getPath(),
                                    volume.getSecret().getSecretName() + ":" + item.getKey()));
                }
            }
            String secret = service + "-tls";
            assertThat(files)
                    .as("%s: %s certificate", overlay, service)
                    .containsEntry(environment.get("OPEN_TWIN_CERT"), secret + ":tls.crt")
                    .containsEntry(environment.get("OPEN_TWIN_KEY"), secret + ":tls.key")
                    .containsEntry(environment.get("OPEN_TWIN_CA"), secret + ":ca.crt");
            boolean holdsCaKey = files.values().stream().anyMatch(value -> value.equals("opentwin-ca:ca-key.pem"));
            assertThat(holdsCaKey)
                    .as("%s: %s holds the CA key", overlay, service)
                    .isEqualTo(service.equals("lss"));
            CertManagerKinds.Certificate certificate = rendered.certificates().stream()
                    .filter(c -> c.spec().secretName().equals(secret))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + ": no Certificate makes the Secret " + secret));
            assertThat(certificate.spec().usages()).contains("server auth", "client auth");
            String host = java.net
                    .URI
                    .create(expand(flags(container).get("--service-url")))
                    .getHost();
            assertThat(certificate.spec().dnsNames())
                    .as("%s: the certificate of %s names %s", overlay, service, host)
                    .anySatisfy(name -> assertThat(covers(name, host)).isTrue());
        }
        Map<String, String> lss = flags(rendered.workload("lss").container());
        assertThat(lss)
                .as("%s: the LSS signs its session pods' certificates", overlay)
                .containsEntry("--session-ca-key", "/etc/opentwin/ca/ca-key.pem");
    }

    private static boolean covers(String name, String host) {
        if (name.startsWith("*.")) {
            return host.endsWith(name.substring(1)) && host.indexOf('.') == host.length() - name.length() + 1;
        }
        return name.equals(host);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void autoscalersAndBudgetsTargetWhatExists(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        for (HorizontalPodAutoscaler autoscaler : rendered.all(HorizontalPodAutoscaler.class)) {
            var target = autoscaler.getSpec().getScaleTargetRef();
            Workload workload = rendered.workload(target.getName());
            assertThat(workload.kind()).isEqualTo(target.getKind());
            assertThat(workload.replicas())
                    .as("%s: %s replicas belong to its autoscaler", overlay, workload)
                    .isNull();
            assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
            assertThat(autoscaler.getSpec().getMaxReplicas())
                    .isGreaterThan(autoscaler.getSpec().getMinReplicas());
            assertThat(workload.container().getResources().getRequests())
                    .as("utilisation is measured against requests")
                    .containsKey("cpu");
        }
        for (PodDisruptionBudget budget : rendered.all(PodDisruptionBudget.class)) {
            Map<String, String> selector = budget.getSpec().getSelector().getMatchLabels();
            assertThat(rendered.workloads())
                    .as(
                            "%s: PodDisruptionBudget %s selects pods",
                            overlay, budget.getMetadata().getName())
                    .anyMatch(w -> w.labels().entrySet().containsAll(selector.entrySet()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void podsRunLockedDown(String overlay) {
        Rendered rendered = Rendered.of(overlay);

        for (Workload workload : rendered.workloads()) {
            PodSpec pod = workload.template().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot())
                    .as("%s: %s runs as non-root", overlay, workload)
                    .isTrue();
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container container : containers) {
                String where = overlay + ": " + workload + " container " + container.getName();
                assertThat(container.getResources()).as(where).isNotNull();
                assertThat(container.getResources().getRequests())
                        .as("%s requests", where)
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits())
                        .as("%s memory limit", where)
                        .containsKey("memory");
                assertThat(container.getSecurityContext())
                        .as("%s security context", where)
                        .isNotNull();
                if (!isWindows(pod)) {
                    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation())
                            .as(where)
                            .isFalse();
                    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem())
                            .as(where)
                            .isTrue();
                    assertThat(container.getSecurityContext().getCapabilities().getDrop())
                            .as(where)
                            .containsExactly("ALL");
                }
            }
        }
    }

    static boolean isWindows(PodSpec pod) {
        return pod.getOs() != null && "windows".equals(pod.getOs().getName());
    }

    /** A container's flags {@code --name=value}; a flag in another form fails (the manifests use one form). */
    static Map<String, String> flags(Container container) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String argument : container.getArgs()) {
            int equals = argument.indexOf('=');
            if (!argument.startsWith("--") || equals < 0) {
                throw new AssertionError(
                        "container " + container.getName() + " argument '" + argument + "' is not --flag=value");
            }
            String flag = argument.substring(0, equals);
            if (flags.put(flag, argument.substring(equals + 1)) != null) {
                throw new AssertionError(
                        "container " + container.getName() + " gives " + flag + " twice; the service would stop");
            }
        }
        return flags;
    }

    /** Every variable a container sees: envFrom ConfigMaps' keys and env. */
    static Set<String> variables(Rendered rendered, Container container) {
        Set<String> names = new LinkedHashSet<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            rendered.find(ConfigMap.class, source.getConfigMapRef().getName())
                    .ifPresent(map -> names.addAll(map.getData().keySet()));
        }
        container.getEnv().stream()
                .map(EnvVar::getName)
                .filter(Objects::nonNull)
                .forEach(names::add);
        return names;
    }

    /** A value with the pod-name reference replaced, to parse URLs that contain one. */
    private static String expand(String value) {
        return VARIABLE_REFERENCE.matcher(value).replaceAll("pod");
    }
}
