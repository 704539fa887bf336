package org.opentwinj.services.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.platform.config.Setting;
import org.opentwinj.platform.config.ValueParsers;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web service: serves the browser client and is its one origin for AUTH and the GSS
 * ({@code /api/auth}, {@code /api/gss}) and for the relay's websocket ({@code /relay}, bridged
 * to the relay by {@link RelayBridge}), so a browser accepts one certificate. Needs
 * {@code --gss-url} and {@code --auth-url}; {@code --relay-url} when the relay's address for
 * clients (the GSS's {@code relayUrl}) is not how this service reaches it.
 */
public final class WebService implements ServiceDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(WebService.class);
    public static final Setting<URI> RELAY_URL = Setting.of(
            "relay-url",
            "the relay as this service reaches it, for the page's websocket (default: the relayUrl the GSS gives clients)",
            null,
            ValueParsers.HTTPS_URL);

    @Override
    public String name() {
        return "web";
    }

    @Override
    public String description() {
        return "Web service: the browser client, and its gateway to AUTH and the GSS.";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(RELAY_URL);
    }

    @Override
    public void start(ServiceContext context) {
        URI gss = required(context.config().gssUrl(), "--gss-url (OPEN_TWIN_GSS_URL)");
        URI auth = required(context.config().authUrl(), "--auth-url (OPEN_TWIN_AUTH_URL)");
        Map<String, URI> apis = new LinkedHashMap<>();
        apis.put("auth", auth);
        apis.put("gss", gss);
        ApiGateway gateway =
                new ApiGateway(context.client(), apis, context.config().maxBodyBytes());
        StaticContent content = new StaticContent();
        URI relay = relayUrl(context, gss);
        RelayBridge bridge = new RelayBridge(relay, context.tls().clientContext());
        context.addWebSocket(bridge.route());
        context.addStreamRoute(new DataGateway(context.client(), relay).route());
        context.onStopping(bridge);
        if (!content.isBuilt()) {
            LOG.warn(
                    "the web client is not in this distribution (it is built with Node.js and npm); the API gateway works without it");
        }
        context.addHttpRoutes(routing -> routing.post("/api/{service}", gateway::forward)
                .get("/", content::serve)
                .get("/{+path}", content::serve));
    }

    /** The relay for the bridge: {@code --relay-url}, else the one the GSS tells clients. */
    private static URI relayUrl(ServiceContext context, URI gss) {
        URI configured = context.settings().get(RELAY_URL);
        if (configured != null) {
            return configured;
        }
        try {
            String relay = context.client()
                    .callIdempotent(gss, "Service.Info", Map.of())
                    .path("relayUrl")
                    .asText(null);
            if (relay == null) {
                throw new ExitException(
                        ExitCode.INVALID_CONFIGURATION,
                        "the GSS names no relay (its --relay-url), and the web service has no --relay-url: the page"
                                + " could not reach its sessions");
            }
            return URI.create(relay);
        } catch (PeerCallException e) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE, "cannot ask the GSS where the relay is: " + e.getMessage(), e);
        }
    }

    private static URI required(Optional<URI> url, String flag) {
        return url.orElseThrow(
                () -> new ExitException(ExitCode.INVALID_CONFIGURATION, "the web service needs " + flag));
    }
}
