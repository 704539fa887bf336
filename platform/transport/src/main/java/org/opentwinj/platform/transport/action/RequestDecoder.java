package org.opentwinj.platform.transport.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.opentwinj.platform.error.PublicException;
import org.opentwinj.platform.json.Json;
import org.opentwinj.platform.json.OptionalField;

/**
 * Turns request bytes into a validated request object, or a {@link PublicException} whose
 * message tells the caller exactly which field is wrong.
 */
final class RequestDecoder {
    private RequestDecoder() {}

    /** Parses the body; it must be one JSON object. */
    static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw new PublicException("empty body: expected a JSON object with an \"action\" field");
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (StreamConstraintsException e) {
            throw new PublicException("malformed JSON: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new PublicException(
                    "malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PublicException("unreadable body: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new PublicException("expected a JSON object with an \"action\" field");
        }
        return (ObjectNode) tree;
    }

    static String actionName(ObjectNode request) {
        JsonNode action = request.get("action");
        if (action == null || action.isNull()) {
            throw new PublicException("missing field 'action'");
        }
        if (!action.isTextual() || action.asText().isBlank()) {
            throw new PublicException("field 'action' must be a non-empty string");
        }
        return action.asText();
    }

    /** Binds the fields (all but "action") to the request type, checking required fields first. */
    static <Q> Q bind(ObjectNode request, Class<Q> type) {
        ObjectNode fields = request.deepCopy();
        fields.remove("action");
        checkRequired(fields, type, "");
        try {
            return Json.mapper().treeToValue(fields, type);
        } catch (UnrecognizedPropertyException e) {
            throw new PublicException("unknown field '" + path(e) + "'");
        } catch (MismatchedInputException e) {
            throw new PublicException("field '" + path(e) + "' " + expectation(e));
        } catch (JsonMappingException e) {
            // Constructor validation in the request record: its message is meant for the caller.
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String detail = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new PublicException(
                    e.getPath().isEmpty()
                            ? "invalid request: " + detail
                            : "field '" + path(e) + "' is invalid: " + detail);
        } catch (JsonProcessingException e) {
            throw new PublicException("invalid request: " + e.getOriginalMessage());
        }
    }

    /** Every record component not marked optional must be present, in nested records and lists of them too. */
    private static void checkRequired(JsonNode node, Class<?> type, String prefix) {
        if (!type.isRecord() || !node.isObject()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            JsonNode value = node.get(component.getName());
            String path = prefix + component.getName();
            if (value == null || value.isNull()) {
                if (!isOptional(component)) {
                    throw new PublicException("missing field '" + path + "'");
                }
                continue;
            }
            checkRequired(value, component.getType(), path + ".");
            if (value.isArray()
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments().length == 1
                    && list.getActualTypeArguments()[0] instanceof Class<?> element) {
                for (int i = 0; i < value.size(); i++) {
                    checkRequired(value.get(i), element, path + "[" + i + "].");
                }
            }
        }
    }

    /** Marked {@link OptionalField}: senders may leave it out. */
    static boolean isOptional(RecordComponent component) {
        return component.isAnnotationPresent(OptionalField.class);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String expectation(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (e instanceof InvalidFormatException format && target != null && target.isEnum()) {
            return "has an invalid value " + format.getValue();
        }
        if (target == null) {
            return "has the wrong type";
        }
        String expected;
        if (target == String.class || target.isEnum()) {
            expected = "a string";
        } else if (target == int.class
                || target == Integer.class
                || target == long.class
                || target == Long.class
                || target == short.class
                || target == Short.class) {
            expected = "a whole number";
        } else if (Number.class.isAssignableFrom(target) || target == double.class || target == float.class) {
            expected = "a number";
        } else if (target == boolean.class || target == Boolean.class) {
            expected = "true or false";
        } else if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            expected = "an array";
        } else if (Map.class.isAssignableFrom(target) || target.isRecord()) {
            expected = "an object";
        } else {
            expected = "a " + target.getSimpleName();
        }
        return "must be " + expected;
    }
}
