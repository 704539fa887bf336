package org.opentwinj.services.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The browser's login: AUTH's refresh token in a cookie of the web origin, so that every tab
 * of the browser shares one login and a new tab starts logged in. {@code HttpOnly}: the page's
 * scripts never see the token (an injected script cannot carry it away); {@code Secure}: only
 * over HTTPS; {@code SameSite=Strict}: no other site's page makes the browser send it;
 * {@code Path=/api}: only the gateway receives it, and the gateway uses it only for
 * {@code Token.Refresh} and {@code Logout}.
 */
final class RefreshCookie {
    static final String NAME = "opentwin_refresh";
    private static final String ATTRIBUTES = "; Path=/api; Secure; HttpOnly; SameSite=Strict";

    private RefreshCookie() {}

    /**
     * The {@code Set-Cookie} value that keeps the token until it expires; {@code Expires} for
     * the clock-independent date and {@code Max-Age} (which wins where both are understood).
     */
    static String set(String refreshToken, Instant expiresAt, Instant now) {
        long maxAge = Math.max(0, Duration.between(now, expiresAt).toSeconds());
        return NAME + "=" + refreshToken + "; Expires="
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(expiresAt.atOffset(ZoneOffset.UTC)) + "; Max-Age="
                + maxAge + ATTRIBUTES;
    }

    /** The {@code Set-Cookie} value that keeps the token until the browser closes. */
    static String forSession(String refreshToken) {
        return NAME + "=" + refreshToken + ATTRIBUTES;
    }

    /** The {@code Set-Cookie} value that makes the browser forget the token. */
    static String clear() {
        return NAME + "=; Expires=Thu, 1 Jan 1970 00:00:00 GMT; Max-Age=0" + ATTRIBUTES;
    }

    /** The token the browser sent, if any. */
    static Optional<String> read(ServerRequest request) {
        for (String header : request.headers().values(HeaderNames.COOKIE)) {
            for (String pair : header.split(";")) {
                String trimmed = pair.strip();
                if (trimmed.startsWith(NAME + "=")) {
                    String value = trimmed.substring(NAME.length() + 1);
                    if (!value.isEmpty()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
