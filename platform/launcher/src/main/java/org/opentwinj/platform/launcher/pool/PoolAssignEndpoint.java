package org.opentwinj.platform.launcher.pool;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.ServiceLauncher;
import org.opentwinj.platform.pki.tls.TlsMaterial;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.metrics.ServiceMetrics;
import org.opentwinj.platform.transport.server.ServerOptions;
import org.opentwinj.platform.transport.server.ServiceInfo;
import org.opentwinj.platform.transport.server.ServiceServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@code Pool.Assign} call a pooled JVM in a pod accepts: on mTLS with the pod's pool
 * certificate, only from a client certificate whose CN is its LSS's, and only once (a second
 * call gets 409, whoever makes it: a pooled JVM never takes on a second identity). The
 * identity's files are written to the files directory, readable by this user only, before the
 * call is answered; the server then closes, freeing the port for the service. Public for the
 * Kubernetes pool's tests, where it stands for a pool pod.
 */
public final class PoolAssignEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PoolAssignEndpoint.class);
    /** Long enough for the reply of the one call in flight when the endpoint closes. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final NetworkAssignment config;
    private final Set<String> services;
    private final AtomicBoolean taken = new AtomicBoolean();
    private final CompletableFuture<PoolAssignment> assignment = new CompletableFuture<>();
    private final ServiceServer server;
    private final ServiceMetrics metrics = new ServiceMetrics("pool");

    private PoolAssignEndpoint(NetworkAssignment config, Set<String> services, TlsMaterial tls) {
        this.config = config;
        this.services = Set.copyOf(services);
        ActionRegistry actions = new ActionRegistry();
        actions.register(ActionSpec.internal(
                        PoolAssignRequest.ACTION,
                        PoolAssignRequest.class,
                        (request, call) -> assign(request, call.caller().peer()))
                .onChannels(Channel.MUTUAL_TLS));
        this.server = ServiceServer.start(
                new ServiceInfo("pool", ServiceLauncher.VERSION, "pool", URI.create("https://" + config.bindHost())),
                new ServerOptions(
                        config.bindHost(), config.port(), ServerOptions.DEFAULT_MAX_BODY_BYTES, CLOSE_GRACE, 4),
                tls.serverContext(),
                actions,
                metrics,
                List.of());
    }

    /**
     * Loads the pool certificate and starts listening.
     *
     * @throws ExitException when the certificate files are wrong or the port cannot be bound
     */
    public static PoolAssignEndpoint start(NetworkAssignment config, Set<String> services) {
        TlsMaterial tls = TlsMaterial.load(config.certificate(), config.key(), config.ca());
        return new PoolAssignEndpoint(config, services, tls);
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** Completes with the one accepted assignment, its files written. */
    public CompletableFuture<PoolAssignment> assignment() {
        return assignment;
    }

    private PoolAssignRequest.Reply assign(PoolAssignRequest request, String peer) {
        Optional<String> caller = commonName(peer);
        if (caller.isEmpty() || !caller.get().equals(config.lssCommonName())) {
            LOG.warn("refused Pool.Assign from {}: only {} may assign this JVM", peer, config.lssCommonName());
            throw new PublicException(403, "only " + config.lssCommonName() + " may assign this pooled JVM");
        }
        PoolAssignment checked;
        try {
            checked = request.assignment().checked(services);
        } catch (ExitException e) {
            // Not taken: the LSS may send a correct one.
            throw new PublicException(400, e.getMessage());
        }
        for (String name : request.files().keySet()) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new PublicException(400, "file name '" + name + "' is not a plain file name");
            }
        }
        if (!taken.compareAndSet(false, true)) {
            LOG.warn("refused a second Pool.Assign from {}: this JVM was assigned already", peer);
            throw new PublicException(409, "this pooled JVM was assigned already; it is never assigned twice");
        }
        try {
            writeFiles(request.files());
        } catch (IOException e) {
            LOG.error("cannot write the files of the assignment to {}", config.filesDirectory(), e);
            assignment.completeExceptionally(e);
            throw new PublicException(500, "cannot write the identity's files: " + e.getMessage());
        }
        assignment.complete(checked);
        return new PoolAssignRequest.Reply(checked.service(), checked.flag("--session-id"));
    }

    private void writeFiles(Map<String, String> files) throws IOException {
        Files.createDirectories(config.filesDirectory());
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = config.filesDirectory().resolve(file.getKey());
            Files.deleteIfExists(path);
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        }
    }

    /** The CN of a certificate subject in RFC 2253 form, exactly (not a substring of another attribute). */
    static Optional<String> commonName(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            LOG.warn("cannot read the certificate subject '{}'", subject, e);
        }
        return Optional.empty();
    }

    /** Stops listening; the reply of a call in flight is still sent. */
    @Override
    public void close() {
        server.stop();
        metrics.close();
    }
}
