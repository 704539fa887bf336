package org.opentwinj.platform.launcher.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;

class PoolAssignmentTest {
    private static final Set<String> SERVICES = Set.of("model", "echo");
    static final List<String> MODEL = List.of(
            "model",
            "--service-url",
            "https://127.0.0.1:20001",
            "--cert",
            "/w/sessions/s1/model/service.pem",
            "--key",
            "/w/sessions/s1/model/service-key.pem",
            "--ca",
            "/w/sessions/s1/model/ca.pem",
            "--lss-url",
            "https://127.0.0.1:8093",
            "--session-id",
            "s1",
            "--session-service",
            "model");

    @Test
    void anAssignmentTravelsAsOneLineOfJsonAndComesBackTheSame() {
        PoolAssignment assignment = new PoolAssignment(MODEL, Map.of("OPEN_TWIN_DATABASE_URL", "mongodb://u:p@db/\nx"));
        String line = assignment.toLine();
        assertThat(line).doesNotContain("\n");
        assertThat(PoolAssignment.parse(line, SERVICES)).isEqualTo(assignment);
        assertThat(assignment.service()).isEqualTo("model");
    }

    @Test
    void anUnknownServiceIsRefusedWithTheServicesItRuns() {
        List<String> arguments = new ArrayList<>(MODEL);
        arguments.set(0, "fittd");
        assertRefused(
                new PoolAssignment(arguments, Map.of()).toLine(),
                "it names the service 'fittd'; this distribution runs [echo, model]");
    }

    @Test
    void everyFlagOfTheSessionIdentityIsRequired() {
        for (String flag : PoolAssignment.IDENTITY_FLAGS) {
            List<String> arguments = new ArrayList<>(MODEL);
            int at = arguments.indexOf(flag);
            arguments.remove(at + 1);
            arguments.remove(at);
            assertRefused(new PoolAssignment(arguments, Map.of()).toLine(), "it lacks " + flag);
        }
    }

    @Test
    void aFlagWithoutItsValueAtTheEndIsRefused() {
        List<String> arguments = new ArrayList<>(MODEL);
        arguments.removeLast();
        assertRefused(new PoolAssignment(arguments, Map.of()).toLine(), "it lacks --session-service");
    }

    @Test
    void somethingElseThanAnAssignmentIsRefused() {
        assertRefused("hello", "it is not an assignment in JSON");
        assertRefused("{\"arguments\":[\"model\"],\"environment\":{},\"extra\":1}", "it is not an assignment in JSON");
        assertRefused("{\"environment\":{}}", "it is not an assignment in JSON");
    }

    private static void assertRefused(String line, String reason) {
        assertThatThrownBy(() -> PoolAssignment.parse(line, SERVICES))
                .isInstanceOfSatisfying(ExitException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION);
                    assertThat(e.getMessage())
                            .startsWith("refused the pool assignment: ")
                            .contains(reason);
                });
    }
}
