package org.opentwinj.platform.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.opentwinj.platform.error.PublicException;

/**
 * The one check of values against their {@link ParamSpec}s: a command's {@code params}
 * ({@code Command.Run}) and an entity's typed {@code properties} ({@code Model.Save},
 * {@code Model.SetProperties}) are checked here and nowhere else, so a compute service, the
 * Model and the clients' messages agree on every rule. Pure: no I/O but the
 * {@link EntityLookup} it is given.
 */
public final class ParamCheck {
    /** How much of a refused value a message quotes (a long text or list is cut). */
    private static final int QUOTED_VALUE_MAX = 60;

    private ParamCheck() {}

    /**
     * Checks {@code values} against {@code specs}.
     *
     * @param specs  the parameters, as a command or an entity declares them
     * @param values the values given, by name (null is taken as none)
     * @param lookup how ENTITY values are found in the model
     * @return the values in the order of {@code specs}, with the defaults of omitted optional
     *     parameters applied (an omitted optional parameter without a default stays absent),
     *     whole numbers of INTEGER parameters as integers; unmodifiable
     * @throws PublicException (400) naming the parameter and the rule it breaks: a required
     *     parameter left out, a null value, a name no spec has, or a value its spec refuses
     * @throws IllegalArgumentException when {@code specs} itself is invalid (see {@link #validateSpecs})
     */
    public static Map<String, JsonNode> check(
            List<ParamSpec> specs, Map<String, JsonNode> values, EntityLookup lookup) {
        validateSpecs(specs);
        Map<String, JsonNode> given = values == null ? Map.of() : values;
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        for (String name : given.keySet()) {
            if (!byName.containsKey(name)) {
                throw new PublicException("unknown parameter " + quote(name) + "; the parameters are "
                        + String.join(", ", byName.keySet()));
            }
        }
        Map<String, JsonNode> checked = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            JsonNode value = given.get(spec.name());
            if (value == null && !given.containsKey(spec.name())) {
                if (!isOptional(spec)) {
                    throw new PublicException("parameter " + quote(spec.name()) + " is required");
                }
                if (spec.defaultValue() != null && !spec.defaultValue().isNull()) {
                    checked.put(spec.name(), spec.defaultValue().deepCopy());
                }
                continue;
            }
            checked.put(spec.name(), checkValue(spec.name(), spec, value, lookup));
        }
        return Collections.unmodifiableMap(checked);
    }

    /**
     * Checks only the values given (an edit of some properties), each against its spec; nothing
     * is required and no default is applied.
     *
     * @return the given values, checked and normalised as {@link #check} does; unmodifiable
     * @throws PublicException (400) as {@link #check} does
     * @throws IllegalArgumentException when {@code specs} itself is invalid
     */
    public static Map<String, JsonNode> checkSome(
            List<ParamSpec> specs, Map<String, JsonNode> values, EntityLookup lookup) {
        validateSpecs(specs);
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        specs.forEach(spec -> byName.put(spec.name(), spec));
        Map<String, JsonNode> checked = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : values.entrySet()) {
            ParamSpec spec = byName.get(entry.getKey());
            if (spec == null) {
                throw new PublicException("unknown parameter " + quote(entry.getKey()) + "; the parameters are "
                        + String.join(", ", byName.keySet()));
            }
            checked.put(entry.getKey(), checkValue(entry.getKey(), spec, entry.getValue(), lookup));
        }
        return Collections.unmodifiableMap(checked);
    }

    /**
     * Refuses a spec list that no value could be checked against: a spec without name or type,
     * duplicate names, CHOICE without choices (or with duplicates), LIST without item, a bound
     * that is not a finite number, min greater than max, a negative maxLength, a FILE accept
     * entry that is not a lower-case extension, or a default value its own spec refuses.
     *
     * @throws IllegalArgumentException naming the spec and what is wrong with it
     */
    public static void validateSpecs(List<ParamSpec> specs) {
        if (specs == null) {
            throw new IllegalArgumentException("the parameter specs are missing");
        }
        Set<String> names = new HashSet<>();
        for (ParamSpec spec : specs) {
            if (spec == null) {
                throw new IllegalArgumentException("a parameter spec is null");
            }
            if (spec.name() == null || spec.name().isBlank()) {
                throw new IllegalArgumentException("a parameter spec has no name");
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("two parameter specs are named " + quote(spec.name()));
            }
            validateSpec(spec.name(), spec);
        }
    }

    private static void validateSpec(String name, ParamSpec spec) {
        String where = "parameter spec " + quote(name);
        if (spec.type() == null) {
            throw new IllegalArgumentException(where + " has no type");
        }
        for (Double bound : new Double[] {spec.min(), spec.max()}) {
            if (bound != null && !Double.isFinite(bound)) {
                throw new IllegalArgumentException(where + " has a bound that is not a finite number: " + bound);
            }
        }
        if (spec.min() != null && spec.max() != null && spec.min() > spec.max()) {
            throw new IllegalArgumentException(
                    where + " has min " + format(spec.min()) + " > max " + format(spec.max()));
        }
        if (spec.type() == ParamType.LIST && spec.min() != null && spec.min() < 0) {
            throw new IllegalArgumentException(where + " is a LIST with a negative min");
        }
        if (spec.type() == ParamType.FILE && spec.max() != null && spec.max() < 0) {
            throw new IllegalArgumentException(where + " is a FILE with a negative max size");
        }
        if (spec.maxLength() != null && spec.maxLength() < 0) {
            throw new IllegalArgumentException(where + " has a negative maxLength");
        }
        switch (spec.type()) {
            case CHOICE -> {
                if (spec.choices() == null || spec.choices().isEmpty()) {
                    throw new IllegalArgumentException(where + " is a CHOICE without choices");
                }
                if (new HashSet<>(spec.choices()).size() != spec.choices().size()
                        || spec.choices().stream().anyMatch(Objects::isNull)) {
                    throw new IllegalArgumentException(where + " has a null or repeated choice");
                }
            }
            case LIST -> {
                if (spec.item() == null) {
                    throw new IllegalArgumentException(where + " is a LIST without item");
                }
                validateSpec(name + "[]", spec.item());
            }
            case FILE -> {
                if (spec.accept() != null) {
                    for (String extension : spec.accept()) {
                        if (extension == null
                                || !extension.startsWith(".")
                                || extension.length() < 2
                                || !extension.equals(extension.toLowerCase(Locale.ROOT))) {
                            throw new IllegalArgumentException(where + " accepts " + quote(String.valueOf(extension))
                                    + ", not a lower-case extension with its dot");
                        }
                    }
                }
            }
            default -> {}
        }
        // A default the spec itself refuses would only fail later, at a user who left the value out.
        // ENTITY and FILE defaults name things of one model or upload, so only their shape is checked then.
        JsonNode defaultValue = spec.defaultValue();
        if (defaultValue != null && !defaultValue.isNull() && !refersOutside(spec)) {
            try {
                checkValue(name, spec, defaultValue, EntityLookup.none());
            } catch (PublicException e) {
                throw new IllegalArgumentException(where + " has a default it refuses: " + e.getMessage());
            }
        }
    }

    private static boolean refersOutside(ParamSpec spec) {
        return switch (spec.type()) {
            case ENTITY, FILE -> true;
            case LIST -> refersOutside(spec.item());
            default -> false;
        };
    }

    private static boolean isOptional(ParamSpec spec) {
        return Boolean.TRUE.equals(spec.optional());
    }

    private static JsonNode checkValue(String name, ParamSpec spec, JsonNode value, EntityLookup lookup) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            throw new PublicException("parameter " + quote(name) + " must not be null");
        }
        return switch (spec.type()) {
            case NUMBER -> checkNumber(name, spec, value);
            case INTEGER -> checkInteger(name, spec, value);
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw refused(name, "must be true or false", value);
                }
                yield value;
            }
            case CHOICE -> {
                if (!value.isTextual() || !spec.choices().contains(value.textValue())) {
                    throw refused(name, "must be one of " + String.join(", ", spec.choices()), value);
                }
                yield value;
            }
            case TEXT -> checkText(name, spec, value);
            case VECTOR3 -> checkVector(name, spec, value);
            case ENTITY -> checkEntity(name, spec, value, lookup);
            case FILE -> checkFile(name, spec, value);
            case LIST -> checkList(name, spec, value, lookup);
        };
    }

    private static JsonNode checkNumber(String name, ParamSpec spec, JsonNode value) {
        String rule = "must be a number" + range(spec, "") + unit(spec);
        if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || !withinBounds(spec, value.doubleValue())) {
            throw refused(name, rule, value);
        }
        return value;
    }

    private static JsonNode checkInteger(String name, ParamSpec spec, JsonNode value) {
        String rule = "must be an integer" + range(spec, "");
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
            throw refused(name, rule, value);
        }
        long whole = value.asLong();
        if (!withinBounds(spec, whole)) {
            throw refused(name, rule, value);
        }
        return value.isIntegralNumber() ? value : LongNode.valueOf(whole);
    }

    private static JsonNode checkText(String name, ParamSpec spec, JsonNode value) {
        if (!value.isTextual()) {
            throw refused(name, "must be text", value);
        }
        String text = value.textValue();
        int length = text.codePointCount(0, text.length());
        if (spec.maxLength() != null && length > spec.maxLength()) {
            throw new PublicException("parameter " + quote(name) + " must be text of at most " + spec.maxLength()
                    + " characters; got " + length);
        }
        return value;
    }

    private static JsonNode checkVector(String name, ParamSpec spec, JsonNode value) {
        String rule = "must be 3 numbers" + (spec.min() == null && spec.max() == null ? "" : ", each") + range(spec, "")
                + unit(spec);
        if (!value.isArray() || value.size() != 3) {
            throw refused(name, rule, value);
        }
        for (JsonNode component : value) {
            if (!component.isNumber()
                    || !Double.isFinite(component.doubleValue())
                    || !withinBounds(spec, component.doubleValue())) {
                throw refused(name, rule, value);
            }
        }
        return value;
    }

    private static JsonNode checkEntity(String name, ParamSpec spec, JsonNode value, EntityLookup lookup) {
        List<String> types = spec.entityTypes() == null ? List.of() : spec.entityTypes();
        String kind = types.isEmpty() ? "an entity" : "an entity of type " + String.join(" or ", types);
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw refused(name, "must be the id of " + kind, value);
        }
        String id = value.textValue();
        Optional<String> type = lookup.typeOf(id);
        if (type.isEmpty()) {
            throw new PublicException(
                    "parameter " + quote(name) + " must name " + kind + "; the model has no entity " + quote(id));
        }
        if (!types.isEmpty() && !types.contains(type.get())) {
            throw new PublicException(
                    "parameter " + quote(name) + " must name " + kind + "; " + quote(id) + " is a " + type.get());
        }
        return value;
    }

    private static JsonNode checkFile(String name, ParamSpec spec, JsonNode value) {
        String shape = "must be an uploaded file {upload, name, size}";
        if (!value.isObject()
                || !value.path("upload").isTextual()
                || value.path("upload").textValue().isBlank()
                || !value.path("name").isTextual()
                || value.path("name").textValue().isBlank()
                || !value.path("size").canConvertToExactIntegral()
                || value.path("size").asLong() < 0
                || value.size() != 3) {
            throw refused(name, shape, value);
        }
        long size = value.path("size").asLong();
        if (spec.max() != null && size > spec.max()) {
            throw new PublicException("parameter " + quote(name) + " must be a file of at most " + format(spec.max())
                    + " bytes; got " + size);
        }
        List<String> accept = spec.accept() == null ? List.of() : spec.accept();
        String fileName = value.path("name").textValue().toLowerCase(Locale.ROOT);
        if (!accept.isEmpty() && accept.stream().noneMatch(fileName::endsWith)) {
            throw new PublicException("parameter " + quote(name) + " must be a " + String.join(" or ", accept)
                    + " file; got " + quote(value.path("name").textValue()));
        }
        return value;
    }

    private static JsonNode checkList(String name, ParamSpec spec, JsonNode value, EntityLookup lookup) {
        String rule = "must be a list" + range(spec, " items");
        if (!value.isArray()) {
            throw refused(name, rule, value);
        }
        if (!withinBounds(spec, value.size())) {
            throw new PublicException("parameter " + quote(name) + " " + rule + "; got " + value.size() + " items");
        }
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            items.add(checkValue(name + "[" + i + "]", spec.item(), value.get(i), lookup));
        }
        ArrayNode checked = JsonNodeFactory.instance.arrayNode();
        checked.addAll(items);
        return checked;
    }

    private static boolean withinBounds(ParamSpec spec, double value) {
        return (spec.min() == null || value >= spec.min()) && (spec.max() == null || value <= spec.max());
    }

    /** " from 2 to 100000", " of at least 2", " of at most 5" or nothing, then the noun (" items"). */
    private static String range(ParamSpec spec, String noun) {
        if (spec.min() != null && spec.max() != null) {
            return " from " + format(spec.min()) + " to " + format(spec.max()) + noun;
        }
        if (spec.min() != null) {
            return " of at least " + format(spec.min()) + noun;
        }
        if (spec.max() != null) {
            return " of at most " + format(spec.max()) + noun;
        }
        return "";
    }

    private static String unit(ParamSpec spec) {
        return spec.unit() == null || spec.unit().isBlank() ? "" : " (" + spec.unit() + ")";
    }

    private static PublicException refused(String name, String rule, JsonNode value) {
        return new PublicException("parameter " + quote(name) + " " + rule + "; got " + shown(value));
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() <= QUOTED_VALUE_MAX ? text : text.substring(0, QUOTED_VALUE_MAX) + "...";
    }

    private static String format(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15
                ? Long.toString((long) number)
                : Double.toString(number);
    }

    private static String quote(String text) {
        return "'" + text + "'";
    }
}
