package org.opentwinj.cli.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

/** {@code --set name=value} read by the parameter's declared type; every bad value is refused naming the parameter and rule. */
class ParamValuesTest {
    @TempDir
    Path directory;

    static ParamSpec param(String name, ParamType type) {
        return new ParamSpec(name, name, type, null, null, null, null, null, null, null, null, null, null, null);
    }

    static ParamSpec number(String name, String unit, Double min, Double max) {
        return new ParamSpec(
                name, name, ParamType.NUMBER, unit, min, max, null, null, null, null, null, null, null, null);
    }

    static CommandSpec command(ParamSpec... params) {
        return new CommandSpec("Shape.Cuboid", "Cuboid", "Modeling", "Create", List.of(params), false, null, null);
    }

    private static JsonNode parse(ParamSpec param, String... values) {
        List<String> sets = new ArrayList<>();
        for (String value : values) {
            sets.add(param.name() + "=" + value);
        }
        return ParamValues.parse(command(param), sets).get(param.name());
    }

    private static void refused(ParamSpec param, String value, String message) {
        assertThatThrownBy(() -> parse(param, value))
                .isInstanceOf(ExitException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ExitException) e).exitCode()).isEqualTo(ExitCode.INVALID_CONFIGURATION));
    }

    @Test
    void aNumberMayCarryOnlyItsOwnUnitAndKeepsItsBounds() {
        ParamSpec width = number("width", "mm", 0.0, 100.0);

        assertThat(parse(width, "2.5mm").asDouble()).isEqualTo(2.5);
        assertThat(parse(width, "2.5 mm").asDouble()).isEqualTo(2.5);
        assertThat(parse(width, "1e1").asDouble()).isEqualTo(10);
        assertThat(parse(width, "100").asDouble()).isEqualTo(100);
        refused(width, "3cm", "parameter 'width' is in mm, not cm");
        refused(width, "101", "parameter 'width' must be 0 to 100 mm, not 101 mm");
        refused(width, "-0.5mm", "must be 0 to 100 mm");
        refused(width, "wide", "parameter 'width' takes a number in mm, not 'wide'");
        refused(width, "NaN", "takes a number");
        refused(number("count", null, null, null), "3mm", "parameter 'count' is a plain number without a unit");
    }

    @Test
    void integersBooleansChoicesAndText() {
        ParamSpec steps = new ParamSpec(
                "steps", "Steps", ParamType.INTEGER, null, 1.0, 10.0, null, null, null, null, null, null, null, null);
        assertThat(parse(steps, "7").asLong()).isEqualTo(7);
        refused(steps, "7.5", "parameter 'steps' takes a whole number, not '7.5'");
        refused(steps, "11", "parameter 'steps' must be 1 to 10, not 11");

        ParamSpec flag = param("hollow", ParamType.BOOLEAN);
        assertThat(parse(flag, "true").asBoolean()).isTrue();
        assertThat(parse(flag, "no").asBoolean()).isFalse();
        refused(flag, "maybe", "parameter 'hollow' takes true or false, not 'maybe'");

        ParamSpec algorithm = new ParamSpec(
                "algorithm",
                "Algorithm",
                ParamType.CHOICE,
                null,
                null,
                null,
                List.of("delaunay", "hxt"),
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        assertThat(parse(algorithm, "hxt").asText()).isEqualTo("hxt");
        refused(algorithm, "frontal", "parameter 'algorithm' takes one of delaunay, hxt, not 'frontal'");

        ParamSpec label = new ParamSpec(
                "label", "Label", ParamType.TEXT, null, null, null, null, null, null, null, 3, null, null, null);
        assertThat(parse(label, "a=b").asText()).isEqualTo("a=b");
        refused(label, "four", "parameter 'label' takes at most 3 characters, not 4");
    }

    @Test
    void aVectorIsThreeNumbersEachInTheParametersUnitAndBounds() {
        ParamSpec origin = new ParamSpec(
                "origin",
                "Origin",
                ParamType.VECTOR3,
                "mm",
                -10.0,
                10.0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        assertThat(parse(origin, "1,2.5,-3mm"))
                .isEqualTo(Json.mapper().createArrayNode().add(1.0).add(2.5).add(-3.0));
        refused(origin, "1,2", "parameter 'origin' takes three numbers x,y,z in mm, not '1,2'");
        refused(origin, "1,2,3cm", "parameter 'origin' is in mm, not cm");
        refused(origin, "1,2,30", "parameter 'origin' must be -10 to 10 mm, not 30 mm");
    }

    @Test
    void aListIsGivenRepeatedOrSeparatedBySemicolonsWithinItsLength() {
        ParamSpec lengths = new ParamSpec(
                "lengths",
                "Lengths",
                ParamType.LIST,
                null,
                1.0,
                3.0,
                null,
                null,
                number("length", "mm", 0.0, null),
                null,
                null,
                null,
                null,
                null);

        assertThat(parse(lengths, "1;2mm;3"))
                .isEqualTo(Json.mapper().createArrayNode().add(1.0).add(2.0).add(3.0));
        assertThat(parse(lengths, "1", "2;3")).hasSize(3);
        refused(lengths, "1;2;3;4", "parameter 'lengths' has 4 item(s); it takes 1 to 3");
        refused(lengths, "1;-2", "parameter 'lengths[2]' must be at least 0 mm, not -2 mm");
    }

    @Test
    void missingUnknownAndRepeatedParametersAreRefusedAndDefaultsFillIn() {
        ParamSpec width = number("width", "mm", null, null);
        ParamSpec height = new ParamSpec(
                "height",
                "Height",
                ParamType.NUMBER,
                "mm",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Json.mapper().getNodeFactory().numberNode(5.0),
                null);
        ParamSpec note = new ParamSpec(
                "note", "Note", ParamType.TEXT, null, null, null, null, null, null, null, null, true, null, null);
        CommandSpec cuboid = command(width, height, note);

        ObjectNode params = ParamValues.parse(cuboid, List.of("width=2"));
        assertThat(params.get("height").asDouble()).isEqualTo(5.0);
        assertThat(params.has("note"))
                .as("an optional parameter is left to the service")
                .isFalse();
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of()))
                .hasMessage("command Shape.Cuboid needs width (NUMBER in mm): give each with --set NAME=VALUE");
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of("width=2", "depth=3")))
                .hasMessage("command Shape.Cuboid has no parameter 'depth'; its parameters: width, height, note");
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of("width=2", "width=3")))
                .hasMessage("parameter 'width' is given twice; only a LIST parameter may be repeated");
        assertThatThrownBy(() -> ParamValues.parse(cuboid, List.of("width")))
                .hasMessage("--set width: write it as NAME=VALUE");
    }

    @Test
    void entitiesAreFoundByIdOrNameAmongTheirTypes() {
        ParamSpec shape = new ParamSpec(
                "shape",
                "Shape",
                ParamType.ENTITY,
                null,
                null,
                null,
                null,
                List.of("geometry"),
                null,
                null,
                null,
                null,
                null,
                null);
        CommandSpec mesh = command(shape);
        ArrayNode entities = Json.mapper().createArrayNode();
        entities.addObject().put("id", "e1").put("name", "Box").put("type", "geometry");
        entities.addObject().put("id", "e2").put("name", "Box").put("type", "mesh");
        entities.addObject().put("id", "e3").put("name", "Twin").put("type", "geometry");
        entities.addObject().put("id", "e4").put("name", "Twin").put("type", "geometry");
        EntityIndex index = new EntityIndex(entities);

        ObjectNode parsed = ParamValues.parse(mesh, List.of("shape=Box"));
        assertThat(ParamValues.namesEntities(mesh, parsed)).isTrue();
        assertThat(ParamValues.resolve(mesh, parsed, index, file -> {
                            throw new AssertionError("no file to stage");
                        })
                        .get("shape")
                        .asText())
                .isEqualTo("e1");
        assertThat(index.idOf("shape", "e3", List.of("geometry"))).isEqualTo("e3");
        assertThatThrownBy(() -> index.idOf("shape", "e2", List.of("geometry")))
                .hasMessage("parameter 'shape': entity e2 is a mesh, the parameter takes a geometry");
        assertThatThrownBy(() -> index.idOf("shape", "Twin", List.of("geometry")))
                .hasMessage("parameter 'shape': several entities are named 'Twin': give the id, one of e3, e4");
        assertThatThrownBy(() -> index.idOf("shape", "Sphere", List.of("geometry")))
                .hasMessageStartingWith("parameter 'shape': the model has no geometry named or numbered 'Sphere'");
    }

    @Test
    void aFileIsCheckedLocallyThenStaged() throws IOException {
        ParamSpec file = new ParamSpec(
                "file",
                "File",
                ParamType.FILE,
                null,
                null,
                10.0,
                null,
                null,
                null,
                List.of(".step"),
                null,
                null,
                null,
                null);
        CommandSpec load = command(file);
        Path step = Files.writeString(directory.resolve("part.STEP"), "solid");
        Path big = Files.writeString(directory.resolve("big.step"), "more than ten bytes");
        Path other = Files.writeString(directory.resolve("part.stl"), "solid");

        ObjectNode parsed = ParamValues.parse(load, List.of("file=" + step));
        assertThat(ParamValues.namesFiles(load, parsed)).isTrue();
        List<Path> staged = new ArrayList<>();
        ObjectNode resolved = ParamValues.resolve(load, parsed, (p, r, t) -> r, path -> {
            staged.add(path);
            return Json.object().put("upload", "u1");
        });
        assertThat(staged).containsExactly(step.toAbsolutePath());
        assertThat(resolved.path("file").path("upload").asText()).isEqualTo("u1");
        refused(file, other.toString(), "parameter 'file' takes a file ending in .step, not part.stl");
        refused(file, big.toString(), "parameter 'file' takes files of at most 10 bytes; big.step has 19");
        refused(file, directory.resolve("none.step").toString(), "parameter 'file': cannot read the file");
    }
}
