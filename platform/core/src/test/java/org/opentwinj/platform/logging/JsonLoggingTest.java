package org.opentwinj.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;

class JsonLoggingTest {
    private final LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Logger logger;

    @BeforeEach
    void setUp() {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(JsonLogging.encoder(context, "gss"));
        appender.setOutputStream(out);
        appender.start();
        logger = context.getLogger("json-logging-test");
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.detachAndStopAllAppenders();
        logger.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        logger.detachAndStopAllAppenders();
    }

    private JsonNode lastLine() throws Exception {
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        return Json.mapper().readTree(lines[lines.length - 1]);
    }

    @Test
    void oneJsonObjectPerLineWithTheDocumentedFields() throws Exception {
        try (LogContext ignored = LogContext.with(
                LogContext.ACTION,
                "Session.New",
                LogContext.SESSION,
                "s-1",
                LogContext.USER,
                "alice",
                LogContext.PROJECT,
                "p-9",
                LogContext.JOB,
                "j-1")) {
            logger.info("opened");
        }
        logger.info("outside");

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = Json.mapper().readTree(lines[0]);
        assertThat(first.path("time").asText()).isNotEmpty();
        assertThat(first.path("level").asText()).isEqualTo("INFO");
        assertThat(first.path("service").asText()).isEqualTo("gss");
        assertThat(first.path("message").asText()).isEqualTo("opened");
        assertThat(first.path("action").asText()).isEqualTo("Session.New");
        assertThat(first.path("session").asText()).isEqualTo("s-1");
        assertThat(first.path("user").asText()).isEqualTo("alice");
        assertThat(first.path("project").asText()).isEqualTo("p-9");
        assertThat(first.path("job").asText()).isEqualTo("j-1");
        assertThat(lastLine().has("action"))
                .as("context ends with the try block")
                .isFalse();
    }

    @Test
    void exceptionCarriesTheWholeCauseChain() throws Exception {
        logger.error("failed", new IllegalStateException("outer", new java.io.IOException("disk gone")));

        String exception = lastLine().path("exception").asText();
        assertThat(exception)
                .contains("IllegalStateException: outer")
                .contains("Caused by: java.io.IOException: disk gone");
    }

    @Test
    void secretsAreMaskedInMessagesAndExceptions() throws Exception {
        String jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";
        logger.warn("login password=hunter2 token: " + jwt + " db mongodb://admin:s3cret@db:27017/x");
        logger.error(
                "bad key",
                new IllegalArgumentException(
                        "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----"));

        String all = out.toString(StandardCharsets.UTF_8);
        assertThat(all).doesNotContain("hunter2", jwt, "s3cret", "MIGHAgEAMBMGByqGSM49");
        assertThat(all).contains("password=****", "mongodb://admin:****@db:27017/x");
    }
}
