package org.opentwinj.platform.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

/**
 * The common configuration of a service process, read once at start.
 *
 * @param siteId            the site id
 * @param serviceUrl        the URL the service publishes
 * @param bindHost          the address it binds
 * @param databaseUrl       MongoDB connection string, if any
 * @param gssUrl            the GSS, if any
 * @param authUrl           AUTH, if any
 * @param loggerUrl         the logger service, if records are to be sent there
 * @param certificates      where the service's certificate comes from
 * @param logLevel          effective log level
 * @param maxBodyBytes      request body limit
 * @param shutdownGrace     graceful stop budget
 * @param peerWait          how long to wait for peers at start
 * @param databaseTimeout   how long to wait for the database at start
 * @param databaseOperationTimeout how long one database operation may take before the request answers 503
 * @param session           the session this service was started for by an LSS, if any
 */
public record CommonConfig(
        String siteId,
        URI serviceUrl,
        String bindHost,
        Optional<String> databaseUrl,
        Optional<URI> gssUrl,
        Optional<URI> authUrl,
        Optional<URI> loggerUrl,
        CertificateSource certificates,
        String logLevel,
        long maxBodyBytes,
        Duration shutdownGrace,
        Duration peerWait,
        Duration databaseTimeout,
        Duration databaseOperationTimeout,
        Optional<SessionRole> session,
        boolean stoppedByParent) {

    /**
     * A session service's place: started by the LSS at {@code lssUrl} for {@code sessionId},
     * known there as {@code serviceName}; it stops by itself after {@code stopWithoutLss} without
     * its LSS.
     */
    public record SessionRole(URI lssUrl, String sessionId, String serviceName, Duration stopWithoutLss) {}

    /**
     * Where the certificate comes from: files, or issued at start from a CA key.
     *
     * @param cert      certificate file (files mode)
     * @param key       key file (files mode)
     * @param ca        CA bundle (both modes)
     * @param caKey     CA key (issue-at-start mode)
     * @param extraHosts names and addresses to add when issuing
     * @param validity  validity when issuing
     */
    public record CertificateSource(
            Optional<Path> cert,
            Optional<Path> key,
            Optional<Path> ca,
            Optional<Path> caKey,
            List<String> extraHosts,
            Duration validity) {}

    static CommonConfig from(Settings settings, String serviceName) {
        boolean verbose = settings.get(CommonSettings.VERBOSE);
        return new CommonConfig(
                settings.get(CommonSettings.SITE_ID),
                settings.require(CommonSettings.SERVICE_URL),
                settings.get(CommonSettings.BIND),
                Optional.ofNullable(settings.get(CommonSettings.DATABASE_URL)),
                Optional.ofNullable(settings.get(CommonSettings.GSS_URL)),
                Optional.ofNullable(settings.get(CommonSettings.AUTH_URL)),
                Optional.ofNullable(settings.get(CommonSettings.LOGGER_URL)),
                new CertificateSource(
                        Optional.ofNullable(settings.get(CommonSettings.CERT)),
                        Optional.ofNullable(settings.get(CommonSettings.KEY)),
                        Optional.ofNullable(settings.get(CommonSettings.CA)),
                        Optional.ofNullable(settings.get(CommonSettings.CA_KEY)),
                        settings.get(CommonSettings.CERT_HOSTS),
                        Duration.ofHours(settings.get(CommonSettings.CERT_VALIDITY_HOURS))),
                verbose ? "debug" : settings.get(CommonSettings.LOG_LEVEL),
                settings.get(CommonSettings.MAX_BODY_BYTES),
                Duration.ofMillis(settings.get(CommonSettings.SHUTDOWN_GRACE_MS)),
                Duration.ofMillis(settings.get(CommonSettings.PEER_WAIT_MS)),
                Duration.ofMillis(settings.get(CommonSettings.DATABASE_TIMEOUT_MS)),
                Duration.ofMillis(settings.get(CommonSettings.DATABASE_OPERATION_TIMEOUT_MS)),
                sessionRole(settings, serviceName),
                settings.get(CommonSettings.STOPPED_BY_PARENT));
    }

    private static Optional<SessionRole> sessionRole(Settings settings, String serviceName) {
        URI lss = settings.get(CommonSettings.LSS_URL);
        String session = settings.get(CommonSettings.SESSION_ID);
        if ((lss == null) != (session == null)) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "--lss-url and --session-id go together: a session service needs both");
        }
        if (lss == null) {
            return Optional.empty();
        }
        String name = settings.get(CommonSettings.SESSION_SERVICE);
        return Optional.of(new SessionRole(
                lss,
                session,
                name == null ? serviceName : name,
                Duration.ofMillis(settings.get(CommonSettings.STOP_WITHOUT_LSS_MS))));
    }

    /** The port to bind: the port of the published URL. */
    public int port() {
        return serviceUrl.getPort();
    }
}
