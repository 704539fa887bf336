package org.opentwinj.platform.session;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a message component that senders may leave out (it is then null). Every other
 * component is required: the transport refuses a request without it with HTTP 400 naming
 * the field. The transport recognises any annotation named {@code OptionalField} (as
 * nullness checkers recognise any {@code Nullable}), so that this contract needs no
 * dependency on it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface OptionalField {}
