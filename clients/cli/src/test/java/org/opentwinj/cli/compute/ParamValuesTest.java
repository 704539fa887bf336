package org.opentwinj.cli.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opentwinj.cli.compute.TestCatalogue.command;
import static org.opentwinj.cli.compute.TestCatalogue.geometry;
import static org.opentwinj.cli.compute.TestCatalogue.number;
import static org.opentwinj.cli.compute.TestCatalogue.requiredWithDefault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.compute.Param;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.EntityLookup;
import org.opentwinj.platform.session.ParamCheck;
import org.opentwinj.platform.session.ParamSpec;

/**
 * {@code --set name=value} read by the parameter's declared type. Every refusal of a value is
 * {@link ParamCheck}'s own message for the JSON value the text stands for: the expected messages
 * here are asked of ParamCheck, so a rule it changes shows in the CLI with no change to the CLI.
 */
class ParamValuesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path directory;

    private static JsonNode parse(ParamSpec param, String... values) {
        List<String> sets = new ArrayList<>();
        for (String value : values) {
            sets.add(param.name() + "=" + value);
        }
        return ParamValues.parse(command("Shape.Cuboid", param), sets).get(param.name());
    }

    /** What ParamCheck, the check the service makes, says of these values. */
    private static String paramCheckSays(List<ParamSpec> params, Map<String, JsonNode> values, EntityLookup entities) {
        try {
            ParamCheck.check(params, values, entities);
        } catch (PublicException e) {
            return e.getMessage();
        }
        throw new AssertionError("ParamCheck takes " + values);
    }

    private static String paramCheckSays(ParamSpec param, JsonNode value) {
        return paramCheckSays(List.of(param), Map.of(param.name(), value), EntityLookup.none());
    }

    /** The text is refused, exit 2, with ParamCheck's message for the JSON value it stands for. */
    private static void refused(ParamSpec param, String text, JsonNode asJson) {
        assertThatThrownBy(() -> parse(param, text))
                .isInstanceOf(ExitException.class)
                .hasMessage(paramCheckSays(param, asJson))
                .hasMessageContaining("parameter '" + param.name())
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION));
    }

    private static JsonNode text(String text) {
        return NODES.textNode(text);
    }

    private static ArrayNode array(Object... values) {
        return Json.mapper().valueToTree(List.of(values));
    }

    @Test
    void theRefusalIsParamChecksOwnRefusalPassedOn() {
        ParamSpec width = number("width", "mm", 0.0, 100.0);

        assertThatThrownBy(() -> parse(width, "101"))
                .isInstanceOf(ExitException.class)
                .hasCauseInstanceOf(PublicException.class)
                .satisfies(
                        e -> assertThat(e.getMessage()).isEqualTo(e.getCause().getMessage()));
    }

    @Test
    void aNumberMayCarryOnlyItsOwnUnitAndKeepsItsBounds() {
        ParamSpec width = number("width", "mm", 0.0, 100.0);

        assertThat(parse(width, "2.5mm").asDouble()).isEqualTo(2.5);
        assertThat(parse(width, "2.5 mm").asDouble()).isEqualTo(2.5);
        assertThat(parse(width, "1e1").asDouble()).isEqualTo(10);
        assertThat(parse(width, "100").asDouble()).isEqualTo(100);
        refused(width, "3cm", text("3cm"));
        refused(width, "101", NODES.numberNode(101.0));
        refused(width, "-0.5mm", NODES.numberNode(-0.5));
        refused(width, "wide", text("wide"));
        refused(width, "NaN", text("NaN"));
        refused(width, "1e999", text("1e999"));
        refused(number("count", null, null, null), "3mm", text("3mm"));
    }

    @Test
    void integersBooleansChoicesAndText() {
        ParamSpec steps = Param.integer("steps", "Steps").between(1, 10).build();
        assertThat(parse(steps, "7")).isEqualTo(NODES.numberNode(7L));
        assertThat(parse(steps, "7.0"))
                .as("a whole number written with a fraction, as ParamCheck normalises it")
                .isEqualTo(NODES.numberNode(7L));
        refused(steps, "7.5", NODES.numberNode(7.5));
        refused(steps, "11", NODES.numberNode(11L));
        refused(steps, "99999999999999999999", NODES.numberNode(new BigInteger("99999999999999999999")));

        ParamSpec flag = Param.bool("hollow", "Hollow").build();
        assertThat(parse(flag, "true").asBoolean()).isTrue();
        assertThat(parse(flag, "no").asBoolean()).isFalse();
        refused(flag, "maybe", text("maybe"));

        ParamSpec algorithm =
                Param.choice("algorithm", "Algorithm", "delaunay", "hxt").build();
        assertThat(parse(algorithm, "hxt").asText()).isEqualTo("hxt");
        refused(algorithm, "frontal", text("frontal"));

        ParamSpec label = Param.text("label", "Label", 3).build();
        assertThat(parse(label, "a=b").asText()).isEqualTo("a=b");
        refused(label, "four", text("four"));
    }

    @Test
    void aVectorIsThreeNumbersEachInTheParametersUnitAndBounds() {
        ParamSpec origin =
                Param.vector3("origin", "Origin").unit("mm").between(-10, 10).build();

        assertThat(parse(origin, "1,2.5,-3mm")).isEqualTo(array(1.0, 2.5, -3.0));
        refused(origin, "1,2", array(1.0, 2.0));
        refused(origin, "1,2,3cm", array(1.0, 2.0, "3cm"));
        refused(origin, "1,2,30", array(1.0, 2.0, 30.0));
    }

    @Test
    void aListIsGivenRepeatedOrSeparatedBySemicolonsWithinItsLength() {
        ParamSpec lengths = Param.list(
                        "lengths",
                        "Lengths",
                        Param.number("length", "Length").unit("mm").atLeast(0))
                .between(1, 3)
                .build();

        assertThat(parse(lengths, "1;2mm;3")).isEqualTo(array(1.0, 2.0, 3.0));
        assertThat(parse(lengths, "1", "2;3")).isEqualTo(array(1.0, 2.0, 3.0));
        assertThat(parse(lengths, "1;;2;")).isEqualTo(array(1.0, 2.0));
        refused(lengths, "1;2;3;4", array(1.0, 2.0, 3.0, 4.0));
        refused(lengths, "1;-2", array(1.0, -2.0));
        assertThatThrownBy(() -> parse(lengths, "1;-2")).hasMessageContaining("parameter 'lengths[1]'");
    }

    @Test
    void missingUnknownAndRepeatedParametersAreRefusedAndDefaultsFillIn() {
        ParamSpec width = number("width", "mm", null, null);
        ParamSpec height = requiredWithDefault(
                Param.number("height", "Height").unit("mm").byDefault(5.0).build());
        ParamSpec note = Param.text("note", "Note", 100).optional().build();
        CommandSpec cuboid = command("Shape.Cuboid", width, height, note);

        ObjectNode params = ParamValues.parse(cuboid, List.of("width=2"));
        assertThat(params.get("height").asDouble()).isEqualTo(5.0);
        assertThat(params.has("note"))
                .as("an optional parameter is left to the service")
                .isFalse();
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of()))
                .isInstanceOf(ExitException.class)
                .hasMessage(
                        paramCheckSays(cuboid.params(), Map.of("height", height.defaultValue()), EntityLookup.none()))
                .hasMessageContaining("'width'");
        Map<String, JsonNode> unknown = new LinkedHashMap<>();
        unknown.put("width", NODES.numberNode(2.0));
        unknown.put("depth", text("3"));
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of("width=2", "depth=3")))
                .isInstanceOf(ExitException.class)
                .hasMessage(paramCheckSays(cuboid.params(), unknown, EntityLookup.none()))
                .hasMessageContaining("'depth'");
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of("width=2", "width=3")))
                .hasMessage("parameter 'width' is given twice; only a LIST parameter may be repeated");
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of("width")))
                .hasMessage("--set width: write it as NAME=VALUE");
    }

    @Test
    void aCommandDeclaredWronglyIsTheServicesFault() {
        ParamSpec listWithoutItem = Json.mapper()
                .convertValue(
                        Json.object()
                                .put("name", "lengths")
                                .put("title", "Lengths")
                                .put("type", "LIST"),
                        ParamSpec.class);

        assertThatThrownBy(() -> parse(listWithoutItem, "1"))
                .isInstanceOf(ExitException.class)
                .hasMessageStartingWith("the service declared command Shape.Cuboid wrongly: ")
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.PEER_UNREACHABLE));
    }

    @Test
    void entitiesAreFoundByIdOrNameAmongTheirTypesAndCheckedByParamCheck() {
        ParamSpec shape = geometry("shape");
        CommandSpec mesh = command("Mesh.Of", shape);
        ArrayNode entities = Json.mapper().createArrayNode();
        entities.addObject().put("id", "e1").put("name", "Box").put("type", "geometry");
        entities.addObject().put("id", "e2").put("name", "Box").put("type", "mesh");
        entities.addObject().put("id", "e3").put("name", "Twin").put("type", "geometry");
        entities.addObject().put("id", "e4").put("name", "Twin").put("type", "geometry");
        entities.addObject().put("id", "e5").put("name", "Grid").put("type", "mesh");
        EntityIndex index = new EntityIndex(entities);

        ObjectNode parsed = ParamValues.parse(mesh, List.of("shape=Box"));
        assertThat(ParamValues.namesEntities(mesh, parsed)).isTrue();
        assertThat(resolve(mesh, "shape=Box", index).get("shape").asText()).isEqualTo("e1");
        assertThat(resolve(mesh, "shape=e3", index).get("shape").asText()).isEqualTo("e3");
        assertThatThrownBy(() -> resolve(mesh, "shape=Twin", index))
                .hasMessage("parameter 'shape': several entities are named 'Twin': give the id, one of e3, e4");
        for (String[] refusal : new String[][] {{"e2", "e2"}, {"Grid", "e5"}, {"Sphere", "Sphere"}}) {
            assertThatThrownBy(() -> resolve(mesh, "shape=" + refusal[0], index))
                    .isInstanceOf(ExitException.class)
                    .hasMessage(paramCheckSays(List.of(shape), Map.of("shape", text(refusal[1])), index));
        }
        refused(shape, " ", text(""));
    }

    private static ObjectNode resolve(CommandSpec command, String set, EntityIndex entities) {
        return ParamValues.resolve(command, ParamValues.parse(command, List.of(set)), entities, file -> {
            throw new AssertionError("no file to stage");
        });
    }

    @Test
    void aFileIsCheckedLocallyThenStaged() throws IOException {
        ParamSpec step = Param.file("file", "File", ".step").atMost(10).build();
        CommandSpec load = command("Load.Step", step);
        Path part = Files.writeString(directory.resolve("part.STEP"), "solid");
        Path big = Files.writeString(directory.resolve("big.step"), "more than ten bytes");
        Path other = Files.writeString(directory.resolve("part.stl"), "solid");

        ObjectNode parsed = ParamValues.parse(load, List.of("file=" + part));
        List<Path> staged = new ArrayList<>();
        ObjectNode resolved = ParamValues.resolve(load, parsed, EntityIndex.none(), path -> {
            staged.add(path);
            return Json.object().put("upload", "u1").put("name", "part.STEP").put("size", 5);
        });
        assertThat(staged).containsExactly(part.toAbsolutePath());
        assertThat(resolved.path("file").path("upload").asText()).isEqualTo("u1");
        refused(step, other.toString(), upload("part.stl", 5));
        refused(step, big.toString(), upload("big.step", 19));
        assertThatThrownBy(() -> parse(step, directory.resolve("none.step").toString()))
                .hasMessageStartingWith("parameter 'file': cannot read the file ");
    }

    private static JsonNode upload(String name, long size) {
        return Json.object().put("upload", "u1").put("name", name).put("size", size);
    }
}
