package org.opentwinj.platform.session;

import org.opentwinj.platform.json.OptionalField;

/**
 * {@code Session.New}: open a project.
 *
 * @param project the project's id
 * @param type    the session type (which services it runs); the GSS's default when left out
 */
public record NewSessionRequest(
        String project, @OptionalField String type) {}
