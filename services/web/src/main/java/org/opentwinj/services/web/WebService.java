package org.opentwinj.services.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.launcher.ServiceContext;
import org.opentwinj.platform.launcher.ServiceDefinition;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web service: serves the browser client and is its one origin for AUTH and the GSS
 * ({@code /api/auth}, {@code /api/gss}); the page talks to the relay directly over a
 * websocket (the relay lists this service's origin in {@code --allowed-origins}). Needs
 * {@code --gss-url} and {@code --auth-url}.
 */
public final class WebService implements ServiceDefinition {
    private static final Logger LOG = LoggerFactory.getLogger(WebService.class);

    @Override
    public String name() {
        return "web";
    }

    @Override
    public String description() {
        return "Web service: the browser client, and its gateway to AUTH and the GSS.";
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
        StaticContent content = new StaticContent(relayOrigin(context, gss));
        if (!content.isBuilt()) {
            LOG.warn(
                    "the web client is not in this distribution (it is built with Node.js and npm); the API gateway works without it");
        }
        context.addHttpRoutes(routing -> routing.post("/api/{service}", gateway::forward)
                .get("/", content::serve)
                .get("/{+path}", content::serve));
    }

    /** The relay's origin, as the GSS tells clients, for the page's content security policy. */
    private static String relayOrigin(ServiceContext context, URI gss) {
        try {
            String relay = context.client()
                    .callIdempotent(gss, "Service.Info", Map.of())
                    .path("relayUrl")
                    .asText(null);
            if (relay == null) {
                return "";
            }
            URI url = URI.create(relay);
            return "wss://" + url.getRawAuthority();
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
