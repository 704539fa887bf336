package org.opentwinj.cli.compute;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.EntityLookup;
import org.opentwinj.platform.session.ParamCheck;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

/**
 * Turns {@code --set name=value} arguments into a command's {@code params}: each value becomes
 * the JSON value of its parameter's type, and {@link ParamCheck}, the check the service itself
 * makes, judges them, so that a refusal (exit 2) is in the service's own words, naming the
 * parameter and the rule. Nothing here repeats a rule of ParamCheck: a text that is not a value
 * of its type (a number in another unit, {@code maybe} for a boolean) goes to the check as text,
 * which refuses it stating what the parameter takes.
 *
 * <p>Two steps, so that every check that needs no model runs before any call: {@link #parse}
 * (I/O-free but for looking at the files named), then {@link #resolve}, which turns entity names
 * into ids, checks again with the model's entities, and uploads the files.
 */
public final class ParamValues {
    /** A number as people type it, then what follows it (a unit, or garbage). */
    private static final Pattern NUMBER =
            Pattern.compile("\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(.*?)\\s*");

    private static final Pattern INTEGER = Pattern.compile("\\s*([-+]?\\d+)\\s*");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Before the model is asked: an entity named stands for one of its parameter's types ({@link #entitiesAsTheirTypes}). */
    private static final EntityLookup ENTITY_AS_TYPE = Optional::of;

    private ParamValues() {}

    /** Uploads a local file to the Model and says what the parameter's value is. */
    @FunctionalInterface
    public interface FileStager {
        /**
         * @param file a readable regular file that {@link #parse} checked
         * @return {@code {"upload": id, "name": file name, "size": bytes}}
         */
        JsonNode stage(Path file);
    }

    /**
     * Reads the given values by the command's parameter types and checks them with
     * {@link ParamCheck}: a required parameter left out takes its default (as a form starts with
     * it) or is refused; an optional one left out is left out (the service applies its default).
     * ENTITY values stay as typed (a name or an id) and FILE values are local paths until
     * {@link #resolve}.
     *
     * @param sets the {@code name=value} arguments in the order given; a LIST parameter may be
     *             given several times, each value may hold several items separated by {@code ;}
     * @return the params, as ParamCheck normalises them
     * @throws ExitException exit 2 with ParamCheck's message (or, for what only the command line
     *     has, such as a file that cannot be read, one of the same form); exit 7 when the service
     *     declared the command's parameters wrongly
     */
    public static ObjectNode parse(CommandSpec command, List<String> sets) {
        try {
            ParamCheck.validateSpecs(command.params());
        } catch (IllegalArgumentException e) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE,
                    "the service declared command " + command.name() + " wrongly: " + e.getMessage(),
                    e);
        }
        Map<String, List<String>> given = given(command, sets);
        ObjectNode params = Json.object();
        for (ParamSpec spec : command.params()) {
            List<String> values = given.remove(spec.name());
            if (values != null) {
                params.set(
                        spec.name(),
                        spec.type() == ParamType.LIST
                                ? list(spec, values)
                                : value(spec, spec.name(), values.getFirst()));
            } else if (!Boolean.TRUE.equals(spec.optional())
                    && spec.defaultValue() != null
                    && !spec.defaultValue().isNull()) {
                // As a form starts with it: the service would refuse the required parameter left out.
                params.set(spec.name(), spec.defaultValue().deepCopy());
            }
        }
        // A name that no parameter has goes to the check as typed: it refuses it, listing the parameters there are.
        given.forEach((name, values) -> params.put(name, values.getFirst()));
        Map<String, JsonNode> checked =
                check(command.params(), entitiesAsTheirTypes(command, filesAsUploads(command, params)), ENTITY_AS_TYPE);
        ObjectNode normalised = Json.object();
        for (ParamSpec spec : command.params()) {
            if (params.has(spec.name())) {
                normalised.set(spec.name(), refersOutside(spec) ? params.get(spec.name()) : checked.get(spec.name()));
            }
        }
        return normalised;
    }

    /** Whether the params name entities (so the model's entities must be looked up). */
    public static boolean namesEntities(CommandSpec command, JsonNode params) {
        return command.params().stream().anyMatch(spec -> params.has(spec.name()) && isOrHolds(spec, ParamType.ENTITY));
    }

    /**
     * The params as the service takes them: entity names replaced by ids, checked again with
     * ParamCheck now that the model's entities are known (an entity of another type, or none,
     * is refused in its words), and only then the files uploaded.
     *
     * @param parsed what {@link #parse} returned
     * @throws ExitException exit 2 as {@link #parse}
     */
    public static ObjectNode resolve(CommandSpec command, ObjectNode parsed, EntityIndex entities, FileStager files) {
        ObjectNode withIds = replaced(
                command,
                parsed,
                ParamType.ENTITY,
                (spec, label, node) -> NODES.textNode(entities.idOf(label, node.asText(), types(spec))));
        check(command.params(), filesAsUploads(command, withIds), entities);
        return replaced(
                command,
                withIds,
                ParamType.FILE,
                (spec, label, node) -> node.isTextual() ? files.stage(Path.of(node.asText())) : node);
    }

    /** The {@code --set} values by parameter name, in the order given; the command line's own rules. */
    private static Map<String, List<String>> given(CommandSpec command, List<String> sets) {
        Map<String, ParamSpec> specs = new LinkedHashMap<>();
        command.params().forEach(param -> specs.put(param.name(), param));
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (String set : sets) {
            int equals = set.indexOf('=');
            if (equals <= 0) {
                throw refused("--set " + set + ": write it as NAME=VALUE");
            }
            String name = set.substring(0, equals).strip();
            List<String> values = given.computeIfAbsent(name, key -> new ArrayList<>());
            ParamSpec spec = specs.get(name);
            if (!values.isEmpty() && spec != null && spec.type() != ParamType.LIST) {
                throw refused("parameter '" + name + "' is given twice; only a LIST parameter may be repeated");
            }
            values.add(set.substring(equals + 1));
        }
        return given;
    }

    /** ParamCheck's verdict; its refusal is the user's bad value: exit 2 with its message as it is. */
    private static Map<String, JsonNode> check(List<ParamSpec> specs, ObjectNode params, EntityLookup entities) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        params.properties().forEach(field -> values.put(field.getKey(), field.getValue()));
        try {
            return ParamCheck.check(specs, values, entities);
        } catch (PublicException e) {
            throw new ExitException(ExitCode.INVALID_CONFIGURATION, e.getMessage(), e);
        }
    }

    /**
     * The params with each entity named replaced by the first type its parameter takes (kept as
     * it is when the parameter takes any type), so that the check, looking that up with
     * {@link #ENTITY_AS_TYPE}, applies every ENTITY rule but the look-up in the model: a blank
     * name is refused before the model is asked.
     */
    private static ObjectNode entitiesAsTheirTypes(CommandSpec command, ObjectNode params) {
        return replaced(
                command,
                params,
                ParamType.ENTITY,
                (spec, label, node) -> node.isTextual()
                                && !node.textValue().isBlank()
                                && !types(spec).isEmpty()
                        ? NODES.textNode(types(spec).getFirst())
                        : node);
    }

    /**
     * The params with each local file in the shape of an upload of it (its name and size), so
     * that the check applies its FILE rules (extension, size) before anything is uploaded.
     */
    private static ObjectNode filesAsUploads(CommandSpec command, ObjectNode params) {
        return replaced(command, params, ParamType.FILE, ParamValues::asUpload);
    }

    private static JsonNode asUpload(ParamSpec spec, String label, JsonNode path) {
        if (!path.isTextual()) {
            return path; // a default, given as an upload already
        }
        Path file = Path.of(path.asText());
        try {
            return Json.object()
                    .put("upload", file.toString())
                    .put("name", file.getFileName().toString())
                    .put("size", Files.size(file));
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "parameter '" + label + "': cannot read the file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** A copy of the params with each value of the type replaced, also as a LIST's items. */
    private static ObjectNode replaced(
            CommandSpec command, ObjectNode params, ParamType type, Replacement replacement) {
        ObjectNode copy = params.deepCopy();
        for (ParamSpec spec : command.params()) {
            if (copy.has(spec.name()) && isOrHolds(spec, type)) {
                copy.set(spec.name(), map(spec, spec.name(), copy.get(spec.name()), type, replacement));
            }
        }
        return copy;
    }

    private interface Replacement {
        JsonNode apply(ParamSpec spec, String label, JsonNode value);
    }

    /** Replaces each value of the given type, also as a LIST's item (labelled {@code name[i]} as ParamCheck does). */
    private static JsonNode map(ParamSpec spec, String label, JsonNode value, ParamType type, Replacement replacement) {
        if (spec.type() == ParamType.LIST && value.isArray()) {
            ArrayNode items = NODES.arrayNode();
            for (int i = 0; i < value.size(); i++) {
                items.add(map(spec.item(), label + "[" + i + "]", value.get(i), type, replacement));
            }
            return items;
        }
        return spec.type() == type ? replacement.apply(spec, label, value) : value;
    }

    private static boolean isOrHolds(ParamSpec spec, ParamType type) {
        return spec.type() == type
                || (spec.type() == ParamType.LIST && spec.item() != null && isOrHolds(spec.item(), type));
    }

    /** Whether the value names something outside the params (an entity, a file), which the check may not see as typed. */
    private static boolean refersOutside(ParamSpec spec) {
        return isOrHolds(spec, ParamType.ENTITY) || isOrHolds(spec, ParamType.FILE);
    }

    private static List<String> types(ParamSpec spec) {
        return spec.entityTypes() == null ? List.of() : spec.entityTypes();
    }

    private static JsonNode list(ParamSpec spec, List<String> values) {
        ArrayNode items = NODES.arrayNode();
        for (String value : values) {
            for (String item : value.split(";", -1)) {
                if (item.isBlank() && value.contains(";")) {
                    continue; // "a;b;" and "a;;b": the separators were typed, not an empty item
                }
                items.add(value(spec.item(), spec.name() + "[" + items.size() + "]", item));
            }
        }
        return items;
    }

    /** One value of a parameter (or of a LIST's item, then {@code label} is {@code name[i]}). */
    private static JsonNode value(ParamSpec spec, String label, String text) {
        return switch (spec.type()) {
            case NUMBER -> number(spec, text);
            case INTEGER -> integer(spec, text);
            case BOOLEAN -> bool(text);
            case CHOICE, TEXT -> NODES.textNode(text);
            case VECTOR3 -> vector(spec, text);
            case ENTITY -> NODES.textNode(text.strip());
            case FILE -> NODES.textNode(file(label, text).toString());
            case LIST ->
                throw refused("parameter '" + label + "' is a list of lists, which the command line cannot give");
        };
    }

    /** A number with the parameter's own unit or none; anything else stays text, which the check refuses naming the unit. */
    private static JsonNode number(ParamSpec spec, String text) {
        Matcher matcher = NUMBER.matcher(text);
        if (matcher.matches() && (matcher.group(2).isEmpty() || matcher.group(2).equals(spec.unit()))) {
            double value = Double.parseDouble(matcher.group(1));
            if (Double.isFinite(value)) {
                return NODES.numberNode(value);
            }
        }
        return NODES.textNode(text);
    }

    /** A whole number as it is, however large (the check refuses one a long cannot hold); else as {@link #number}. */
    private static JsonNode integer(ParamSpec spec, String text) {
        Matcher matcher = INTEGER.matcher(text);
        if (!matcher.matches()) {
            return number(spec, text);
        }
        BigInteger whole = new BigInteger(matcher.group(1));
        return whole.bitLength() < Long.SIZE ? NODES.numberNode(whole.longValue()) : NODES.numberNode(whole);
    }

    private static JsonNode bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> NODES.booleanNode(true);
            case "false", "no", "off" -> NODES.booleanNode(false);
            default -> NODES.textNode(text);
        };
    }

    /** {@code x,y,z}, each a number as {@link #number} reads it; the check counts them. */
    private static JsonNode vector(ParamSpec spec, String text) {
        ArrayNode vector = NODES.arrayNode();
        for (String part : text.split(",", -1)) {
            vector.add(number(spec, part));
        }
        return vector;
    }

    /** A local file, which only the command line can look at: it must be there and readable. */
    private static Path file(String label, String text) {
        if (text.isBlank()) {
            throw refused("parameter '" + label + "' takes a local file's path, not nothing");
        }
        Path file = Path.of(text.strip()).toAbsolutePath();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw refused("parameter '" + label + "': cannot read the file " + file);
        }
        return file;
    }

    static ExitException refused(String message) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, message);
    }
}
