package org.opentwinj.platform.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

/**
 * A command's parameters after they passed the check: every value fits its {@link ParamSpec},
 * no unknown one is there, omitted ones took their defaults. The typed getters therefore only
 * convert; asking for a parameter the command does not declare is a programming error.
 */
public final class Params {
    private final List<ParamSpec> specs;
    private final Map<String, JsonNode> values;

    /** @param values checked values by name, defaults applied (see {@link ParamValidation}) */
    public Params(List<ParamSpec> specs, Map<String, JsonNode> values) {
        this.specs = List.copyOf(specs);
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String name) {
        JsonNode value = values.get(name);
        return value != null && !value.isNull();
    }

    public double number(String name) {
        return require(name).asDouble();
    }

    public long integer(String name) {
        return require(name).asLong();
    }

    public boolean bool(String name) {
        return require(name).asBoolean();
    }

    /** A CHOICE or TEXT value. */
    public String text(String name) {
        return require(name).asText();
    }

    public double[] vector3(String name) {
        JsonNode value = require(name);
        return new double[] {
            value.get(0).asDouble(), value.get(1).asDouble(), value.get(2).asDouble()
        };
    }

    /** The id an ENTITY parameter names. */
    public String entity(String name) {
        return require(name).asText();
    }

    /** A FILE parameter, if given. */
    public Optional<FileRef> file(String name) {
        if (!has(name)) {
            return Optional.empty();
        }
        JsonNode value = values.get(name);
        return Optional.of(new FileRef(
                value.path("upload").asText(),
                value.path("name").asText(),
                value.path("size").asLong()));
    }

    /** A LIST parameter's items (empty when it was left out). */
    public List<JsonNode> list(String name) {
        List<JsonNode> items = new ArrayList<>();
        if (has(name)) {
            values.get(name).forEach(items::add);
        }
        return items;
    }

    /** A LIST of NUMBER. */
    public double[] numbers(String name) {
        return list(name).stream().mapToDouble(JsonNode::asDouble).toArray();
    }

    /** A LIST of ENTITY: the ids it names. */
    public List<String> entities(String name) {
        return list(name).stream().map(JsonNode::asText).toList();
    }

    /**
     * The ids of every entity the parameters name (ENTITY, and LIST of ENTITY), in declaration
     * order, without repeats: the inputs an output's origin records.
     */
    public List<String> inputIds() {
        List<String> ids = new ArrayList<>();
        for (ParamSpec spec : specs) {
            if (!has(spec.name())) {
                continue;
            }
            if (spec.type() == ParamType.ENTITY) {
                addOnce(ids, entity(spec.name()));
            } else if (spec.type() == ParamType.LIST
                    && spec.item() != null
                    && spec.item().type() == ParamType.ENTITY) {
                entities(spec.name()).forEach(id -> addOnce(ids, id));
            }
        }
        return List.copyOf(ids);
    }

    /** The values as the properties of what the command makes. */
    public ObjectNode asProperties() {
        ObjectNode properties = Json.object();
        values.forEach(properties::set);
        return properties;
    }

    public Map<String, JsonNode> asMap() {
        return values;
    }

    private JsonNode require(String name) {
        JsonNode value = values.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(
                    "parameter '" + name + "' has no value: it is not declared, or optional without a default");
        }
        return value;
    }

    private static void addOnce(List<String> ids, String id) {
        if (!ids.contains(id)) {
            ids.add(id);
        }
    }

    /**
     * A file a client uploaded to the Model ({@code Model.StageData}) for a FILE parameter.
     *
     * @param upload the staged upload's id
     * @param name   the file's name as the user chose it
     * @param size   its size in bytes
     */
    public record FileRef(String upload, String name, long size) {}
}
