package org.opentwinj.services.model.diff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.opentwinj.platform.json.Json;

/**
 * A value as a comparison shows it: the value itself when its JSON text is short, else a
 * summary ("array of 1,204 items") and the start of its JSON text, so that a mesh's vertices
 * never fill the answer.
 *
 * @param value   the value, when its JSON text has at most {@link #MAX_VALUE_CHARS} characters
 * @param summary what the value is, when it is too long to show whole
 * @param preview the first {@link #PREVIEW_CHARS} characters of its JSON text and "…", when summarised
 * @param name    the name of the entity whose id the value is (a parent), when that entity is known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValueView(JsonNode value, String summary, String preview, String name) {
    /** The longest JSON text shown whole. */
    public static final int MAX_VALUE_CHARS = 160;
    /** How much of a summarised value's JSON text is shown. */
    public static final int PREVIEW_CHARS = 60;

    public static ValueView of(JsonNode node) {
        String text = Json.write(node);
        if (text.length() <= MAX_VALUE_CHARS) {
            return new ValueView(node, null, null, null);
        }
        return new ValueView(null, summary(node, text), text.substring(0, PREVIEW_CHARS) + "…", null);
    }

    /** A summary alone, for what has no JSON value (an entity's binary payload). */
    public static ValueView summarised(String summary) {
        return new ValueView(null, summary, null, null);
    }

    /** An entity id with the name of that entity (null when unknown). */
    public static ValueView ofEntity(String id, String name) {
        return new ValueView(Json.mapper().getNodeFactory().textNode(id), null, null, name);
    }

    private static String summary(JsonNode node, String text) {
        if (node.isArray()) {
            return "array of " + count(node.size()) + (node.size() == 1 ? " item" : " items");
        }
        if (node.isObject()) {
            return "object with " + count(node.size()) + (node.size() == 1 ? " field" : " fields");
        }
        if (node.isTextual()) {
            return "text of " + count(node.asText().length()) + " characters";
        }
        return count(text.length()) + " characters of JSON";
    }

    /** A count with thousands separators, as people read it: 1,204. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
