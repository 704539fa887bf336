package org.opentwinj.services.lss.launch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.opentwinj.platform.logging.LogFiles;
import org.opentwinj.platform.launcher.JavaCommand;
import org.opentwinj.platform.pki.ca.CertificateAuthority;
import org.opentwinj.platform.pki.ca.Usage;
import org.opentwinj.platform.pki.csr.CertificateRequest;
import org.opentwinj.platform.spawner.SpawnRequest;
import org.opentwinj.services.lss.session.LaunchPlanner;
import org.opentwinj.services.lss.session.LiveSession;
import org.opentwinj.services.lss.session.ServiceInstance;
import org.opentwinj.services.lss.session.ServiceSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches session services as processes of this distribution on this machine: each gets a
 * free port, its own certificate (issued by the LSS from the CA, for the names it is reached
 * by, never shared with another service) and the flags that make it a session service.
 */
public final class LocalLaunchPlanner implements LaunchPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLaunchPlanner.class);

    private final LocalLaunchConfig config;
    private final CertificateAuthority ca;
    private final PortAllocator ports;

    public LocalLaunchPlanner(LocalLaunchConfig config, CertificateAuthority ca, PortAllocator ports) {
        this.config = config;
        this.ca = ca;
        this.ports = ports;
    }

    @Override
    public Placement place(LiveSession session, ServiceSlot slot) {
        int port = ports.allocate();
        String host = config.publishHost().contains(":") ? "[" + config.publishHost() + "]" : config.publishHost();
        return new Placement(port, URI.create("https://" + host + ":" + port));
    }

    @Override
    public void reserve(Placement placement) {
        ports.reserve(placement.port());
    }

    @Override
    public SpawnRequest plan(LiveSession session, ServiceInstance instance) {
        Path directory = directory(session, instance.name());
        Path cert = directory.resolve("service.pem");
        Path key = directory.resolve("service-key.pem");
        if (!Files.exists(cert) || !Files.exists(key)) {
            ca.issue(CertificateRequest.of(certificateSubject(session, new ServiceSlot(instance.name(), instance.service())),
                    List.of(config.publishHost(), "localhost", "127.0.0.1")), Usage.PEER, validity())
                    .writeTo(directory, "service", true);
        }
        List<String> arguments = new ArrayList<>();
        arguments.addAll(List.of("run", instance.service(),
                "--service-url", instance.url().toString(), "--bind", config.bindHost(),
                "--cert", cert.toString(), "--key", key.toString(), "--ca", config.caCertificate().toString(),
                "--lss-url", config.lssUrl().toString(), "--session-id", session.id(), "--session-service", instance.name(),
                // The LSS stops its session services when it stops; a Ctrl-C at the terminal of `opentwin up` must not.
                "--stopped-by-parent"));
        arguments.addAll(config.settings());
        List<String> command = new ArrayList<>(JavaCommand.of(config.mainClass(), arguments));
        // Extra JVM options go right after the java binary.
        command.addAll(1, config.jvmOptions());
        return new SpawnRequest(session.id(), instance.name(), command, Map.of(), logFile(session, instance.name()));
    }

    /** The configured validity, cut to the CA's own end: a session service must not fail to start because its CA renews soon. */
    private java.time.Duration validity() {
        java.time.Duration left = java.time.Duration.between(java.time.Instant.now(), ca.certificate().getNotAfter().toInstant())
                .minusMinutes(1);
        return left.compareTo(config.certValidity()) < 0 ? left : config.certValidity();
    }

    @Override
    public synchronized void release(LiveSession session, ServiceInstance instance) {
        if (instance.port() > 0) {
            ports.release(instance.port());
        }
        Path directory = directory(session, instance.name());
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
            // The session's folder goes with its last service.
            try (Stream<Path> left = Files.list(directory.getParent())) {
                if (left.findAny().isEmpty()) {
                    Files.deleteIfExists(directory.getParent());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not remove the certificate files of {} of session {} in {}", instance.name(), session.id(), directory, e);
        }
    }

    @Override
    public String certificateSubject(LiveSession session, ServiceSlot slot) {
        return slot.name() + "." + session.id();
    }

    @Override
    public Optional<String> lastWords(LiveSession session, ServiceInstance instance) {
        Path log = logFile(session, instance.name());
        try {
            return LogFiles.lastError(log);
        } catch (IOException e) {
            LOG.warn("cannot read the log {} of {} of session {}", log, instance.name(), session.id(), e);
            return Optional.empty();
        }
    }

    /** Where a service's certificate lives: private to this LSS, removed when the service stops for good. */
    private Path directory(LiveSession session, String service) {
        return config.workDirectory().resolve("sessions").resolve(session.id()).resolve(service);
    }

    /** A service's output (JSON log lines), kept after the session for troubleshooting. */
    public Path logFile(LiveSession session, String service) {
        return config.workDirectory().resolve("logs").resolve(session.id() + "-" + service + ".log");
    }
}
