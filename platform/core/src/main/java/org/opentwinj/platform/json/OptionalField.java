package org.opentwinj.platform.json;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a message record component that senders may leave out; it is then null (or the
 * primitive's zero). Every other component is required: the transport refuses a request
 * without it with HTTP 400 naming the field. Here, beside the strict mapper, so that contract
 * modules (the session API) and the transport that enforces it share one annotation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface OptionalField {}
