package org.opentwinj.cli.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentwinj.platform.exit.ExitCode;
import org.opentwinj.platform.exit.ExitException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.session.CommandSpec;
import org.opentwinj.platform.session.ParamSpec;
import org.opentwinj.platform.session.ParamType;

/**
 * Turns {@code --set name=value} arguments into a command's {@code params}, by the types its
 * {@link CommandSpec} declares, and refuses a bad value (exit 2, naming the parameter and the
 * rule) before anything is sent. Two steps, so that every local check runs before any call:
 * {@link #parse} checks the values (I/O-free but for looking at the files named), then
 * {@link #resolve} turns entity names into ids and files into uploads.
 */
public final class ParamValues {
    /** A number as people type it, then what follows it (a unit, or garbage). */
    private static final Pattern NUMBER =
            Pattern.compile("\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(.*?)\\s*");

    private static final Pattern INTEGER = Pattern.compile("\\s*([-+]?\\d+)\\s*");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ParamValues() {}

    /** Finds an entity's id from what the user typed (its id or its name). */
    @FunctionalInterface
    public interface EntityFinder {
        /**
         * @param parameter the parameter, for messages
         * @param reference the id or name the user gave
         * @param types     the entity types the parameter accepts (empty: any)
         * @return the entity's id
         * @throws ExitException (exit 2) when no entity, or several, or one of another type match
         */
        String idOf(String parameter, String reference, List<String> types);
    }

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
     * Checks the given values against the command's parameters and builds its params: a
     * required parameter left out takes its default or is refused; an optional one left out is
     * left out (the service applies its default). ENTITY values stay as typed and FILE values
     * are local paths until {@link #resolve}.
     *
     * @param sets the {@code name=value} arguments in the order given; a LIST parameter may be
     *             given several times, each value may hold several items separated by {@code ;}
     * @throws ExitException exit 2 with a message that names the parameter and its rule
     */
    public static ObjectNode parse(CommandSpec command, List<String> sets) {
        Map<String, ParamSpec> specs = new LinkedHashMap<>();
        command.params().forEach(param -> specs.put(param.name(), param));
        Map<String, List<String>> given = new LinkedHashMap<>();
        for (String set : sets) {
            int equals = set.indexOf('=');
            if (equals <= 0) {
                throw refused("--set " + set + ": write it as NAME=VALUE");
            }
            String name = set.substring(0, equals).strip();
            ParamSpec spec = specs.get(name);
            if (spec == null) {
                throw refused("command " + command.name() + " has no parameter '" + name + "'; its parameters: "
                        + (specs.isEmpty() ? "none" : String.join(", ", specs.keySet())));
            }
            List<String> values = given.computeIfAbsent(name, key -> new ArrayList<>());
            if (!values.isEmpty() && spec.type() != ParamType.LIST) {
                throw refused("parameter '" + name + "' is given twice; only a LIST parameter may be repeated");
            }
            values.add(set.substring(equals + 1));
        }
        ObjectNode params = Json.object();
        List<String> missing = new ArrayList<>();
        for (ParamSpec spec : command.params()) {
            List<String> values = given.get(spec.name());
            if (values != null) {
                params.set(
                        spec.name(),
                        spec.type() == ParamType.LIST
                                ? list(spec, values)
                                : value(spec, spec.name(), values.getFirst()));
            } else if (!Boolean.TRUE.equals(spec.optional())) {
                if (spec.defaultValue() != null && !spec.defaultValue().isNull()) {
                    params.set(spec.name(), spec.defaultValue());
                } else {
                    missing.add(spec.name() + " (" + ParamRules.typeOf(spec) + ")");
                }
            }
        }
        if (!missing.isEmpty()) {
            throw refused("command " + command.name() + " needs " + String.join(", ", missing)
                    + ": give each with --set NAME=VALUE");
        }
        return params;
    }

    /** Whether the params name entities (so the model's entities must be looked up). */
    public static boolean namesEntities(CommandSpec command, JsonNode params) {
        return command.params().stream().anyMatch(spec -> params.has(spec.name()) && isOrHolds(spec, ParamType.ENTITY));
    }

    /** Whether the params name files (to be uploaded). */
    public static boolean namesFiles(CommandSpec command, JsonNode params) {
        return command.params().stream().anyMatch(spec -> params.has(spec.name()) && isOrHolds(spec, ParamType.FILE));
    }

    /**
     * The params as the service takes them: entity names replaced by ids (all of them first),
     * then files uploaded.
     */
    public static ObjectNode resolve(CommandSpec command, ObjectNode parsed, EntityFinder entities, FileStager files) {
        ObjectNode withIds = parsed.deepCopy();
        for (ParamSpec spec : command.params()) {
            if (withIds.has(spec.name()) && isOrHolds(spec, ParamType.ENTITY)) {
                withIds.set(
                        spec.name(),
                        map(
                                spec,
                                spec.name(),
                                withIds.get(spec.name()),
                                ParamType.ENTITY,
                                (s, label, node) -> NODES.textNode(entities.idOf(label, node.asText(), types(s)))));
            }
        }
        for (ParamSpec spec : command.params()) {
            if (withIds.has(spec.name()) && isOrHolds(spec, ParamType.FILE)) {
                withIds.set(
                        spec.name(),
                        map(
                                spec,
                                spec.name(),
                                withIds.get(spec.name()),
                                ParamType.FILE,
                                (s, label, node) -> files.stage(Path.of(node.asText()))));
            }
        }
        return withIds;
    }

    private interface Replacement {
        JsonNode apply(ParamSpec spec, String label, JsonNode value);
    }

    private static JsonNode map(ParamSpec spec, String label, JsonNode value, ParamType type, Replacement replacement) {
        if (spec.type() == ParamType.LIST && spec.item() != null) {
            ArrayNode items = NODES.arrayNode();
            for (int i = 0; i < value.size(); i++) {
                items.add(map(spec.item(), label + "[" + (i + 1) + "]", value.get(i), type, replacement));
            }
            return items;
        }
        return spec.type() == type ? replacement.apply(spec, label, value) : value;
    }

    private static boolean isOrHolds(ParamSpec spec, ParamType type) {
        return spec.type() == type
                || (spec.type() == ParamType.LIST && spec.item() != null && isOrHolds(spec.item(), type));
    }

    private static List<String> types(ParamSpec spec) {
        return spec.entityTypes() == null ? List.of() : spec.entityTypes();
    }

    private static JsonNode list(ParamSpec spec, List<String> values) {
        if (spec.item() == null) {
            throw new ExitException(
                    ExitCode.PEER_UNREACHABLE,
                    "parameter '" + spec.name() + "' is a LIST without an item type: the service declared it wrongly");
        }
        ArrayNode items = NODES.arrayNode();
        for (String value : values) {
            for (String item : value.split(";", -1)) {
                if (item.isBlank() && value.contains(";")) {
                    continue; // "a;b;" and "a;;b": the separators were typed, not an empty item
                }
                items.add(value(spec.item(), spec.name() + "[" + (items.size() + 1) + "]", item));
            }
        }
        if (spec.min() != null && items.size() < spec.min() || spec.max() != null && items.size() > spec.max()) {
            throw refused("parameter '" + spec.name() + "' has " + items.size() + " item(s); it takes "
                    + ParamRules.range(spec.min(), spec.max(), "") + " (items separated by ; or --set given again)");
        }
        return items;
    }

    /** One value of a parameter (or of a LIST's item, then {@code label} is {@code name[i]}). */
    private static JsonNode value(ParamSpec spec, String label, String text) {
        return switch (spec.type()) {
            case NUMBER -> NODES.numberNode(checked(spec, label, number(spec, label, text)));
            case INTEGER -> NODES.numberNode(integer(spec, label, text));
            case BOOLEAN -> NODES.booleanNode(bool(label, text));
            case CHOICE -> NODES.textNode(choice(spec, label, text));
            case TEXT -> NODES.textNode(text(spec, label, text));
            case VECTOR3 -> vector(spec, label, text);
            case ENTITY -> NODES.textNode(nonEmpty(label, text, "an entity's name or id"));
            case FILE -> NODES.textNode(file(spec, label, text).toString());
            case LIST ->
                throw refused("parameter '" + label + "' is a list of lists, which the command line cannot give");
        };
    }

    private static double number(ParamSpec spec, String label, String text) {
        Matcher matcher = NUMBER.matcher(text);
        if (!matcher.matches()) {
            throw refused("parameter '" + label + "' takes a number" + inUnit(spec) + ", not '" + text + "'");
        }
        String unit = matcher.group(2);
        if (!unit.isEmpty() && !unit.equals(spec.unit())) {
            throw refused(
                    spec.unit() == null
                            ? "parameter '" + label + "' is a plain number without a unit, not '" + text + "'"
                            : "parameter '" + label + "' is in " + spec.unit() + ", not " + unit
                                    + ": give the value in " + spec.unit());
        }
        double value = Double.parseDouble(matcher.group(1));
        if (!Double.isFinite(value)) {
            throw refused("parameter '" + label + "' is too large: '" + text + "'");
        }
        return value;
    }

    private static double checked(ParamSpec spec, String label, double value) {
        if (spec.min() != null && value < spec.min() || spec.max() != null && value > spec.max()) {
            throw refused(
                    "parameter '" + label + "' must be " + ParamRules.range(spec.min(), spec.max(), unitSuffix(spec))
                            + ", not " + ParamRules.number(value) + unitSuffix(spec));
        }
        return value;
    }

    private static long integer(ParamSpec spec, String label, String text) {
        Matcher matcher = INTEGER.matcher(text);
        long value;
        try {
            if (!matcher.matches()) {
                throw new NumberFormatException(text);
            }
            value = Long.parseLong(matcher.group(1));
        } catch (NumberFormatException e) {
            throw refused("parameter '" + label + "' takes a whole number, not '" + text + "'");
        }
        checked(spec, label, value);
        return value;
    }

    private static boolean bool(String label, String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw refused("parameter '" + label + "' takes true or false, not '" + text + "'");
        };
    }

    private static String choice(ParamSpec spec, String label, String text) {
        List<String> choices = spec.choices() == null ? List.of() : spec.choices();
        if (!choices.contains(text)) {
            throw refused(
                    "parameter '" + label + "' takes one of " + String.join(", ", choices) + ", not '" + text + "'");
        }
        return text;
    }

    private static String text(ParamSpec spec, String label, String text) {
        int length = text.codePointCount(0, text.length());
        if (spec.maxLength() != null && length > spec.maxLength()) {
            throw refused("parameter '" + label + "' takes at most " + spec.maxLength() + " characters, not " + length);
        }
        return text;
    }

    private static JsonNode vector(ParamSpec spec, String label, String text) {
        String[] parts = text.split(",", -1);
        if (parts.length != 3) {
            throw refused(
                    "parameter '" + label + "' takes three numbers x,y,z" + inUnit(spec) + ", not '" + text + "'");
        }
        ArrayNode vector = NODES.arrayNode();
        for (String part : parts) {
            vector.add(checked(spec, label, number(spec, label, part)));
        }
        return vector;
    }

    private static String nonEmpty(String label, String text, String what) {
        if (text.isBlank()) {
            throw refused("parameter '" + label + "' takes " + what + ", not nothing");
        }
        return text.strip();
    }

    private static Path file(ParamSpec spec, String label, String text) {
        Path file = Path.of(nonEmpty(label, text, "a file's path")).toAbsolutePath();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw refused("parameter '" + label + "': cannot read the file " + file);
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (spec.accept() != null
                && !spec.accept().isEmpty()
                && spec.accept().stream().noneMatch(extension -> name.endsWith(extension.toLowerCase(Locale.ROOT)))) {
            throw refused("parameter '" + label + "' takes a file ending in " + String.join(", ", spec.accept())
                    + ", not " + file.getFileName());
        }
        try {
            long size = Files.size(file);
            if (spec.max() != null && size > spec.max()) {
                throw refused("parameter '" + label + "' takes files of at most " + ParamRules.number(spec.max())
                        + " bytes; " + file.getFileName() + " has " + size);
            }
        } catch (IOException e) {
            throw new ExitException(
                    ExitCode.INVALID_CONFIGURATION,
                    "parameter '" + label + "': cannot read the file " + file + ": " + e.getMessage(),
                    e);
        }
        return file;
    }

    private static String inUnit(ParamSpec spec) {
        return spec.unit() == null ? "" : " in " + spec.unit();
    }

    private static String unitSuffix(ParamSpec spec) {
        return spec.unit() == null ? "" : " " + spec.unit();
    }

    static ExitException refused(String message) {
        return new ExitException(ExitCode.INVALID_CONFIGURATION, message);
    }
}
