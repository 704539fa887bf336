package org.opentwinj.cli.compute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.opentwinj.platform.compute.Param;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ServiceCommands;
import org.opentwinj.platform.session.SessionCommands;

/**
 * The parameters, commands and catalogue the CLI's tests declare, in one place; parameters are
 * built with {@link Param}, as compute services declare theirs.
 */
public final class TestCatalogue {
    private TestCatalogue() {}

    /** A NUMBER (its title its name) in the unit (or none) within the bounds (null: open). */
    public static ParamSpec number(String name, String unit, Double min, Double max) {
        Param number = Param.number(name, name).unit(unit);
        if (min != null) {
            number.atLeast(min);
        }
        if (max != null) {
            number.atMost(max);
        }
        return number.build();
    }

    /** An ENTITY that must be a geometry. */
    public static ParamSpec geometry(String name) {
        return Param.entity(name, name, "geometry").build();
    }

    /**
     * The parameter with a default but required, as a service not built on {@link Param} may
     * declare it (a client fills in the default; left out, the service refuses it).
     */
    public static ParamSpec requiredWithDefault(ParamSpec spec) {
        ObjectNode json = Json.mapper().valueToTree(spec);
        json.remove("optional");
        try {
            return Json.mapper().treeToValue(json, ParamSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ParamSpec written as JSON cannot be read back: " + json, e);
        }
    }

    /** A command that answers at once, on the toolbar's Modeling / Create. */
    public static CommandSpec command(String name, ParamSpec... params) {
        return new CommandSpec(name, name, "Modeling", "Create", List.of(params), false, null, null);
    }

    /**
     * Session s1's catalogue: its service {@code compute} has the job Work.Slow (seconds, 0 to
     * 3600 s), Shape.Box (size, at least 0 mm; makes a geometry), Mesh.Of (of, a geometry) and
     * Load.Step (file, a .step); the commands of its service {@code kriging} are not known yet.
     */
    public static SessionCommands session() {
        ParamSpec seconds = Param.number("seconds", "Seconds")
                .unit("s")
                .between(0, 3600)
                .help("how long it works")
                .build();
        CommandSpec slow = new CommandSpec(
                "Work.Slow", "Slow work", "Test", "Jobs", List.of(seconds), true, null, "Works for a while.");
        CommandSpec box = new CommandSpec(
                "Shape.Box",
                "Box",
                "Modeling",
                "Create",
                List.of(number("size", "mm", 0.0, null)),
                false,
                "geometry",
                null);
        CommandSpec mesh =
                new CommandSpec("Mesh.Of", "Mesh", "Mesh", "Create", List.of(geometry("of")), false, "mesh", null);
        CommandSpec load = new CommandSpec(
                "Load.Step",
                "Load STEP",
                "Modeling",
                "Import",
                List.of(Param.file("file", "File", ".step").build()),
                false,
                null,
                null);
        return new SessionCommands(
                "s1", List.of(new ServiceCommands("compute", List.of(slow, box, mesh, load))), List.of("kriging"));
    }

    /** Work.Slow's one parameter, seconds. */
    public static ParamSpec seconds() {
        return session().services().getFirst().commands().getFirst().params().getFirst();
    }
}
