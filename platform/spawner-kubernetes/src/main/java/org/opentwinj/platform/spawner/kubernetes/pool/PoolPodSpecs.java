package org.opentwinj.platform.spawner.kubernetes.pool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.opentwinj.platform.spawner.ContainerRequest;
import org.opentwinj.platform.spawner.kubernetes.KubernetesLaunchConfig;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawnerConfig;
import org.opentwinj.platform.spawner.kubernetes.PodNames;
import org.opentwinj.platform.spawner.kubernetes.PodSpecs;

/**
 * The objects of a warm pool, as pure model code: its owner, each pool pod and the secret with
 * its pool certificate, and the JSON patch that makes a pool pod a session's.
 */
final class PoolPodSpecs {
    /** The component label of pool pods, until taken (then {@link PodNames#SESSION_COMPONENT}). */
    static final String POOL_COMPONENT = "session-pool";
    /** The pool (one run of one LSS) a pod belongs to, until taken: a restarted LSS deletes its predecessor's pods. */
    static final String POOL = "opentwin.org/pool";

    static final String CONTAINER = "service";
    static final String POOL_TLS_VOLUME = "pool-tls";
    static final String POOL_TLS_DIRECTORY = "/var/run/opentwin/pool";
    static final String FILES_VOLUME = "session-files";
    static final String CERTIFICATE_FILE = "pool.pem";
    static final String KEY_FILE = "pool-key.pem";
    static final String CA_FILE = "ca.pem";

    private final KubernetesSpawnerConfig spawner;
    private final KubernetesPoolConfig config;
    private final String poolId;

    PoolPodSpecs(KubernetesSpawnerConfig spawner, KubernetesPoolConfig config, String poolId) {
        this.spawner = spawner;
        this.config = config;
        this.poolId = poolId;
    }

    /** The CN of every pool pod's certificate of this LSS. */
    String commonName() {
        return "pool." + spawner.lssId();
    }

    /** {@code ot-pool-<lss>-<pool>-<n>}: a DNS label, since it is also the pod's host name. */
    String podName(int number) {
        return ownerName() + "-" + poolId + "-" + number;
    }

    /** {@code ot-pool-<lss>}, the pool's owner object: every pool pod and secret is owned by it until taken. */
    String ownerName() {
        String lss = spawner.lssId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        lss = lss.length() > 24 ? lss.substring(0, 24) : lss;
        lss = lss.replaceAll("^-+", "").replaceAll("-+$", "");
        return "ot-pool-" + (lss.isEmpty() ? "lss" : lss);
    }

    /** The names a pool pod is dialled by, for its certificate. */
    List<String> hostNames(String pod) {
        return PodNames.hostNames(pod, config.poolService(), spawner.namespace());
    }

    /** Where the LSS sends {@code Pool.Assign}. */
    String host(String pod) {
        return PodNames.host(pod, config.poolService(), spawner.namespace());
    }

    /** Labels that select this LSS's pool objects (of any of its runs). */
    Map<String, String> lssPoolLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PodNames.COMPONENT, POOL_COMPONENT);
        labels.put(PodNames.LSS, PodNames.labelValue(spawner.lssId()));
        return labels;
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PodNames.NAME, "opentwin");
        labels.putAll(lssPoolLabels());
        labels.put(PodNames.PART_OF, "opentwin");
        labels.put(POOL, poolId);
        labels.put(PodNames.POOLED, "true");
        return labels;
    }

    ConfigMap owner() {
        Map<String, String> labels = lssPoolLabels();
        labels.put(PodNames.NAME, "opentwin");
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ownerName())
                .withNamespace(spawner.namespace())
                .withLabels(labels)
                .endMetadata()
                .withData(Map.of("lss", spawner.lssId()))
                .build();
    }

    Secret secret(String pod, PoolCertificates.Issued issued, ConfigMap owner) {
        Map<String, String> data = new TreeMap<>();
        data.put(CERTIFICATE_FILE, base64(issued.certificate()));
        data.put(KEY_FILE, base64(issued.key()));
        data.put(CA_FILE, base64(issued.ca()));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(pod)
                .withNamespace(spawner.namespace())
                .withLabels(labels())
                .withOwnerReferences(ownedBy(owner))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }

    Pod pod(String name, ConfigMap owner) {
        List<String> command = new ArrayList<>(KubernetesLaunchConfig.LAUNCHER);
        command.addAll(List.of(
                "run",
                "--pooled",
                "--pool-port",
                Integer.toString(PodNames.PORT),
                "--pool-cert",
                POOL_TLS_DIRECTORY + "/" + CERTIFICATE_FILE,
                "--pool-key",
                POOL_TLS_DIRECTORY + "/" + KEY_FILE,
                "--pool-ca",
                POOL_TLS_DIRECTORY + "/" + CA_FILE,
                "--pool-lss",
                config.lssCommonName(),
                "--pool-files",
                KubernetesSpawnerConfig.FILES_DIRECTORY));
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(spawner.namespace())
                .withLabels(labels())
                .withAnnotations(new TreeMap<>(Map.of(POOL, poolId)))
                .withOwnerReferences(ownedBy(owner))
                .endMetadata()
                .withNewSpec()
                .withHostname(name)
                .withSubdomain(config.poolService())
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withPriorityClassName(config.priorityClass().orElse(null))
                .withNodeSelector(spawner.placement().podNodeSelector())
                .withTolerations(spawner.placement().tolerations())
                .withSecurityContext(PodSpecs.restrictedPod())
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(config.image())
                .withImagePullPolicy(spawner.imagePullPolicy())
                .withCommand(command)
                .addNewPort()
                .withName("https")
                .withContainerPort(PodNames.PORT)
                .withProtocol("TCP")
                .endPort()
                .withResources(config.resources())
                .addNewVolumeMount()
                .withName(POOL_TLS_VOLUME)
                .withMountPath(POOL_TLS_DIRECTORY)
                .withReadOnly(true)
                .endVolumeMount()
                .addNewVolumeMount()
                .withName(FILES_VOLUME)
                .withMountPath(KubernetesSpawnerConfig.FILES_DIRECTORY)
                .endVolumeMount()
                // Ready once warm (the pool endpoint serves it), and again once the service it became serves.
                .withReadinessProbe(PodSpecs.readinessProbe())
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(PodSpecs.restrictedContainer())
                .endContainer()
                .addNewVolume()
                .withName(POOL_TLS_VOLUME)
                .withNewSecret()
                .withSecretName(name)
                .withDefaultMode(0444)
                .endSecret()
                .endVolume()
                // The identity it is assigned is written here: in memory, never on the node's disk.
                .addNewVolume()
                .withName(FILES_VOLUME)
                .withNewEmptyDir()
                .withMedium("Memory")
                .endEmptyDir()
                .endVolume()
                .endSpec()
                .build();
    }

    /**
     * The JSON patch (RFC 6902) that makes a pool pod a session service's: only if it is still a
     * pool pod (the {@code test} fails otherwise, so two takers never get the same pod), with the
     * session's labels (the sessions Service and NetworkPolicies then select it), without its pool
     * label (its pool no longer deletes it), owned by the session's ConfigMap.
     */
    String takePatch(ContainerRequest request, ConfigMap sessionOwner) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode patch = json.arrayNode();
        patch.add(op("test", label(PodNames.COMPONENT)).put("value", POOL_COMPONENT));
        patch.add(op("test", label(POOL)).put("value", poolId));
        patch.add(op("replace", label(PodNames.COMPONENT)).put("value", PodNames.SESSION_COMPONENT));
        patch.add(op("remove", label(POOL)));
        PodNames.serviceLabels(
                        spawner.lssId(), request.session(), request.project(), request.service(), request.serviceType())
                .forEach((name, value) -> {
                    if (!name.equals(PodNames.COMPONENT)
                            && !name.equals(PodNames.NAME)
                            && !name.equals(PodNames.PART_OF)
                            && !name.equals(PodNames.LSS)) {
                        patch.add(op("add", label(name)).put("value", value));
                    }
                });
        patch.add(op("add", "/metadata/annotations/" + escape("opentwin.org/project-name"))
                .put("value", request.project()));
        OwnerReference owner = ownedBy(sessionOwner);
        ObjectNode reference = json.objectNode()
                .put("apiVersion", owner.getApiVersion())
                .put("kind", owner.getKind())
                .put("name", owner.getName())
                .put("uid", owner.getUid())
                .put("controller", false)
                .put("blockOwnerDeletion", false);
        patch.add(op("replace", "/metadata/ownerReferences")
                .set("value", json.arrayNode().add(reference)));
        return patch.toString();
    }

    private static ObjectNode op(String op, String path) {
        return JsonNodeFactory.instance.objectNode().put("op", op).put("path", path);
    }

    private static String label(String name) {
        return "/metadata/labels/" + escape(name);
    }

    /** A JSON pointer token: {@code ~} and {@code /} escaped. */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static OwnerReference ownedBy(ConfigMap owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(false)
                .withBlockOwnerDeletion(false)
                .build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
