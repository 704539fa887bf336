package org.opentwinj.platform.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.opentwinj.platform.json.OptionalField;

/**
 * One typed parameter of a command, or one typed property of an entity. A value that breaks
 * the spec is refused (400) naming {@link #name()} and the rule it breaks, before any work.
 *
 * @param name         the key in a command's {@code params} or an entity's {@code properties}
 * @param title        what forms show
 * @param type         the value's type
 * @param unit         NUMBER and VECTOR3: the unit the value is in (SI symbol, e.g. {@code mm}, {@code GHz})
 * @param min          NUMBER, INTEGER, VECTOR3 (each component): inclusive lower bound; LIST: fewest items
 * @param max          as {@code min}, the inclusive upper bound; FILE: the largest size in bytes
 * @param choices      CHOICE: the allowed values, in the order forms list them
 * @param entityTypes  ENTITY: the entity types it may name (empty: any)
 * @param item         LIST: the spec of each item (its {@code name} is ignored)
 * @param accept       FILE: accepted file name extensions, lower case with the dot ({@code .step})
 * @param maxLength    TEXT: most code points
 * @param optional     the value may be left out (then {@code defaultValue}, if any, applies)
 * @param defaultValue the value forms start with and an omitted optional parameter takes
 * @param help         a sentence for forms' hints and {@code --help}
 */
public record ParamSpec(
        String name,
        String title,
        ParamType type,
        @OptionalField String unit,
        @OptionalField Double min,
        @OptionalField Double max,
        @OptionalField List<String> choices,
        @OptionalField List<String> entityTypes,
        @OptionalField ParamSpec item,
        @OptionalField List<String> accept,
        @OptionalField Integer maxLength,
        @OptionalField Boolean optional,
        @OptionalField JsonNode defaultValue,
        @OptionalField String help) {}
