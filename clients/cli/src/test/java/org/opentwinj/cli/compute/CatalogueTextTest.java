package org.opentwinj.cli.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

/** A command's --help: every parameter with its type, unit, rules, default and help. */
class CatalogueTextTest {
    @Test
    void everyKindOfParameterIsDescribed() {
        ParamSpec corner = new ParamSpec(
                "corner",
                "Corner",
                ParamType.VECTOR3,
                "mm",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Json.mapper().createArrayNode().add(0).add(0.5).add(0),
                "where it starts");
        ParamSpec kind = new ParamSpec(
                "kind",
                "Kind",
                ParamType.CHOICE,
                null,
                null,
                null,
                List.of("solid", "hollow"),
                null,
                null,
                null,
                null,
                true,
                Json.mapper().getNodeFactory().textNode("solid"),
                null);
        ParamSpec shapes = new ParamSpec(
                "shapes",
                "Shapes",
                ParamType.LIST,
                null,
                1.0,
                null,
                null,
                null,
                new ParamSpec(
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
                        null),
                null,
                null,
                null,
                null,
                null);
        ParamSpec file = new ParamSpec(
                "file",
                "File",
                ParamType.FILE,
                null,
                null,
                1e6,
                null,
                null,
                null,
                List.of(".step", ".stp"),
                null,
                null,
                null,
                null);
        CommandSpec command = new CommandSpec(
                "Shape.Box",
                "Box",
                "Modeling",
                "Create",
                List.of(corner, kind, shapes, file),
                false,
                "geometry",
                "Adds a box.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CatalogueText.printCommand("Patch", "modeling", command, new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                .containsSubsequence(
                        "Usage: opentwin do Patch modeling Shape.Box --set NAME=VALUE...",
                        "Box (Modeling / Create), makes a geometry",
                        "Adds a box.",
                        "  corner  VECTOR3 in mm  Corner",
                        "      x,y,z",
                        "      default: 0,0.5,0 mm",
                        "      where it starts",
                        "  kind  CHOICE, optional  Kind",
                        "      one of solid, hollow",
                        "      default: solid",
                        "  shapes  LIST of ENTITY  Shapes",
                        "      at least 1 items; items separated by ; or --set repeated; each name or id of a geometry",
                        "  file  FILE  File",
                        "      a local file, uploaded; .step .stp; at most 1000000 bytes");
    }
}
