package org.opentwinj.platform.session;

import java.util.List;
import org.opentwinj.platform.json.OptionalField;

/**
 * A command a compute service declares: the web client puts it on the toolbar (page, then
 * group) and builds its form from {@link #params()}; the CLI runs it with
 * {@code opentwin do PROJECT SERVICE COMMAND --set name=value}.
 *
 * @param name   unique within its service, e.g. {@code Shape.Cuboid}
 * @param title  the button's and form's title
 * @param page   the toolbar page (tab) it belongs to, e.g. {@code Modeling}
 * @param group  the group on that page, e.g. {@code Create}
 * @param params its parameters, in form order
 * @param job    runs as a job (progress, cancel) rather than answering at once
 * @param makes  the entity type it makes, if it makes one (whose properties are then typed by {@code params})
 * @param help   a sentence for tooltips and {@code --help}
 */
public record CommandSpec(
        String name,
        String title,
        String page,
        String group,
        List<ParamSpec> params,
        boolean job,
        @OptionalField String makes,
        @OptionalField String help) {
    public CommandSpec {
        params = List.copyOf(params);
    }
}
