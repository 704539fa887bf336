package org.opentwinj.platform.transport.action;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;

/**
 * An HTTP status and the JSON body to answer with. Success is
 * {@code {"status":"ok","result":...}}; failure is {@code {"status":"error","reason":"..."}},
 * with an {@code errorId} for internal errors.
 *
 * @param httpStatus the HTTP status code
 * @param body       the JSON body
 * @param action     the action name for metrics and logs, or "unknown" when none was recognised
 */
public record Reply(int httpStatus, ObjectNode body, String action) {
    public static final String UNKNOWN_ACTION = "unknown";

    public static Reply ok(String action, JsonNode result) {
        ObjectNode body = Json.object().put("status", "ok");
        body.set("result", result);
        return new Reply(200, body, action);
    }

    public static Reply error(int httpStatus, String action, String reason) {
        return new Reply(httpStatus, Json.object().put("status", "error").put("reason", reason), action);
    }

    /**
     * The reply to a refusal: its status and message, its {@link PublicException#fields()}, and
     * {@code retryAfterSeconds} when it has one.
     */
    public static Reply error(String action, PublicException refusal) {
        Reply reply = error(refusal.status(), action, refusal.getMessage());
        refusal.fields().forEach((field, value) -> reply.body().put(field, value));
        refusal.retryAfter().ifPresent(after -> reply.body().put(RETRY_AFTER_SECONDS, Math.max(1, after.toSeconds())));
        return reply;
    }

    /** Seconds after which a refused request may be sent again (also sent as the Retry-After header). */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    public static Reply internalError(String action, String errorId) {
        ObjectNode body = Json.object()
                .put("status", "error")
                .put("reason", "internal error; the service log has the details under this error id")
                .put("errorId", errorId);
        return new Reply(500, body, action);
    }

    public boolean isSuccess() {
        return httpStatus < 300;
    }
}
