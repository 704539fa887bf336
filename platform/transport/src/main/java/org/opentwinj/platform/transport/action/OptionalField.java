package org.opentwinj.platform.transport.action;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request record component that callers may leave out; it is then null (or the
 * primitive's zero). Every other component is required, and a request without it is
 * refused with HTTP 400 naming the field. An annotation of the same simple name from another
 * package counts too (the session contract, {@code org.opentwinj.platform.session}, has one).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface OptionalField {}
