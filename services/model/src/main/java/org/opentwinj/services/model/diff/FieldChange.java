package org.opentwinj.services.model.diff;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One field of an entity that differs between two versions.
 *
 * @param field  {@code name}, {@code type}, {@code parent}, {@code refs}, {@code data}, or
 *               {@code properties.<key>} (nested objects with dots: {@code properties.bounds.max})
 * @param before its value in the older version; absent when the field was not there
 * @param after  its value in the newer version; absent when the field is gone
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldChange(String field, ValueView before, ValueView after) {}
