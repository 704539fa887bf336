package org.opentwinj.platform.launcher.session;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.PushRequest;
import org.opentwinj.platform.session.RunReply;
import org.opentwinj.platform.session.RunRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a service a session service: it was started by an LSS for one session
 * ({@code --lss-url}, {@code --session-id}), confirms itself to that LSS once it serves,
 * learns its siblings from {@code Run}, and may push messages to the session's clients.
 */
public final class SessionMembership {
    private static final Logger LOG = LoggerFactory.getLogger(SessionMembership.class);

    private final URI lssUrl;
    private final String sessionId;
    private final String serviceName;
    private final ServiceClient client;
    private final List<Consumer<RunRequest>> runListeners = new CopyOnWriteArrayList<>();
    private volatile RunRequest run;
    private volatile List<CommandSpec> commands;

    /**
     * @param lssUrl      the LSS that started this service
     * @param sessionId   the session it belongs to
     * @param serviceName its name within the session
     * @param client      an mTLS client with this service's certificate
     */
    public SessionMembership(URI lssUrl, String sessionId, String serviceName, ServiceClient client) {
        this.lssUrl = Objects.requireNonNull(lssUrl);
        this.sessionId = Objects.requireNonNull(sessionId);
        this.serviceName = Objects.requireNonNull(serviceName);
        this.client = Objects.requireNonNull(client);
    }

    public String sessionId() {
        return sessionId;
    }

    public String serviceName() {
        return serviceName;
    }

    /** Registers {@code Run}, reachable only by services (mutual TLS). */
    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.internal(ActionNames.RUN, RunRequest.class, (request, call) -> {
                    if (!sessionId.equals(request.session())) {
                        throw PublicException.conflict(
                                "this service belongs to session " + sessionId + ", not " + request.session());
                    }
                    run = request;
                    LOG.info(
                            "session {} runs with {}",
                            sessionId,
                            request.services().keySet());
                    for (Consumer<RunRequest> listener : runListeners) {
                        listener.accept(request);
                    }
                    return new RunReply(serviceName, sessionId);
                })
                .asIdempotent());
    }

    /** A compute service's catalogue, sent with {@code Service.Confirm}; declare it before the port opens. */
    public void declareCommands(List<CommandSpec> catalogue) {
        commands = List.copyOf(catalogue);
    }

    /**
     * Tells the LSS this service is up. Called once the port is open.
     *
     * @throws PeerCallException when the LSS refuses (it does not know the session) or cannot be reached
     */
    public void confirm(URI ownUrl) {
        client.callIdempotent(
                lssUrl, ActionNames.SERVICE_CONFIRM, new ConfirmRequest(sessionId, serviceName, ownUrl, commands));
        LOG.info("confirmed to the LSS at {} as {} of session {}", lssUrl, serviceName, sessionId);
    }

    /** The latest {@code Run}, once the session runs. */
    public Optional<RunRequest> run() {
        return Optional.ofNullable(run);
    }

    /** Called with every {@code Run} (the first one, and again after this service or a sibling restarted). */
    public void onRun(Consumer<RunRequest> listener) {
        runListeners.add(listener);
    }

    /**
     * Sends a message to every client of the session through the relay.
     *
     * @throws PublicException 409 before the session runs or when it has no relay
     * @throws PeerCallException when the relay refuses (e.g. 503 when a client does not keep up)
     */
    public void pushToClients(Object message) {
        RunRequest current = run;
        if (current == null || current.relayUrl() == null) {
            throw PublicException.conflict("session " + sessionId + " has no relay yet");
        }
        client.call(
                current.relayUrl(),
                PushRequest.ACTION,
                new PushRequest(sessionId, serviceName, Json.mapper().valueToTree(message)));
    }
}
