package org.opentwinj.systemtest.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One overlay (or the base) rendered and parsed strictly.
 *
 * @param source  the directory, relative to deploy/kubernetes
 * @param objects what {@code kubectl kustomize} produced, typed
 */
record Rendered(String source, List<HasMetadata> objects) {
    /** The overlays an operator applies; the base is rendered too, as the shared part. */
    static final List<String> OVERLAYS =
            List.of("base", "overlays/dev", "overlays/prod", "overlays/windows-nodes", "overlays/cert-manager");

    /** The platform's own services: each a Deployment or StatefulSet whose container is named after its image. */
    static final List<String> PLATFORM_SERVICES = List.of("logger", "auth", "gss", "relay", "web", "lss");

    static Rendered of(String source) {
        Path directory = RepositoryFiles.kubernetes().resolve(source);
        return new Rendered(source, StrictManifests.parse(source, Kustomize.render(directory)));
    }

    /**
     * A kustomization made for the test under target/ that combines {@code resources} and
     * {@code components} (paths relative to deploy/kubernetes), e.g. an overlay with an
     * optional component no shipped overlay enables.
     */
    static Rendered composed(String name, List<String> resources, List<String> components) {
        Path directory = Path.of("target", "kustomize", name).toAbsolutePath();
        try {
            Files.createDirectories(directory);
            StringBuilder text =
                    new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n");
            for (String resource : resources) {
                text.append("  - ").append(relative(directory, resource)).append('\n');
            }
            text.append("components:\n");
            for (String component : components) {
                text.append("  - ").append(relative(directory, component)).append('\n');
            }
            Files.writeString(directory.resolve("kustomization.yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kustomization " + directory, e);
        }
        return new Rendered(name, StrictManifests.parse(name, Kustomize.render(directory)));
    }

    private static String relative(Path from, String kubernetesPath) {
        return from.relativize(RepositoryFiles.kubernetes()
                        .resolve(kubernetesPath)
                        .toAbsolutePath()
                        .normalize())
                .toString();
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    <T extends HasMetadata> T one(Class<T> kind, String name) {
        return find(kind, name)
                .orElseThrow(() -> new AssertionError(source + " has no " + kind.getSimpleName() + " " + name));
    }

    /** The cert-manager Certificates (none but in the cert-manager overlay). */
    List<CertManagerKinds.Certificate> certificates() {
        return objects.stream()
                .filter(o -> o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource
                        && "Certificate".equals(o.getKind()))
                .map(o -> StrictManifests.extension(o, CertManagerKinds.Certificate.class))
                .toList();
    }

    /** Deployments, StatefulSets and Jobs: everything that makes pods. */
    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            switch (object) {
                case Deployment d ->
                    workloads.add(new Workload(
                            "Deployment",
                            d.getMetadata().getName(),
                            d.getSpec().getReplicas(),
                            d.getSpec().getSelector() == null
                                    ? null
                                    : d.getSpec().getSelector().getMatchLabels(),
                            d.getSpec().getTemplate(),
                            List.of()));
                case StatefulSet s ->
                    workloads.add(new Workload(
                            "StatefulSet",
                            s.getMetadata().getName(),
                            s.getSpec().getReplicas(),
                            s.getSpec().getSelector() == null
                                    ? null
                                    : s.getSpec().getSelector().getMatchLabels(),
                            s.getSpec().getTemplate(),
                            s.getSpec().getVolumeClaimTemplates().stream()
                                    .map(c -> c.getMetadata().getName())
                                    .toList()));
                case Job j ->
                    workloads.add(new Workload(
                            "Job",
                            j.getMetadata().getName(),
                            1,
                            null,
                            j.getSpec().getTemplate(),
                            List.of()));
                default -> {}
            }
        }
        return workloads;
    }

    Workload workload(String name) {
        return workloads().stream()
                .filter(w -> w.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(source + " has no workload " + name));
    }

    /**
     * A template of pods.
     *
     * @param replicas null when not set (an autoscaler owns them)
     * @param selector the controller's matchLabels; null for Jobs (Kubernetes generates it)
     * @param claims   the names of a StatefulSet's volume claim templates, volumes of its pods
     */
    record Workload(
            String kind,
            String name,
            Integer replicas,
            Map<String, String> selector,
            PodTemplateSpec template,
            List<String> claims) {
        Map<String, String> labels() {
            Map<String, String> labels = template.getMetadata() == null
                    ? null
                    : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        Container container() {
            List<Container> containers = template.getSpec().getContainers();
            if (containers.size() != 1) {
                throw new AssertionError(
                        kind + " " + name + " has " + containers.size() + " containers; the platform's pods have one");
            }
            return containers.getFirst();
        }

        @Override
        public String toString() {
            return kind + " " + name;
        }
    }
}
