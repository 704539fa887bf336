package org.opentwinj.cli.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentwinj.platform.compute.Param;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;

/** A command's --help: every parameter with its type, unit, rules, default and help. */
class CatalogueTextTest {
    @Test
    void everyKindOfParameterIsDescribed() {
        ParamSpec corner = Param.vector3("corner", "Corner")
                .unit("mm")
                .byDefault(List.of(0, 0.5, 0))
                .help("where it starts")
                .build();
        ParamSpec kind = Param.choice("kind", "Kind", "solid", "hollow")
                .byDefault("solid")
                .build();
        ParamSpec shapes = Param.list("shapes", "Shapes", Param.entity("shape", "Shape", "geometry"))
                .atLeast(1)
                .build();
        ParamSpec step = Param.file("file", "File", ".step", ".stp").atMost(1e6).build();
        CommandSpec command = new CommandSpec(
                "Shape.Box",
                "Box",
                "Modeling",
                "Create",
                List.of(corner, kind, shapes, step),
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
                        "  corner  VECTOR3 in mm, optional  Corner",
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
