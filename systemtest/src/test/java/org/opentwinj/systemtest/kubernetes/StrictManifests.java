package org.opentwinj.systemtest.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads rendered manifests into fabric8's model classes, refusing every field the
 * Kubernetes API does not know. fabric8's classes accept anything by design (each has an
 * {@code additionalProperties} map behind {@code @JsonAnySetter}, so that newer servers'
 * fields survive); here that catch-all is switched off, so {@code imagePullPolcy} or a
 * probe's {@code httpget} fails the parse instead of being dropped silently by the API server.
 */
public final class StrictManifests {
    /** The kinds the platform's manifests may contain, by apiVersion and kind. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/Pod", Pod.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("scheduling.k8s.io/v1/PriorityClass", PriorityClass.class));

    /** cert-manager's kinds: parsed strictly into {@link CertManagerKinds}, kept as generic resources. */
    static final Map<String, Class<? extends Record>> CERT_MANAGER_KINDS = Map.of(
            "cert-manager.io/v1/Certificate", CertManagerKinds.Certificate.class,
            "cert-manager.io/v1/Issuer", CertManagerKinds.Issuer.class);

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .annotationIntrospector(new NoCatchAll())
            .build();

    /** fabric8's own reading, catch-all included: for generic resources, after the strict check. */
    private static final YAMLMapper GENERIC = YAMLMapper.builder().build();

    private StrictManifests() {}

    /** A cert-manager object of a render as its record (it was checked strictly when parsed). */
    static <T extends Record> T extension(HasMetadata object, Class<T> kind) {
        try {
            return GENERIC.treeToValue(GENERIC.valueToTree(object), kind);
        } catch (JsonProcessingException e) {
            throw new AssertionError(
                    object.getKind() + " " + object.getMetadata().getName() + " is not a " + kind.getSimpleName(), e);
        }
    }

    /**
     * Every document of a multi-document YAML stream, typed.
     *
     * @param source names the stream in error messages (an overlay's directory)
     * @throws AssertionError naming the document and the refused field
     */
    public static List<HasMetadata> parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents =
                MAPPER.readerFor(JsonNode.class).readValues(yaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String type = document.path("apiVersion").asText("") + "/"
                        + document.path("kind").asText("");
                String name = document.path("metadata").path("name").asText("?");
                Class<? extends HasMetadata> kind = KINDS.get(type);
                Class<? extends Record> extension = CERT_MANAGER_KINDS.get(type);
                if (extension != null) {
                    try {
                        MAPPER.treeToValue(document, extension);
                        objects.add(GENERIC.treeToValue(document, GenericKubernetesResource.class));
                    } catch (JsonProcessingException e) {
                        throw new AssertionError(
                                source + ": " + type + " " + name + " is not valid: " + e.getOriginalMessage() + " at "
                                        + path(e),
                                e);
                    }
                    continue;
                }
                if (kind == null) {
                    throw new AssertionError(source + ": document " + index + " (" + name + ") has apiVersion/kind "
                            + type + ", which no manifest of the platform should use; known: " + KINDS.keySet()
                            + " and " + CERT_MANAGER_KINDS.keySet());
                }
                try {
                    objects.add(MAPPER.treeToValue(document, kind));
                } catch (JsonProcessingException e) {
                    throw new AssertionError(
                            source + ": " + type + " " + name + " is not valid: " + e.getOriginalMessage() + " at "
                                    + path(e),
                            e);
                }
            }
        } catch (JsonProcessingException e) {
            throw new AssertionError(source + ": not YAML: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(source, e);
        }
        return objects;
    }

    private static String path(JsonProcessingException e) {
        return e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
                ? mapping.getPathReference()
                : "?";
    }

    /** Jackson's annotations as written, except {@code @JsonAnySetter}, so unknown fields fail. */
    private static final class NoCatchAll extends JacksonAnnotationIntrospector {
        @Override
        public Boolean hasAnySetter(Annotated annotated) {
            return Boolean.FALSE;
        }
    }
}
