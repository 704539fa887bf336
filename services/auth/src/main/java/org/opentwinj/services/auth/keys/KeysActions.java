package org.opentwinj.services.auth.keys;

import com.nimbusds.jose.jwk.JWKSet;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.ActionSpec;

/**
 * {@code Auth.Keys} (anonymous): the public JWK set that verifies AUTH's tokens. Other services
 * fetch it once and check tokens offline with
 * {@link org.opentwinj.platform.tokens.TokenVerifierFromKeys}.
 */
public final class KeysActions {
    /** {@code Auth.Keys} takes no fields. */
    public record KeysRequest() {}

    private KeysActions() {}

    public static void register(ActionRegistry registry, JWKSet publicKeys) {
        var json = publicKeys.toPublicJWKSet().toJSONObject(true);
        registry.register(ActionSpec.anonymous("Auth.Keys", KeysRequest.class, (request, call) -> json)
                .asIdempotent());
    }
}
