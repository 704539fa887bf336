package org.opentwinj.platform.launcher;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.tokens.TokenVerifierFromKeys;
import org.opentwinj.platform.transport.action.TokenVerifier;
import org.opentwinj.platform.transport.client.PeerCallException;
import org.opentwinj.platform.transport.client.ServiceClient;

/**
 * Checks user tokens offline with AUTH's public keys, fetched once at start, and refuses
 * those AUTH revoked (its list is read every few seconds: {@link RevocationFeed}). Installed for
 * every service given {@code --auth-url} (unless it brings its own), so that thin clients'
 * tokens, and the tokens services forward on a user's behalf, are verified everywhere alike.
 */
public final class UserTokens {
    private UserTokens() {}

    /**
     * Fetches AUTH's public keys ({@code Auth.Keys}) and returns a verifier for its tokens.
     *
     * @param onStop takes what must stop with the service (the revocation feed)
     *
     * @throws ExitException {@link ExitCode#PEER_UNREACHABLE} when AUTH gives no usable keys
     */
    public static TokenVerifier verifierFrom(ServiceClient client, URI authUrl, Consumer<AutoCloseable> onStop) {
        try {
            JWKSet keys = TokenVerifierFromKeys.parseKeys(client.callIdempotent(authUrl, "Auth.Keys", Map.of()));
            RevocationFeed revocations = RevocationFeed.of(client, authUrl).start(RevocationFeed.DEFAULT_INTERVAL);
            onStop.accept(revocations);
            return new TokenVerifierFromKeys(keys, revocations, Clock.systemUTC());
        } catch (PeerCallException e) {
            throw new ExitException(ExitCode.PEER_UNREACHABLE, "cannot fetch AUTH's token keys: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE,
                    "AUTH at " + authUrl + " sent no usable token keys: " + e.getMessage(),
                    e);
        }
    }
}
