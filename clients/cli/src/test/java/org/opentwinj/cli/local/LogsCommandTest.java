package org.opentwinj.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;

/** How {@code opentwin logs} prints a record: a job's records say which job they belong to. */
class LogsCommandTest {
    @Test
    void aRecordOfAJobNamesTheJob() {
        assertThat(LogsCommand.format(Json.object()
                        .put("time", "2026-12-07T21:00:00Z")
                        .put("level", "INFO")
                        .put("service", "compute")
                        .put("session", "s1")
                        .put("job", "j1")
                        .put("message", "layer 3 of 6")))
                .isEqualTo("2026-12-07T21:00:00Z INFO  compute [s1] (job j1): layer 3 of 6");
        assertThat(LogsCommand.format(Json.object()
                        .put("time", "2026-12-07T21:00:00Z")
                        .put("level", "WARN")
                        .put("service", "gss")
                        .put("message", "slow")))
                .isEqualTo("2026-12-07T21:00:00Z WARN  gss: slow");
    }
}
