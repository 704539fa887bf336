package org.opentwinj.platform.transport.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.OptionalField;
import org.slf4j.LoggerFactory;

class ActionRegistryTest {
    record Sum(int a, int b, @OptionalField String label) {}

    record Rename(String name, List<String> tags, boolean force) {}

    record Empty() {}

    record Point(int x, @OptionalField Integer y) {}

    record Shape(
            String name, List<Point> points, @OptionalField Point center) {}

    record Greeting(String to, @OptionalField String from) {}

    private final ActionRegistry registry = new ActionRegistry();
    // Captures the MDC when the event happens, not when the test reads it.
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private final Logger registryLogger = (Logger) LoggerFactory.getLogger(ActionRegistry.class);

    @BeforeEach
    void setUp() {
        registry.register(ActionSpec.internal("Math.Sum", Sum.class, (r, c) -> r.a() + r.b()))
                .register(
                        ActionSpec.internal("Project.Rename", Rename.class, (r, c) -> r.name() + r.tags() + r.force()))
                .register(ActionSpec.withToken(
                        "Project.List", Empty.class, (r, c) -> c.caller().user()))
                .register(ActionSpec.internal(
                        "Shape.Add", Shape.class, (r, c) -> r.points().size()))
                .register(ActionSpec.internal("Greet", Greeting.class, (r, c) -> r.to() + r.from()))
                .register(ActionSpec.anonymous(
                        "Login", Empty.class, (r, c) -> c.caller().toString()))
                .register(ActionSpec.internal("Fail.Public", Empty.class, (r, c) -> {
                    throw PublicException.conflict("project is open already");
                }))
                .register(ActionSpec.internal("Fail.Internal", Empty.class, (r, c) -> {
                    throw new IllegalStateException("db cursor at /var/lib/x broke");
                }));
        logs.start();
        registryLogger.addAppender(logs);
    }

    @AfterEach
    void tearDown() {
        registryLogger.detachAppender(logs);
    }

    private Reply mtls(String json) {
        return registry.dispatch(Channel.MUTUAL_TLS, json.getBytes(StandardCharsets.UTF_8), "CN=gss", null);
    }

    @Test
    void runsTheHandlerWithTheBoundRequest() {
        Reply reply = mtls("{\"action\":\"Math.Sum\",\"a\":2,\"b\":40}");

        assertThat(reply.httpStatus()).isEqualTo(200);
        assertThat(reply.body().toString()).isEqualTo("{\"status\":\"ok\",\"result\":42}");
        assertThat(reply.action()).isEqualTo("Math.Sum");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"action\":\"Nope\"}|404|unknown action 'Nope'",
                "{\"action\":\"Math.Sum\",\"a\":1|400|malformed JSON at line 1",
                "[1,2]|400|expected a JSON object with an \"action\" field",
                "|400|empty body",
                "{\"a\":1}|400|missing field 'action'",
                "{\"action\":7}|400|field 'action' must be a non-empty string",
                "{\"action\":\"Math.Sum\",\"a\":1}|400|missing field 'b'",
                "{\"action\":\"Math.Sum\",\"a\":1,\"b\":null}|400|missing field 'b'",
                "{\"action\":\"Math.Sum\",\"a\":\"1\",\"b\":2}|400|field 'a' must be a whole number",
                "{\"action\":\"Math.Sum\",\"a\":1.5,\"b\":2}|400|field 'a' must be a whole number",
                "{\"action\":\"Math.Sum\",\"a\":1,\"b\":2,\"c\":3}|400|unknown field 'c'",
                "{\"action\":\"Math.Sum\",\"a\":1,\"b\":2,\"label\":5}|400|field 'label' must be a string",
                "{\"action\":\"Project.Rename\",\"name\":\"x\",\"tags\":\"t\",\"force\":true}|400|field 'tags' must be an array",
                "{\"action\":\"Project.Rename\",\"name\":\"x\",\"tags\":[],\"force\":\"yes\"}|400|field 'force' must be true or false",
                "{\"action\":\"Project.Rename\",\"name\":\"x\",\"tags\":[1],\"force\":true}|400|field 'tags[0]' must be a string",
                "{\"action\":\"Math.Sum\",\"a\":1,\"b\":2} {}|400|malformed JSON",
                "{\"action\":\"Shape.Add\",\"name\":\"s\",\"points\":[{\"x\":1},{\"y\":2}]}|400|missing field 'points[1].x'",
                "{\"action\":\"Shape.Add\",\"name\":\"s\",\"points\":[],\"center\":{}}|400|missing field 'center.x'",
            })
    void refusesBadInputWithAReasonThatNamesTheProblem(String body, int status, String reason) {
        Reply reply = mtls(body == null ? "" : body);

        assertThat(reply.httpStatus()).isEqualTo(status);
        assertThat(reply.body().path("status").asText()).isEqualTo("error");
        assertThat(reply.body().path("reason").asText()).startsWith(reason);
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        assertThat(mtls("{\"action\":\"Math.Sum\",\"a\":1,\"b\":2,\"label\":\"x\"}")
                        .httpStatus())
                .isEqualTo(200);
        assertThat(mtls("{\"action\":\"Math.Sum\",\"a\":1,\"b\":2}").httpStatus())
                .isEqualTo(200);
    }

    @Test
    void aMissingOptionalFieldIsNullAndAMissingRequiredOneIsNamed() {
        assertThat(mtls("{\"action\":\"Greet\",\"to\":\"bob\"}").httpStatus()).isEqualTo(200);
        assertThat(mtls("{\"action\":\"Greet\",\"from\":\"alice\"}")
                        .body()
                        .path("reason")
                        .asText())
                .isEqualTo("missing field 'to'");
    }

    @Test
    void deeplyNestedJsonIsRefusedWithoutBlowingTheStack() {
        String deep =
                "{\"action\":\"Math.Sum\",\"a\":1,\"b\":2,\"label\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        Reply reply = mtls(deep);

        assertThat(reply.httpStatus()).isEqualTo(400);
        assertThat(reply.body().path("reason").asText()).contains("nesting depth");
    }

    @Test
    void publicExceptionKeepsItsStatusAndMessage() {
        Reply reply = mtls("{\"action\":\"Fail.Public\"}");

        assertThat(reply.httpStatus()).isEqualTo(409);
        assertThat(reply.body().path("reason").asText()).isEqualTo("project is open already");
    }

    @Test
    void internalErrorAnswers500WithAnErrorIdThatIsLoggedAndNoDetailOnTheWire() {
        Reply reply = mtls("{\"action\":\"Fail.Internal\"}");

        assertThat(reply.httpStatus()).isEqualTo(500);
        String errorId = reply.body().path("errorId").asText();
        assertThat(errorId).isNotBlank();
        assertThat(reply.body().toString()).doesNotContain("cursor", "IllegalStateException", "/var/lib");
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getMDCPropertyMap())
                    .containsEntry("errorId", errorId)
                    .containsEntry("action", "Fail.Internal");
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("db cursor at /var/lib/x broke");
        });
    }

    @Test
    void internalActionsAreNotReachableOnThePublicChannel() {
        Reply reply = registry.dispatch(
                Channel.ONE_WAY_TLS, "{\"action\":\"Math.Sum\",\"a\":1,\"b\":2}".getBytes(), null, null);

        assertThat(reply.httpStatus()).isEqualTo(403);
        assertThat(reply.body().path("reason").asText())
                .isEqualTo("action 'Math.Sum' is not available on /execute-one-way-tls");
    }

    @Test
    void tokenActionsNeedAVerifiedToken() {
        byte[] body = "{\"action\":\"Project.List\"}".getBytes();
        assertThat(registry.dispatch(Channel.ONE_WAY_TLS, body, null, null)
                        .body()
                        .path("reason")
                        .asText())
                .isEqualTo("action 'Project.List' needs a token: log in first");
        assertThat(registry.dispatch(Channel.ONE_WAY_TLS, body, null, "abc").httpStatus())
                .isEqualTo(401);

        registry.tokenVerifier(token -> {
            if (!token.equals("good")) {
                throw PublicException.unauthorized("token expired");
            }
            return Caller.user("alice", Set.of("user"), token);
        });

        Reply ok = registry.dispatch(Channel.ONE_WAY_TLS, body, null, "good");
        assertThat(ok.body().path("result").asText()).isEqualTo("alice");
        Reply expired = registry.dispatch(Channel.ONE_WAY_TLS, body, null, "old");
        assertThat(expired.httpStatus()).isEqualTo(401);
        assertThat(expired.body().path("reason").asText()).isEqualTo("token expired");
    }

    @Test
    void aServiceMayCallOnBehalfOfAUserWhoseTokenIsVerified() {
        registry.register(
                ActionSpec.internal("Who", Empty.class, (r, c) -> c.caller().toString()));
        byte[] body = "{\"action\":\"Who\"}".getBytes();
        assertThat(registry.dispatch(Channel.MUTUAL_TLS, body, "CN=relay", null)
                        .body()
                        .path("result")
                        .asText())
                .isEqualTo("service CN=relay");
        Reply unverifiable = registry.dispatch(Channel.MUTUAL_TLS, body, "CN=relay", "good");
        assertThat(unverifiable.httpStatus())
                .as("a forwarded identity is never taken on trust")
                .isEqualTo(401);

        registry.tokenVerifier(token -> {
            if (!token.equals("good")) {
                throw PublicException.unauthorized("token signature invalid");
            }
            return Caller.user("alice", Set.of("user"), token);
        });
        assertThat(registry.dispatch(Channel.MUTUAL_TLS, body, "CN=relay", "good")
                        .body()
                        .path("result")
                        .asText())
                .isEqualTo("user alice via service CN=relay");
        assertThat(registry.dispatch(Channel.MUTUAL_TLS, body, "CN=relay", "forged")
                        .httpStatus())
                .isEqualTo(401);
    }

    @Test
    void translatedExceptionsGetTheirPublicMeaning() {
        registry.register(ActionSpec.internal("Db.Read", Empty.class, (r, c) -> {
            throw new IllegalStateException("wrapped", new java.net.SocketTimeoutException("read timed out"));
        }));
        registry.exceptionTranslator(failure -> failure.getCause() instanceof java.net.SocketTimeoutException
                ? java.util.Optional.of(
                        PublicException.unavailable("the database is unavailable", java.time.Duration.ofSeconds(5)))
                : java.util.Optional.empty());
        Reply reply = mtls("{\"action\":\"Db.Read\"}");
        assertThat(reply.httpStatus()).isEqualTo(503);
        assertThat(reply.body().path("reason").asText()).isEqualTo("the database is unavailable");
        assertThat(reply.body().path("retryAfterSeconds").asInt()).isEqualTo(5);
        assertThat(mtls("{\"action\":\"Fail.Internal\"}").httpStatus())
                .as("others stay internal")
                .isEqualTo(500);
    }

    @Test
    void aRefusalsFieldsAreAnsweredNextToItsReason() {
        registry.register(ActionSpec.internal("Project.Open", Empty.class, (r, c) -> {
            throw new PublicException(409, "the project is already open in carol's session")
                    .withDetail("session", "s-1")
                    .withDetail("openedBy", "carol");
        }));

        Reply reply = mtls("{\"action\":\"Project.Open\"}");

        assertThat(reply.httpStatus()).isEqualTo(409);
        assertThat(reply.body().path("status").asText()).isEqualTo("error");
        assertThat(reply.body().path("reason").asText()).isEqualTo("the project is already open in carol's session");
        assertThat(reply.body().path("session").asText()).isEqualTo("s-1");
        assertThat(reply.body().path("openedBy").asText()).isEqualTo("carol");
        assertThat(mtls("{\"action\":\"Fail.Public\"}").body().size())
                .as("a refusal without fields: status and reason only")
                .isEqualTo(2);
    }

    @Test
    void handlersSeeTheClientsAddress() {
        registry.register(ActionSpec.anonymous("Where", Empty.class, (r, c) -> c.remoteAddress()));
        Reply reply = registry.dispatch(
                Channel.ONE_WAY_TLS, "{\"action\":\"Where\"}".getBytes(), new Origin(null, null, "192.0.2.4"));
        assertThat(reply.body().path("result").asText()).isEqualTo("192.0.2.4");
    }

    @Test
    void anonymousActionsIgnoreAStaleToken() {
        registry.tokenVerifier(token -> {
            throw PublicException.unauthorized("token expired");
        });

        Reply reply = registry.dispatch(Channel.ONE_WAY_TLS, "{\"action\":\"Login\"}".getBytes(), null, "stale");

        assertThat(reply.httpStatus()).isEqualTo(200);
        assertThat(reply.body().path("result").asText()).isEqualTo("anonymous");
    }

    @Test
    void servicesOnTheMutualTlsChannelAreIdentifiedByTheirCertificate() {
        assertThat(mtls("{\"action\":\"Login\"}").body().path("result").asText())
                .isEqualTo("service CN=gss");
    }

    @Test
    void registrationRulesAreEnforced() {
        assertThatThrownBy(() -> registry.register(ActionSpec.internal("Math.Sum", Sum.class, (r, c) -> 0)))
                .hasMessage("action Math.Sum is registered twice");
        assertThatThrownBy(() -> ActionSpec.internal("math sum", Sum.class, (r, c) -> 0))
                .hasMessageContaining("dotted PascalCase");
    }
}
