package org.opentwinj.services.relay;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.Settings;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.CommonSettings;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.launcher.UserTokens;
import org.opentwinj.platform.transport.action.TokenVerifier;
import org.opentwinj.platform.transport.client.ClientOptions;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.opentwinj.platform.transport.server.WebSocketRoute;

/**
 * The RelayService: the websocket bridge between thin clients and their session's services
 * ({@code opentwin run relay}). It needs the GSS (where sessions' services are) and AUTH
 * (whose keys check clients' tokens).
 */
public final class RelayService implements ServiceDefinition {
    /** How long a message for an on-demand service may wait for it to start: the LSS's confirm timeout and a margin. */
    static final Duration DEMAND_TIMEOUT = Duration.ofSeconds(90);

    public static final Setting<Long> PING_INTERVAL_MS = Setting.of(
            "ping-interval-ms",
            "interval of websocket pings to clients; a client silent for two intervals is closed with 1001",
            RelayConfig.DEFAULTS.pingInterval().toMillis(),
            ValueParsers.longValue(100, 3_600_000));
    public static final Setting<Integer> MAX_IN_FLIGHT = Setting.of(
            "max-in-flight",
            "requests per client connection forwarded at once; beyond that the relay stops reading the connection",
            RelayConfig.DEFAULTS.maxInFlight(),
            ValueParsers.integer(1, 10_000));
    public static final Setting<Integer> CLIENT_QUEUE = Setting.of(
            "client-queue",
            "messages waiting to be written to one client; a push finding it full waits 2 s, then answers 503",
            RelayConfig.DEFAULTS.clientQueue(),
            ValueParsers.integer(1, 1_000_000));
    public static final Setting<Long> ROUTE_CACHE_MS = Setting.of(
            "route-cache-ms",
            "how long a session's service URLs from the GSS are reused (0: ask every time)",
            RelayConfig.DEFAULTS.routeCacheTtl().toMillis(),
            ValueParsers.longValue(0, 3_600_000));

    public static final Setting<List<String>> ALLOWED_ORIGINS = Setting.of(
            "allowed-origins",
            "origins of web pages allowed to connect besides the relay's own, e.g. https://ui.example:8443 (comma-separated)",
            List.of(),
            ValueParsers.LIST);

    public static final Setting<List<URI>> RELAY_PEERS = Setting.of(
            "relay-peers",
            "URLs of the other relay replicas, which a session service's push is passed on to (comma-separated)",
            List.of(),
            ValueParsers.HTTPS_URLS);
    public static final Setting<String> RELAY_PEERS_DNS = Setting.of(
            "relay-peers-dns",
            "DNS name whose addresses are all the relay replicas (a Kubernetes headless Service); pushes are passed on to "
                    + "each, at this relay's port",
            null,
            ValueParsers.STRING);

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public String description() {
        return "Relay service: websocket bridge between thin clients and their session's services.";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(
                PING_INTERVAL_MS,
                MAX_IN_FLIGHT,
                CLIENT_QUEUE,
                ROUTE_CACHE_MS,
                ALLOWED_ORIGINS,
                RELAY_PEERS,
                RELAY_PEERS_DNS);
    }

    @Override
    public void start(ServiceContext context) {
        URI gssUrl = required(
                context.config().gssUrl(), CommonSettings.GSS_URL, "it looks up each session's services there");
        URI authUrl = required(
                context.config().authUrl(), CommonSettings.AUTH_URL, "it checks clients' tokens with AUTH's keys");
        // Installed here, so the launcher does not fetch the keys a second time. The port opens
        // only after this returned: the relay is never ready without the keys.
        TokenVerifier tokens = UserTokens.verifierFrom(context.client(), authUrl, context::onStopping);
        context.actions().tokenVerifier(tokens);
        // A demand for an on-demand service waits for it to start (the LSS's confirm timeout, 60 s by default).
        ServiceClient demandClient = new ServiceClient(
                context.tls().clientContext(), ClientOptions.DEFAULT.withRequestTimeout(DEMAND_TIMEOUT));
        context.onShutdown(demandClient);
        Relay relay = new Relay(
                context.client(),
                demandClient,
                gssUrl,
                tokens,
                config(context.settings(), context.config().maxBodyBytes()),
                peers(context.settings(), context.config().port()));
        context.actions().register(relay.pushAction());
        WebSocketRoute route = relay.webSocketRoute();
        context.addWebSocket(new WebSocketRoute(
                route.path(), route.listener(), Set.copyOf(context.settings().get(ALLOWED_ORIGINS))));
        context.addStreamRoute(relay.dataRoute());
        // Clients get 1001 "relay stopping" while the server still runs, not a cut connection.
        context.onStopping(relay);
    }

    static RelayConfig config(Settings settings, long maxBodyBytes) {
        return new RelayConfig(
                Duration.ofMillis(settings.get(PING_INTERVAL_MS)),
                settings.get(MAX_IN_FLIGHT),
                settings.get(CLIENT_QUEUE),
                Duration.ofMillis(settings.get(ROUTE_CACHE_MS)),
                maxBodyBytes,
                RelayConfig.PUSH_WAIT);
    }

    /** The other replicas: listed, found by DNS, or both. */
    static RelayPeers peers(Settings settings, int port) {
        List<URI> listed = settings.get(RELAY_PEERS);
        String dnsName = settings.get(RELAY_PEERS_DNS);
        if (dnsName == null || dnsName.isBlank()) {
            return RelayPeers.fixed(listed);
        }
        RelayPeers found = RelayPeers.dns(dnsName.strip(), port);
        return () -> {
            List<URI> all = new ArrayList<>(listed);
            found.others().stream().filter(peer -> !all.contains(peer)).forEach(all::add);
            return all;
        };
    }

    private static URI required(Optional<URI> url, Setting<URI> setting, String why) {
        return url.orElseThrow(() -> new ExitException(
                ExitCode.INVALID_CONFIGURATION,
                "the relay needs " + setting.flag() + " (or " + setting.environmentVariable() + "): " + why));
    }
}
