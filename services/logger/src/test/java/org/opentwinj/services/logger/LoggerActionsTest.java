package org.opentwinj.services.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.transport.action.ActionRegistry;
import org.opentwinj.platform.transport.action.Channel;
import org.opentwinj.platform.transport.action.Reply;

class LoggerActionsTest {
    @TempDir
    Path work;

    private Reply call(ActionRegistry registry, String json) {
        return registry.dispatch(Channel.MUTUAL_TLS, json.getBytes(StandardCharsets.UTF_8), "CN=test", null);
    }

    @Test
    void appendedRecordsAreQueryableAndWrittenToTheFile() throws Exception {
        ActionRegistry registry = new ActionRegistry();
        Path file = work.resolve("platform.jsonl");
        try (RotatingFile rotating = new RotatingFile(file, 1 << 20, 2)) {
            LoggerService.register(registry, new LogBuffer(100), rotating);
            String line =
                    "{\"time\":\"2026-11-25T10:00:00Z\",\"level\":\"ERROR\",\"service\":\"lss\",\"message\":\"spawn failed\","
                            + "\"session\":\"s-1\",\"exception\":\"java.io.IOException: x\\nCaused by: y\",\"errorId\":\"e-1\"}";
            Reply appended = call(registry, "{\"action\":\"Log.Append\",\"records\":[" + line + "]}");
            assertThat(appended.httpStatus()).isEqualTo(200);

            JsonNode result = call(registry, "{\"action\":\"Log.Query\",\"session\":\"s-1\",\"level\":\"warn\"}")
                    .body()
                    .path("result");
            assertThat(result.path("records")).hasSize(1);
            assertThat(result.path("records").get(0).path("exception").asText()).contains("Caused by: y");
            assertThat(result.path("next").asLong()).isEqualTo(1);
            assertThat(call(registry, "{\"action\":\"Log.Query\",\"after\":1}")
                            .body()
                            .path("result")
                            .path("records"))
                    .isEmpty();
        }
        assertThat(Files.readString(file)).contains("\"seq\":1", "spawn failed");
    }

    @Test
    void aJobsRecordsAreStoredWithTheJobAndQueryableByIt() {
        ActionRegistry registry = new ActionRegistry();
        LoggerService.register(registry, new LogBuffer(100), null);
        String ofJob = "{\"time\":\"2026-11-25T10:00:00Z\",\"level\":\"INFO\",\"service\":\"compute-test\","
                + "\"message\":\"step 1\",\"session\":\"s-1\",\"job\":\"j-1\"}";
        String other = "{\"time\":\"2026-11-25T10:00:01Z\",\"level\":\"INFO\",\"service\":\"compute-test\","
                + "\"message\":\"other\",\"session\":\"s-1\",\"job\":\"j-2\"}";
        assertThat(call(registry, "{\"action\":\"Log.Append\",\"records\":[" + ofJob + "," + other + "]}")
                        .httpStatus())
                .isEqualTo(200);

        JsonNode records = call(registry, "{\"action\":\"Log.Query\",\"session\":\"s-1\",\"job\":\"j-1\"}")
                .body()
                .path("result")
                .path("records");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("message").asText()).isEqualTo("step 1");
        assertThat(records.get(0).path("job").asText()).isEqualTo("j-1");
        assertThat(call(registry, "{\"action\":\"Log.Query\",\"session\":\"s-1\"}")
                        .body()
                        .path("result")
                        .path("records"))
                .hasSize(2);
    }

    @Test
    void badQueriesAndRecordsAreRefusedWithReasons() {
        ActionRegistry registry = new ActionRegistry();
        LoggerService.register(registry, new LogBuffer(10), null);

        assertThat(call(registry, "{\"action\":\"Log.Query\",\"level\":\"loud\"}")
                        .body()
                        .path("reason")
                        .asText())
                .isEqualTo("field 'level': unknown level 'loud': use one of TRACE, DEBUG, INFO, WARN, ERROR");
        assertThat(call(registry, "{\"action\":\"Log.Query\",\"waitMs\":999999}")
                        .httpStatus())
                .isEqualTo(400);
        assertThat(call(registry, "{\"action\":\"Log.Append\",\"records\":[{\"level\":\"INFO\"}]}")
                        .body()
                        .path("reason")
                        .asText())
                .isEqualTo("missing field 'records[0].time'");
    }
}
