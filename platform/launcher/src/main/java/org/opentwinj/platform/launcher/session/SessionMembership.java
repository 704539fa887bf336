package org.opentwinj.platform.launcher.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ConfirmReply;
import org.opentwinj.platform.session.ConfirmRequest;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.DemandRequest;
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
    private final List<BooleanSupplier> busyChecks = new CopyOnWriteArrayList<>();
    private final LongSupplier nanoTime;
    private volatile RunRequest run;
    private volatile List<CommandSpec> commands;
    private volatile long lastRequestNanos;

    /**
     * @param lssUrl      the LSS that started this service
     * @param sessionId   the session it belongs to
     * @param serviceName its name within the session
     * @param client      an mTLS client with this service's certificate
     */
    public SessionMembership(URI lssUrl, String sessionId, String serviceName, ServiceClient client) {
        this(lssUrl, sessionId, serviceName, client, System::nanoTime);
    }

    /** @param nanoTime the monotonic clock idleness is measured by ({@code System::nanoTime} outside tests) */
    public SessionMembership(
            URI lssUrl, String sessionId, String serviceName, ServiceClient client, LongSupplier nanoTime) {
        this.lssUrl = Objects.requireNonNull(lssUrl);
        this.sessionId = Objects.requireNonNull(sessionId);
        this.serviceName = Objects.requireNonNull(serviceName);
        this.client = Objects.requireNonNull(client);
        this.nanoTime = nanoTime;
        this.lastRequestNanos = nanoTime.getAsLong();
    }

    public String sessionId() {
        return sessionId;
    }

    public String serviceName() {
        return serviceName;
    }

    /**
     * Registers {@code Run}, reachable only by services (mutual TLS), and counts every other
     * request as activity (the LSS's {@code Ping} and {@code Run} are not: they come whether
     * anyone uses the service or not).
     */
    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.internal(ActionNames.RUN, RunRequest.class, (request, call) -> {
                    applyRun(request);
                    return new RunReply(serviceName, sessionId);
                })
                .asIdempotent());
        actions.onCall(action -> {
            if (!NOT_ACTIVITY.contains(action)) {
                lastRequestNanos = nanoTime.getAsLong();
            }
        });
    }

    /** Actions that do not make a service busy: the LSS's health pings and its {@code Run}. */
    private static final Set<String> NOT_ACTIVITY = Set.of("Ping", ActionNames.RUN);

    private void applyRun(RunRequest request) {
        if (!sessionId.equals(request.session())) {
            throw PublicException.conflict(
                    "this service belongs to session " + sessionId + ", not " + request.session());
        }
        run = request;
        LOG.info("session {} runs with {}", sessionId, request.services().keySet());
        for (Consumer<RunRequest> listener : runListeners) {
            listener.accept(request);
        }
    }

    /**
     * The commands this compute service offers, sent with {@code Service.Confirm} so that the
     * platform knows the session's catalogue also while this service does not run. Call it
     * from the service's {@code start}, before the launcher confirms.
     */
    public void declareCommands(List<CommandSpec> offered) {
        this.commands = List.copyOf(offered);
    }

    /**
     * Makes this service busy while the check says so (e.g. while a job runs): a busy service
     * is never stopped as idle.
     */
    public void busyWhile(BooleanSupplier check) {
        busyChecks.add(check);
    }

    /** How long ago the last request (other than the LSS's Ping and Run) came. */
    public Duration idleFor() {
        return Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - lastRequestNanos));
    }

    /** Whether a busy check says this service works (then it is not idle, however long ago its last request came). */
    public boolean busy() {
        for (BooleanSupplier check : busyChecks) {
            if (check.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells the LSS this service is up, with its commands if it declared any. Called once the
     * port is open. When the LSS knows the session's other services already, its reply carries
     * {@code Run}, which this service runs on at once.
     *
     * @throws PeerCallException when the LSS refuses (it does not know the session) or cannot be reached
     * @throws PublicException   409 when the reply's {@code Run} is for another session
     */
    public void confirm(URI ownUrl) {
        JsonNode reply = client.callIdempotent(
                lssUrl, ActionNames.SERVICE_CONFIRM, new ConfirmRequest(sessionId, serviceName, ownUrl, commands));
        LOG.info("confirmed to the LSS at {} as {} of session {}", lssUrl, serviceName, sessionId);
        ConfirmReply confirmed = Json.mapper().convertValue(reply, ConfirmReply.class);
        if (confirmed.run() != null) {
            applyRun(confirmed.run());
        }
    }

    /**
     * Asks the LSS for another service of this session ({@code Service.Demand}): an on-demand
     * service that does not run is started first (e.g. the Model re-running a command at its
     * service). Waits at most this service's client's request timeout (60 s by default).
     *
     * @return where it serves
     * @throws PeerCallException 404 when the session has no such service, 503 with the reason
     *     when it could not start, or when the LSS cannot be reached
     */
    public URI demand(String service) {
        JsonNode reply =
                client.callIdempotent(lssUrl, ActionNames.SERVICE_DEMAND, new DemandRequest(sessionId, service));
        return Json.mapper().convertValue(reply, DemandReply.class).url();
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
