package org.opentwinj.services.gss.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.EventsRequest;
import org.opentwinj.platform.session.ListRequest;
import org.opentwinj.platform.session.LogsRequest;
import org.opentwinj.platform.session.NewSessionRequest;
import org.opentwinj.platform.session.ReportReply;
import org.opentwinj.platform.session.Routes;
import org.opentwinj.platform.session.SessionReport;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;

/**
 * The session actions: for thin clients with a token ({@code Session.New}, {@code .Get},
 * {@code .Events}, {@code .List}, {@code .Join}, {@code .Leave}, {@code .Close}, {@code .Logs}), for the relay ({@code Session.Routes}) and
 * for LSSs ({@code Session.Report}), the last two over mTLS only.
 */
public final class SessionActions {
    /** The session type used when a client names none. */
    public static final String DEFAULT_TYPE = "default";

    /** At most this many sessions in a list, newest first. */
    private static final int LIST_LIMIT = 200;

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /** Where a session's log records come from: the logger, asked over mTLS. */
    @FunctionalInterface
    public interface SessionLogs {
        /**
         * @return {@code {records: [...], next: cursor}} as the logger's {@code Log.Query} answers
         * @throws PublicException 503 when there is no logger or it cannot be reached
         */
        JsonNode query(String session, long after, String level, long waitMs, String job);
    }

    private final SessionLifecycle sessions;
    private final URI publicRelayUrl;
    private final SessionLogs logs;

    public SessionActions(SessionLifecycle sessions, URI publicRelayUrl, SessionLogs logs) {
        this.sessions = sessions;
        this.publicRelayUrl = publicRelayUrl;
        this.logs = logs;
    }

    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.withToken(ActionNames.SESSION_NEW, NewSessionRequest.class, (request, call) -> {
                    String type = request.type() == null ? DEFAULT_TYPE : request.type();
                    if (!TYPE.matcher(type).matches()) {
                        throw new PublicException("field 'type' must be a session type name such as 'default'");
                    }
                    SessionRecord session = sessions.open(user(call), request.project(), type);
                    return session.view(session.events(), publicRelayUrl);
                }))
                .register(ActionSpec.withToken(ActionNames.SESSION_GET, SessionRequest.class, (request, call) -> {
                            SessionRecord session = sessions.visible(request.session(), user(call), isAdmin(call));
                            return session.view(session.events(), publicRelayUrl);
                        })
                        .asIdempotent())
                .register(ActionSpec.withToken(ActionNames.SESSION_EVENTS, EventsRequest.class, (request, call) -> {
                            long after = request.after() == null ? 0 : request.after();
                            long waitMs = request.waitMs() == null ? 0 : request.waitMs();
                            if (after < 0 || waitMs < 0) {
                                throw new PublicException("fields 'after' and 'waitMs' must not be negative");
                            }
                            SessionRecord session = sessions.events(
                                    request.session(), user(call), isAdmin(call), after, Duration.ofMillis(waitMs));
                            return session.view(session.eventsAfter(after), publicRelayUrl);
                        })
                        .asIdempotent())
                .register(ActionSpec.withToken(ActionNames.SESSION_LIST, ListRequest.class, (request, call) -> {
                            boolean all = Boolean.TRUE.equals(request.all());
                            String scope = request.scope() == null ? ListRequest.OWN : request.scope();
                            List<SessionRecord> found;
                            if (ListRequest.VISIBLE.equals(scope)) {
                                if (all) {
                                    throw new PublicException(
                                            "'all' lists your own sessions only: leave it out with scope 'visible'");
                                }
                                found = sessions.visibleSessions(user(call), isAdmin(call), LIST_LIMIT);
                            } else if (ListRequest.OWN.equals(scope)) {
                                String user = all && isAdmin(call) ? null : user(call);
                                found = sessions.store().listFor(user, !all, LIST_LIMIT);
                            } else {
                                throw new PublicException("field 'scope' must be '" + ListRequest.OWN + "' or '"
                                        + ListRequest.VISIBLE + "', not '" + scope + "'");
                            }
                            return found.stream()
                                    .map(s -> s.view(List.of(), publicRelayUrl))
                                    .toList();
                        })
                        .asIdempotent())
                .register(ActionSpec.withToken(ActionNames.SESSION_JOIN, SessionRequest.class, (request, call) -> {
                            SessionRecord session = sessions.join(request.session(), user(call));
                            return session.view(session.events(), publicRelayUrl);
                        })
                        .asIdempotent())
                .register(ActionSpec.withToken(ActionNames.SESSION_LEAVE, SessionRequest.class, (request, call) -> {
                    SessionRecord session = sessions.leave(request.session(), user(call), isAdmin(call));
                    return session.view(List.of(), publicRelayUrl);
                }))
                .register(ActionSpec.withToken(ActionNames.SESSION_CLOSE, SessionRequest.class, (request, call) -> {
                            SessionRecord session = sessions.close(request.session(), user(call), isAdmin(call));
                            return session.view(List.of(), publicRelayUrl);
                        })
                        .asIdempotent())
                .register(ActionSpec.withToken(ActionNames.SESSION_LOGS, LogsRequest.class, (request, call) -> {
                            SessionRecord session = sessions.visible(request.session(), user(call), isAdmin(call));
                            long waitMs = request.waitMs() == null ? 0 : request.waitMs();
                            if (waitMs < 0 || waitMs > 25_000) {
                                throw new PublicException("field 'waitMs' must be 0 to 25000");
                            }
                            return logs.query(
                                    session.id(),
                                    request.after() == null ? 0 : request.after(),
                                    request.level(),
                                    waitMs,
                                    request.job());
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(ActionNames.SESSION_ROUTES, SessionRequest.class, (request, call) -> {
                            SessionRecord session = sessions.store().require(request.session());
                            return new Routes(
                                    session.id(),
                                    session.user(),
                                    session.participantNames(),
                                    session.project(),
                                    session.state(),
                                    session.routes());
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(ActionNames.SESSION_REPORT, SessionReport.class, (request, call) -> {
                            SessionRecord session = sessions.report(request);
                            return new ReportReply(
                                    session.state(), !session.state().isActive());
                        })
                        .asIdempotent());
    }

    private static String user(CallContext call) {
        String user = call.caller().user();
        if (user == null) {
            throw PublicException.unauthorized("action '" + call.action() + "' needs a user token");
        }
        return user;
    }

    private static boolean isAdmin(CallContext call) {
        return call.caller().roles().contains("admin");
    }
}
