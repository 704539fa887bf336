package org.opentwinj.services.lss.launch;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.spawner.ContainerSpec;
import org.opentwinj.platform.spawner.SpawnHandle;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawner;
import org.opentwinj.platform.spawner.kubernetes.KubernetesSpawnerConfig;
import org.opentwinj.platform.spawner.kubernetes.PodNames;
import org.opentwinj.services.lss.session.LaunchPlanner;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.ServiceInstance;
import org.opentwinj.services.lss.session.ServiceSlot;

/**
 * Launches session services as pods: each serves on port 8443 at the DNS name the sessions
 * Service gives its pod, with a certificate the LSS issues for those names alone (the CA key
 * never leaves the LSS) and hands over in a per-pod Secret, mounted read-only.
 */
public final class KubernetesLaunchPlanner implements LaunchPlanner {
    static final String CERT_FILE = "service.pem";
    static final String KEY_FILE = "service-key.pem";
    static final String CA_FILE = "ca.pem";

    private final KubernetesLaunchConfig config;
    private final CertificateAuthority ca;
    private final KubernetesSpawner spawner;
    /** Certificates issued per session service, reused across its restarts; dropped on release. */
    private final Map<String, IssuedCertificate> certificates = new ConcurrentHashMap<>();

    public KubernetesLaunchPlanner(KubernetesLaunchConfig config, CertificateAuthority ca, KubernetesSpawner spawner) {
        this.config = config;
        this.ca = ca;
        this.spawner = spawner;
    }

    @Override
    public Placement place(LiveSession session, ServiceSlot slot) {
        String pod = PodNames.pod(session.id(), slot.name());
        return new Placement(PodNames.PORT, URI.create("https://" + PodNames.host(pod, config.sessionsService(), config.namespace())
                + ":" + PodNames.PORT));
    }

    @Override
    public void reserve(Placement placement) {
        // Every pod has its own address: nothing is shared that could be taken twice.
    }

    @Override
    public SpawnRequest plan(LiveSession session, ServiceInstance instance) {
        String pod = PodNames.pod(session.id(), instance.name());
        ServiceSlot slot = new ServiceSlot(instance.name(), instance.service());
        IssuedCertificate certificate = certificates.computeIfAbsent(key(session, instance), key -> ca.issue(
                CertificateRequest.of(certificateSubject(session, slot), PodNames.hostNames(pod, config.sessionsService(), config.namespace())),
                Usage.PEER, validity()));
        String files = KubernetesSpawnerConfig.FILES_DIRECTORY + "/";
        List<String> arguments = new ArrayList<>(List.of(
                "--service-url", instance.url().toString(), "--bind", "0.0.0.0",
                "--cert", files + CERT_FILE, "--key", files + KEY_FILE, "--ca", files + CA_FILE,
                "--lss-url", config.lssUrl().toString(), "--session-id", session.id(), "--session-service", instance.name()));
        arguments.addAll(config.settings());
        boolean ownImage = config.serviceImages().contains(instance.service());
        String image = config.imageRepository() + "/" + (ownImage ? instance.service() : KubernetesLaunchConfig.ANY_SERVICE_IMAGE) + ":"
                + config.imageTag();
        List<String> entryPoint = new ArrayList<>();
        if (!ownImage) {
            // The lss image's entry point runs the LSS: run this service with the same launcher instead.
            entryPoint.addAll(KubernetesLaunchConfig.LAUNCHER);
            entryPoint.addAll(List.of("run", instance.service()));
        }
        Map<String, String> secretFiles = Map.of(CERT_FILE, PemFiles.toPem(List.of(certificate.certificate())),
                KEY_FILE, PemFiles.toPem(certificate.privateKey()), CA_FILE, config.caBundle());
        return new SpawnRequest(session.id(), instance.name(), arguments, config.environment(), null,
                new ContainerSpec(image, instance.service(), session.project(), entryPoint, secretFiles));
    }

    /** The configured validity, cut to the CA's own end, as for local processes. */
    private Duration validity() {
        Duration left = Duration.between(Instant.now(), ca.certificate().getNotAfter().toInstant()).minusMinutes(1);
        return left.compareTo(config.certValidity()) < 0 ? left : config.certValidity();
    }

    @Override
    public void release(LiveSession session, ServiceInstance instance) {
        certificates.remove(key(session, instance));
    }

    @Override
    public String certificateSubject(LiveSession session, ServiceSlot slot) {
        return slot.name() + "." + session.id();
    }

    @Override
    public Optional<String> lastWords(LiveSession session, ServiceInstance instance) {
        SpawnHandle handle = instance.handle();
        return handle == null ? Optional.empty() : spawner.lastWords(handle);
    }

    private static String key(LiveSession session, ServiceInstance instance) {
        return session.id() + "/" + instance.name();
    }
}
