package org.opentwinj.platform.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;

class PutsTest {
    @Test
    void anOutputCarriesTheParamsAsTypedPropertiesAndItsOrigin() {
        List<ParamSpec> specs = List.of(
                Param.list("signals", "Signals", Param.entity("s", "Signal", "result"))
                        .between(1, 10)
                        .build(),
                Param.entity("reference", "Reference", "result").optional().build(),
                Param.number("factor", "Factor").unit("V").build());
        CommandSpec command = new CommandSpec("Signal.Sum", "Sum", "Signals", "Combine", specs, false, "result", null);
        Params params = new Params(
                specs,
                Map.of(
                        "signals", Json.mapper().valueToTree(List.of("a", "b", "a")),
                        "reference", Json.mapper().valueToTree("c"),
                        "factor", Json.mapper().valueToTree(2.5)));

        ObjectNode put = Puts.of("compute-test", command, params, Output.of("result", "sum", null), null, "u-1");

        assertThat(put.has("id")).isFalse();
        assertThat(put.path("type").asText()).isEqualTo("result");
        assertThat(put.path("stagedData").asText()).isEqualTo("u-1");
        assertThat(put.path("properties").path("factor").asDouble()).isEqualTo(2.5);
        JsonNode origin = put.path("origin");
        assertThat(origin.path("service").asText()).isEqualTo("compute-test");
        assertThat(origin.path("command").asText()).isEqualTo("Signal.Sum");
        assertThat(Json.mapper().convertValue(origin.path("inputs"), List.class))
                .containsExactly("a", "b", "c");
        assertThat(put.path("propertyTypes")).hasSize(3);
        assertThat(put.path("propertyTypes").get(2).path("unit").asText()).isEqualTo("V");
        assertThat(put.path("propertyTypes").get(0).path("item").path("type").asText())
                .isEqualTo("ENTITY");
    }

    @Test
    void aRebuiltOutputKeepsItsId() {
        CommandSpec command = new CommandSpec("Work.Slow", "Slow", "Test", "Work", List.of(), true, null, null);
        ObjectNode put = Puts.of(
                "compute-test", command, new Params(List.of(), Map.of()), Output.of("result", "r", null), "e-7", null);
        assertThat(put.path("id").asText()).isEqualTo("e-7");
        assertThat(put.has("stagedData")).isFalse();
    }
}
