package org.opentwinj.services.gss.catalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.session.ActionNames;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.DemandReply;
import org.opentwinj.platform.session.DemandRequest;
import org.opentwinj.platform.session.ServiceCommands;
import org.opentwinj.platform.session.SessionCommands;
import org.opentwinj.platform.session.SessionRequest;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.platform.transport.action.CallContext;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.services.gss.session.LssCalls;
import org.opentwinj.services.gss.session.SessionLifecycle;
import org.opentwinj.services.gss.session.SessionRecord;

/**
 * The actions about a session's services beyond its life: {@code Session.Commands} for thin
 * clients (token: the session's opener, its participants, admins), the session's catalogue;
 * {@code Session.Demand} for the relay (mTLS), which starts an on-demand service through the
 * session's LSS and answers once it is ready.
 */
public final class OnDemandActions {
    private final SessionLifecycle sessions;
    private final CommandCatalogue catalogue;
    private final LssCalls lss;

    public OnDemandActions(SessionLifecycle sessions, CommandCatalogue catalogue, LssCalls lss) {
        this.sessions = sessions;
        this.catalogue = catalogue;
        this.lss = lss;
    }

    public void register(ActionRegistry actions) {
        actions.register(ActionSpec.withToken(ActionNames.SESSION_COMMANDS, SessionRequest.class, (request, call) -> {
                            SessionRecord session = sessions.visible(request.session(), user(call), isAdmin(call));
                            return commands(session);
                        })
                        .asIdempotent())
                .register(ActionSpec.internal(
                        ActionNames.SESSION_DEMAND, DemandRequest.class, (request, call) -> demand(request)));
    }

    /** The session's catalogue: each of its services' latest known commands, in the session type's order. */
    SessionCommands commands(SessionRecord session) {
        List<String> names = List.copyOf(session.services().keySet());
        Map<String, List<CommandSpec>> known = catalogue.find(names);
        List<ServiceCommands> services = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            List<CommandSpec> commands = known.get(name);
            if (commands == null) {
                unknown.add(name);
            } else {
                services.add(new ServiceCommands(name, commands));
            }
        }
        return new SessionCommands(session.id(), services, unknown);
    }

    /**
     * Passes a demand to the session's LSS and its answer back (the LSS's refusals keep their
     * status and reason: 404 no such service, 503 it could not start, with why).
     */
    private DemandReply demand(DemandRequest request) {
        SessionRecord session = sessions.store().require(request.session());
        if (!session.state().isActive() || session.lssUrl() == null) {
            throw PublicException.conflict("session " + session.id() + " is "
                    + session.state().name().toLowerCase(Locale.ROOT) + ": nothing starts in it");
        }
        try {
            return lss.demand(session.lssUrl(), request);
        } catch (PeerCallException e) {
            if (e.isUnreachable()) {
                throw new PublicException(
                        503, "the LSS of session " + session.id() + " cannot be reached: " + e.reason());
            }
            throw new PublicException(e.httpStatus(), e.reason());
        }
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
