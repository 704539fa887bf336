package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

/**
 * A small builder for {@link ParamSpec}s, so that a command's parameters read as a list:
 * {@code Param.number("amplitude", "Amplitude").unit("V").between(0, 10).byDefault(1).build()}.
 * It only assembles the record; what a value must satisfy is the session contract's check.
 */
public final class Param {
    private final String name;
    private final String title;
    private final ParamType type;
    private String unit;
    private Double min;
    private Double max;
    private List<String> choices;
    private List<String> entityTypes;
    private ParamSpec item;
    private List<String> accept;
    private Integer maxLength;
    private Boolean optional;
    private JsonNode defaultValue;
    private String help;

    private Param(String name, String title, ParamType type) {
        this.name = Objects.requireNonNull(name, "name");
        this.title = Objects.requireNonNull(title, "title");
        this.type = type;
    }

    public static Param number(String name, String title) {
        return new Param(name, title, ParamType.NUMBER);
    }

    public static Param integer(String name, String title) {
        return new Param(name, title, ParamType.INTEGER);
    }

    public static Param bool(String name, String title) {
        return new Param(name, title, ParamType.BOOLEAN);
    }

    public static Param choice(String name, String title, String... choices) {
        Param param = new Param(name, title, ParamType.CHOICE);
        param.choices = List.of(choices);
        return param;
    }

    public static Param text(String name, String title, int maxLength) {
        Param param = new Param(name, title, ParamType.TEXT);
        param.maxLength = maxLength;
        return param;
    }

    public static Param vector3(String name, String title) {
        return new Param(name, title, ParamType.VECTOR3);
    }

    /** A reference to an entity of one of the given types (none: any type). */
    public static Param entity(String name, String title, String... entityTypes) {
        Param param = new Param(name, title, ParamType.ENTITY);
        param.entityTypes = List.of(entityTypes);
        return param;
    }

    /** A file the client uploads first, with one of the given extensions ({@code .csv}). */
    public static Param file(String name, String title, String... accept) {
        Param param = new Param(name, title, ParamType.FILE);
        param.accept = List.of(accept);
        return param;
    }

    /** A list of values of {@code item} (whose name is ignored). */
    public static Param list(String name, String title, Param item) {
        Param param = new Param(name, title, ParamType.LIST);
        param.item = item.build();
        return param;
    }

    public Param unit(String unit) {
        this.unit = unit;
        return this;
    }

    /** Inclusive bounds (LIST: fewest and most items; FILE: {@code max} is the largest size). */
    public Param between(double min, double max) {
        this.min = min;
        this.max = max;
        return this;
    }

    public Param atLeast(double min) {
        this.min = min;
        return this;
    }

    public Param atMost(double max) {
        this.max = max;
        return this;
    }

    /** The value may be left out; then it is absent from the command's params. */
    public Param optional() {
        this.optional = true;
        return this;
    }

    /** The value forms start with, and an omitted parameter takes (it makes the parameter optional). */
    public Param byDefault(Object value) {
        this.defaultValue = Json.mapper().valueToTree(value);
        this.optional = true;
        return this;
    }

    public Param help(String help) {
        this.help = help;
        return this;
    }

    public ParamSpec build() {
        return new ParamSpec(
                name,
                title,
                type,
                unit,
                min,
                max,
                choices,
                entityTypes,
                item,
                accept,
                maxLength,
                optional,
                defaultValue,
                help);
    }
}
