package org.opentwinj.services.lss.launch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.IssuedCertificate;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.pki.pem.PemFiles;
import org.opentwinj.platform.spawner.Endpoint;
import org.opentwinj.platform.spawner.LaunchBackend;
import org.opentwinj.platform.spawner.ServiceLaunch;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.services.lss.session.LaunchPlanner;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.ServiceInstance;
import org.opentwinj.services.lss.session.ServiceSlot;

/**
 * How the LSS launches a session service, the same for every spawner: its own certificate
 * (never shared with another service), issued by the LSS from the CA for the names the
 * backend says it is dialled by; the flags that make it a session service of this LSS; the
 * settings it inherits. The backend adds only where the service listens and how its files
 * reach it.
 *
 * @param <R> the kind of request of the backend's spawner
 */
public final class LaunchPolicy<R extends SpawnRequest> implements LaunchPlanner<R> {
    static final String CERT_FILE = "service.pem";
    static final String KEY_FILE = "service-key.pem";
    static final String CA_FILE = "ca.pem";

    private final LaunchBackend<R> backend;
    private final CertificateAuthority ca;
    private final LaunchSettings settings;
    private final Supplier<Duration> lssGrace;
    /** Certificates issued per session service, reused across its restarts; dropped on release. */
    private final Map<String, IssuedCertificate> certificates = new ConcurrentHashMap<>();

    /**
     * @param lssGrace how long the GSS waits for this LSS when it falls silent, as the GSS said
     *     (read at each launch): a session service stops by itself after as long without its LSS
     */
    public LaunchPolicy(
            LaunchBackend<R> backend, CertificateAuthority ca, LaunchSettings settings, Supplier<Duration> lssGrace) {
        this.backend = backend;
        this.ca = ca;
        this.settings = settings;
        this.lssGrace = lssGrace;
    }

    @Override
    public Placement place(LiveSession session, ServiceSlot slot) {
        Endpoint endpoint = backend.place(session.id(), slot.name());
        return new Placement(endpoint.port(), endpoint.url());
    }

    @Override
    public void reserve(Placement placement) {
        backend.reserve(new Endpoint(placement.port(), placement.url()));
    }

    @Override
    public R plan(LiveSession session, ServiceInstance instance) {
        return backend.request(launch(session, instance));
    }

    /** The launch of a service as this LSS decides it; the backend turns it into its spawner's request. */
    ServiceLaunch launch(LiveSession session, ServiceInstance instance) {
        ServiceSlot slot = new ServiceSlot(instance.name(), instance.service());
        Endpoint endpoint = new Endpoint(instance.port(), instance.url());
        IssuedCertificate certificate = certificates.computeIfAbsent(
                key(session, instance),
                key -> ca.issue(
                        CertificateRequest.of(
                                certificateSubject(session, slot),
                                backend.hostNames(session.id(), instance.name(), endpoint)),
                        Usage.PEER,
                        validity()));
        String files = backend.filesDirectory(session.id(), instance.name()) + "/";
        List<String> arguments = new ArrayList<>(List.of(
                "--service-url",
                instance.url().toString(),
                "--bind",
                backend.bindAddress(),
                "--cert",
                files + CERT_FILE,
                "--key",
                files + KEY_FILE,
                "--ca",
                files + CA_FILE,
                "--lss-url",
                settings.lssUrl().toString(),
                "--session-id",
                session.id(),
                "--session-service",
                instance.name(),
                // Without its LSS for as long as the GSS waits for it, it stops by itself: no orphan keeps its port.
                "--stop-without-lss-ms",
                Long.toString(lssGrace.get().toMillis()),
                // The LSS stops its session services, with SIGTERM; a Ctrl-C at the terminal of `opentwin up` must not.
                "--stopped-by-parent"));
        arguments.addAll(settings.flags());
        Map<String, String> privateFiles = Map.of(
                CERT_FILE,
                PemFiles.toPem(List.of(certificate.certificate())),
                KEY_FILE,
                PemFiles.toPem(certificate.privateKey()),
                CA_FILE,
                settings.caBundle());
        return new ServiceLaunch(
                session.id(),
                instance.name(),
                instance.service(),
                session.project(),
                arguments,
                settings.environment(),
                privateFiles);
    }

    /** The configured validity, cut to the CA's own end: a session service must not fail to start because its CA renews soon. */
    private Duration validity() {
        Duration left = Duration.between(
                        Instant.now(), ca.certificate().getNotAfter().toInstant())
                .minusMinutes(1);
        return left.compareTo(settings.certValidity()) < 0 ? left : settings.certValidity();
    }

    @Override
    public void release(LiveSession session, ServiceInstance instance) {
        certificates.remove(key(session, instance));
        backend.release(
                session.id(),
                instance.name(),
                instance.url() == null ? null : new Endpoint(instance.port(), instance.url()));
    }

    @Override
    public String certificateSubject(LiveSession session, ServiceSlot slot) {
        return slot.name() + "." + session.id();
    }

    private static String key(LiveSession session, ServiceInstance instance) {
        return session.id() + "/" + instance.name();
    }
}
