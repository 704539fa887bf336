package org.opentwinj.services.auth.login;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;
import org.opentwinj.services.auth.users.UserStore;

/**
 * {@code Auth.Revocations} (services only, mutual TLS): what the other services must refuse
 * although its signature is valid, so that a logout, a revoked login, a disabled or a deleted
 * user holds on the whole platform, not only at AUTH. Services poll it (see the launcher's
 * {@code RevocationFeed}).
 */
public final class RevocationActions {
    /** {@code Auth.Revocations} takes no fields. */
    public record RevocationsRequest() {}

    /**
     * @param tokens        revoked token ids
     * @param families      revoked login families (every token of the login)
     * @param deletedUsers  user name to the time of deletion: their tokens issued until then are refused
     * @param disabledUsers users whose tokens are all refused while they are disabled
     */
    public record RevocationsReply(
            List<String> tokens,
            List<String> families,
            Map<String, Instant> deletedUsers,
            List<String> disabledUsers) {}

    private RevocationActions() {}

    public static void register(ActionRegistry registry, RevocationStore revocations, UserStore users) {
        registry.register(ActionSpec.internal("Auth.Revocations", RevocationsRequest.class, (request, call) -> {
                    RevocationStore.Revocations inForce = revocations.inForce();
                    return new RevocationsReply(
                            inForce.tokens(), inForce.families(), inForce.users(), users.disabledNames());
                })
                .asIdempotent());
    }
}
